import { describe, expect, it } from 'vitest';
import { figures } from './cache';
import { openDatabase } from './db';
import { setHandLink } from './hand-links';
import { importFile } from './imports/pipeline';
import { keptVersionOf } from './kept';

// The one cache: a value is worked out once per key and kept version; every commit that changes
// a figure (an import, a setting, a hand link) bumps the version, and the next request works the
// value out again. Nothing else empties it and nothing can be served stale.

describe('the one cache', () => {
	it('serves a value until a commit changes a figure, then works it out again', async () => {
		const db = openDatabase(':memory:');
		let computed = 0;
		const ask = () => figures(db, 'page', () => ++computed);
		expect(await ask()).toBe(1);
		expect(await ask()).toBe(1);
		const before = keptVersionOf(db);
		importFile(db, {
			fileName: 'departments.csv',
			bytes: new TextEncoder().encode('Code,Name,Aliases\r\nANSC,Animal Science,\r\n'),
			kind: 'departments',
			uploadedBy: 'test'
		});
		expect(keptVersionOf(db)).toBeGreaterThan(before);
		expect(await ask()).toBe(2);
		// a hand link is a change to the figures too
		setHandLink(db, { nodename: 'A@S', deviceUid: '1', linked: true }, 'test');
		expect(await ask()).toBe(3);
		expect(await ask()).toBe(3);
		db.$client.close();
	});

	it('works a value out once for requests that ask at the same time, and keeps no failure', async () => {
		const db = openDatabase(':memory:');
		let computed = 0;
		const slow = () =>
			figures(db, 'slow', async () => {
				computed += 1;
				await new Promise((resolve) => setTimeout(resolve, 20));
				return computed;
			});
		expect(await Promise.all([slow(), slow(), slow()])).toEqual([1, 1, 1]);
		let attempts = 0;
		const failing = () =>
			figures(db, 'failing', () => {
				attempts += 1;
				throw new Error(`attempt ${attempts}`);
			});
		await expect(failing()).rejects.toThrow('attempt 1');
		await expect(failing()).rejects.toThrow('attempt 2');
		db.$client.close();
	});

	it('keeps values apart by key', async () => {
		const db = openDatabase(':memory:');
		expect(await figures(db, 'a', () => 'A')).toBe('A');
		expect(await figures(db, 'b', () => 'B')).toBe('B');
		expect(await figures(db, 'a', () => 'not asked again')).toBe('A');
		db.$client.close();
	});
});
