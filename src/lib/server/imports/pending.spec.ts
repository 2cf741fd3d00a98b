// A file's rows are written as they are read, under a pending import: on a real SQLite file, no
// reader sees them before the import commits, a refusal or an abort takes them back, and what an
// interrupted import left is cleared at the next start or import.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db';
import { dataDigest, leftOverRows } from '../db/digest';
import { loadManaged, loadState } from '../figures/reference';
import { listImports } from './history';
import { clearAbandoned, letGo } from './pending';
import { importFile, ImportSession } from './pipeline';

let dir: string;
let path: string;
let db: Db;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pending-spec-'));
	path = join(dir, 'test.db');
	db = openDatabase(path);
});

afterEach(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

/** An inventory of `rows` computers: more rows than one batch of writes. */
function inventory(rows: number, tag: string, twiceAt?: number): Uint8Array {
	const lines = ['Computer Name,Department,OS,Last Seen'];
	for (let i = 0; i < rows; i++) lines.push(`${tag}-PC${i},ANSC,Windows 10,2020-11-30`);
	if (twiceAt !== undefined) lines.push(`${tag}-PC${twiceAt},ANSC,Windows 10,2020-11-30`);
	return new TextEncoder().encode(lines.join('\n') + '\n');
}

const rawRows = () =>
	db.$client.prepare('SELECT count(*) FROM managed_computers').pluck().get() as number;
const importRows = () =>
	db.$client.prepare('SELECT id, status, owner FROM imports ORDER BY id').all() as {
		id: number;
		status: string;
		owner: string | null;
	}[];
const session = (fileName: string) => new ImportSession(db, { fileName, uploadedBy: 'spec' });

describe('rows of a pending import', () => {
	it('are seen by no reader until the import commits', () => {
		importFile(db, { fileName: 'first.csv', bytes: inventory(3, 'OLD'), uploadedBy: 'spec' });
		const digest = dataDigest(db.$client);
		const state = loadState(db);
		const kept = db.$client.prepare('SELECT short_name FROM managed').pluck().all();
		const history = listImports(db);

		const writing = session('big.csv');
		writing.push(inventory(12_000, 'NEW'));
		// written, a batch at a time, under a pending import
		expect(rawRows()).toBeGreaterThanOrEqual(10_000);
		expect(importRows().map((r) => r.status)).toEqual(['imported', 'pending']);
		expect(dataDigest(db.$client)).toBe(digest);
		expect(loadState(db)).toEqual(state);
		expect(db.$client.prepare('SELECT short_name FROM managed').pluck().all()).toEqual(kept);
		expect(listImports(db)).toEqual(history);
		// every row but the first list's three is left over, should the process die now
		expect(leftOverRows(db.$client)).toBe(rawRows() - 3);

		const outcome = writing.finish();
		expect(outcome).toMatchObject({ status: 'imported', rows: 12_000, inserted: 12_000 });
		expect(loadManaged(db)).toHaveLength(12_000);
		expect(importRows()).toEqual([
			expect.objectContaining({ status: 'imported' }),
			{ id: outcome.importId, status: 'imported', owner: null }
		]);
		expect(leftOverRows(db.$client)).toBe(0);
	});

	it('go when the file is refused at its end, and the refusal stays in the history', () => {
		const digest = dataDigest(db.$client);
		const outcome = importFile(db, {
			fileName: 'twice.csv',
			bytes: inventory(12_000, 'X', 11_000),
			uploadedBy: 'spec'
		});
		expect(outcome).toMatchObject({ status: 'refused', errorCount: 1 });
		expect(outcome.errors[0].line).toBe(12_002);
		expect(rawRows()).toBe(0);
		expect(importRows()).toEqual([{ id: outcome.importId, status: 'refused', owner: null }]);
		expect(dataDigest(db.$client)).toBe(digest);
	});

	it('go with the import when it is aborted or a duplicate', () => {
		const aborted = session('broken.csv');
		aborted.push(inventory(6_000, 'A'));
		expect(rawRows()).toBeGreaterThan(0);
		aborted.abort();
		expect(rawRows()).toBe(0);
		expect(importRows()).toEqual([]);

		const bytes = inventory(6_000, 'B');
		importFile(db, { fileName: 'b.csv', bytes, uploadedBy: 'spec' });
		const again = importFile(db, { fileName: 'b-again.csv', bytes, uploadedBy: 'spec' });
		expect(again.status).toBe('duplicate');
		expect(rawRows()).toBe(6_000);
		expect(importRows().map((r) => r.status)).toEqual(['imported']);
	});

	it('of two files written at once on one connection land whole, numbered as they began', () => {
		const first = session('first.csv');
		const second = session('second.csv');
		first.push(inventory(6_000, 'FIRST'));
		second.push(inventory(6_000, 'SECOND'));
		const two = second.finish();
		const one = first.finish();
		expect([one.status, two.status]).toEqual(['imported', 'imported']);
		expect(one.importId!).toBeLessThan(two.importId!);
		// one source: the list begun later is the one in force
		expect(new Set(loadManaged(db).map((c) => c.computerName.split('-')[0]))).toEqual(
			new Set(['SECOND'])
		);
	});
});

describe('what an interrupted import left', () => {
	/** The pid of a process that has ended. */
	const endedPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

	/**
	 * Pending imports with rows, as processes that died while writing them leave them (a session
	 * begun clears what is abandoned already: all are begun before any is given its owner).
	 */
	function leftBy(...owners: string[]): number[] {
		const sessions = owners.map((_, i) => session(`killed-${i}.csv`));
		sessions.forEach((writing, i) => writing.push(inventory(6_000, `K${i}`)));
		const ids = importRows()
			.slice(-owners.length)
			.map((r) => r.id);
		owners.forEach((owner, i) =>
			db.$client.prepare('UPDATE imports SET owner = ? WHERE id = ?').run(owner, ids[i])
		);
		return ids;
	}

	it('is cleared at the next start or import, unless its process still writes it', () => {
		// the process that started this test runs on
		const [dead, alive] = leftBy(`${endedPid()}:a-run-that-ended`, `${process.ppid}:another`);
		expect(clearAbandoned(db)).toEqual([dead]);
		expect(importRows().map((r) => r.id)).toEqual([alive]);
		// one of this process's that no session writes any more (a session dropped without a word)
		const dropped = session('dropped.csv');
		dropped.push(inventory(6_000, 'D'));
		const { id } = importRows().at(-1)!;
		expect(clearAbandoned(db)).toEqual([]);
		letGo(id);
		expect(clearAbandoned(db)).toEqual([id]);
		expect(importRows().map((r) => r.id)).toEqual([alive]);
	});

	it('is cleared when the database is opened again, and by the next import', () => {
		leftBy(`${endedPid()}:gone`);
		db.$client.close();
		db = openDatabase(path);
		expect(rawRows()).toBe(0);
		expect(importRows()).toEqual([]);

		leftBy(`${endedPid()}:gone-too`);
		const next = importFile(db, {
			fileName: 'next.csv',
			bytes: inventory(2, 'N'),
			uploadedBy: 'spec'
		});
		expect(next.status).toBe('imported');
		expect(rawRows()).toBe(2);
		expect(importRows().map((r) => r.status)).toEqual(['imported']);
	});

	it('clears the rows a refused or undone import still had', () => {
		const taken = importFile(db, {
			fileName: 'taken.csv',
			bytes: inventory(3, 'T'),
			uploadedBy: 'spec'
		});
		const digest = dataDigest(db.$client);
		// an undo or a refusal marks the import first, then deletes its rows: killed in between
		db.$client.prepare(`UPDATE imports SET status = 'undone' WHERE id = ?`).run(taken.importId);
		expect(leftOverRows(db.$client)).toBe(3);
		expect(dataDigest(db.$client)).not.toBe(digest);
		expect(clearAbandoned(db)).toEqual([taken.importId]);
		expect(leftOverRows(db.$client)).toBe(0);
		expect(rawRows()).toBe(0);
	});
});
