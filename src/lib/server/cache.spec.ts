import { describe, expect, it } from 'vitest';
import { figures, inChunks, type Chunk } from './cache';
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

describe('a long list worked through in chunks', () => {
	it('meets every item once, in order, a chunk at a time, letting other work run between', async () => {
		const items = [2, 3, 5, 7, 11, 13, 17];
		// the key of the chunk's last item after `after`, as the queries find it (LIMIT 1 OFFSET 2)
		const lastOf = (after: number | null) =>
			items.filter((n) => after === null || n > after)[2] ?? null;
		const chunks: Chunk<number>[] = [];
		const met: number[][] = [];
		let between = 0;
		let running = true;
		const other = () => {
			between += 1;
			if (running) setImmediate(other);
		};
		setImmediate(other);
		const ticks: number[] = [];
		await inChunks(lastOf, (chunk) => {
			chunks.push(chunk);
			ticks.push(between);
			met.push(
				items.filter(
					(n) =>
						(chunk.after === null || n > chunk.after) && (chunk.upTo === null || n <= chunk.upTo)
				)
			);
		});
		running = false;
		expect(chunks).toEqual([
			{ after: null, upTo: 5 },
			{ after: 5, upTo: 13 },
			{ after: 13, upTo: null }
		]);
		expect(met).toEqual([[2, 3, 5], [7, 11, 13], [17]]);
		// other work ran before each chunk after the first
		expect(new Set(ticks).size).toBe(3);
	});
});
