import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cached, dataVersion, heldBriefly, scopeKey } from './cache';
import { openDatabase, type Db } from './db';

let dir: string;
let db: Db;
let other: Db; // a second connection, as `npm run import` in another process
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'cache-spec-'));
	db = openDatabase(join(dir, 'db.sqlite'));
	other = openDatabase(join(dir, 'db.sqlite'));
});
afterEach(() => {
	db.$client.close();
	other.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const addImport = (on: Db, status = 'imported') =>
	Number(
		on.$client
			.prepare(
				`INSERT INTO imports (kind, file_name, sha256, uploaded_by, uploaded_at, status)
				VALUES ('inventory', 'inventory.csv', 'x', 'test', '2020-11-30T00:00:00Z', ?)`
			)
			.run(status).lastInsertRowid
	);

/** Counts how often the value is computed. */
function counter(on: Db, key = 'page') {
	let computed = 0;
	return {
		get: () => cached(on, key, () => ++computed),
		get computed() {
			return computed;
		}
	};
}

describe('cached', () => {
	it('computes once while the data stays the same', () => {
		const c = counter(db);
		expect([c.get(), c.get(), c.get()]).toEqual([1, 1, 1]);
		expect(c.computed).toBe(1);
	});

	it('keeps one value per key', () => {
		expect(cached(db, 'a', () => 'A')).toBe('A');
		expect(cached(db, 'b', () => 'B')).toBe('B');
		expect(cached(db, 'a', () => 'not again')).toBe('A');
	});

	it('computes again after an import on the same connection', () => {
		const c = counter(db);
		c.get();
		addImport(db);
		expect(c.get()).toBe(2);
	});

	it('computes again after an import committed by another connection', () => {
		const c = counter(db);
		c.get();
		addImport(other);
		expect(c.get()).toBe(2);
	});

	it('computes again after an undo, a setting and a hand link', () => {
		const id = addImport(db);
		const c = counter(db);
		c.get();
		db.$client
			.prepare(
				`UPDATE imports SET status = 'undone', undone_at = '2020-12-01T00:00:00Z' WHERE id = ?`
			)
			.run(id);
		expect(c.get()).toBe(2);
		db.$client
			.prepare(
				`INSERT INTO settings (key, value, updated_by) VALUES ('healthThresholds', '{}', 't')`
			)
			.run();
		expect(c.get()).toBe(3);
		db.$client.prepare(`UPDATE settings SET value = '{"warningDays":2}'`).run();
		expect(c.get()).toBe(4);
		db.$client
			.prepare(
				`INSERT INTO hand_links (nodename, device_uid, linked, created_by, created_at)
				VALUES ('PC1@ADSM4', '1', 1, 't', '2020-12-01')`
			)
			.run();
		expect(c.get()).toBe(5);
		db.$client.prepare(`UPDATE hand_links SET linked = 0`).run();
		expect(c.get()).toBe(6);
		expect(c.get()).toBe(6);
	});

	it('has a version that does not move on reads', () => {
		const before = dataVersion(db);
		db.$client.prepare('SELECT count(*) FROM charges').get();
		expect(dataVersion(db)).toBe(before);
	});
});

describe('scopeKey', () => {
	it('is the same for the same departments in any order, and * for all', () => {
		expect(scopeKey(['NS', 'AEM'])).toBe('AEM,NS');
		expect(scopeKey(['AEM', 'NS'])).toBe('AEM,NS');
		expect(scopeKey(null)).toBe('*');
	});
});

describe('heldBriefly', () => {
	it('shares one value between calls until the data or the key changes', () => {
		let loads = 0;
		const load = () => ++loads;
		expect([heldBriefly(db, 'state:a', load), heldBriefly(db, 'state:a', load)]).toEqual([1, 1]);
		// another key lets the first one go
		expect(heldBriefly(db, 'state:b', load)).toBe(2);
		expect(heldBriefly(db, 'state:a', load)).toBe(3);
		addImport(other);
		expect(heldBriefly(db, 'state:a', load)).toBe(4);
	});
});
