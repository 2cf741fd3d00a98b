// Crash consistency: the import CLI is killed with SIGKILL (no chance to clean up) at random
// moments while it reads and writes a large file. After each kill SQLite's integrity check passes,
// the file's rows are all there or none are, and the history never claims an import whose rows
// are missing. Then the next import succeeds. The moments and outcomes are printed for
// RELIABILITY.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { dataDigest } from '../../src/lib/server/db/digest';
import Database from 'better-sqlite3';
import { writeInventory } from './files';
import { inspect, runScript } from './processes';

const ROWS = 150_000;
const KILLS = Number(process.env.CRASH_KILLS ?? 6);
let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'crash-'));
	database = join(dir, 'dashboard.db');
	openDatabase(database).$client.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = () => {
	const db = new Database(database, { readonly: true });
	try {
		return dataDigest(db);
	} finally {
		db.close();
	}
};

it(`an import killed at ${KILLS} random moments is whole or absent, and the next one lands`, async () => {
	// how long one import takes here, to spread the kills over its whole life
	const timing = join(dir, 'timing.csv');
	await writeInventory(timing, ROWS, 'TIMING');
	const started = Date.now();
	const full = runScript('import.ts', ['--json', timing], database);
	expect((await full.exited).code, full.stderr()).toBe(0);
	const duration = Date.now() - started;
	expect(inspect(database, 'TIMING').rows).toBe(ROWS);

	const log: string[] = [`one uninterrupted import of ${ROWS} rows: ${duration} ms`];
	let absent = 0;
	let whole = 0;
	for (let i = 0; i < KILLS; i++) {
		const tag = `KILL${i}`;
		const file = join(dir, `${tag}.csv`);
		await writeInventory(file, ROWS, tag);
		const before = digest();
		// anywhere from start-up to the very end of the commit
		const at = Math.round(200 + Math.random() * duration);
		const run = runScript('import.ts', ['--json', file], database);
		await new Promise((r) => setTimeout(r, at));
		run.kill();
		const { signal, code } = await run.exited;
		const state = inspect(database, tag);
		expect(state.integrity).toBe('ok');
		expect([0, ROWS]).toContain(state.rows);
		const recorded = state.imports.filter((r) => r.file === `${tag}.csv`);
		if (state.rows === 0) {
			absent++;
			// nothing of it: not in the data, not in the history as imported
			expect(recorded.filter((r) => r.status === 'imported')).toEqual([]);
			expect(digest()).toBe(before);
		} else {
			whole++;
			expect(recorded).toEqual([expect.objectContaining({ status: 'imported', rows: ROWS })]);
		}
		log.push(
			`kill ${i + 1} at ${at} ms: ${signal ?? `exit ${code}`}, integrity ok, ${state.rows === 0 ? 'absent' : 'whole'}`
		);
	}
	// the next import after all the kills lands, whole
	const next = join(dir, 'after.csv');
	await writeInventory(next, ROWS, 'AFTER');
	const after = runScript('import.ts', ['--json', next], database);
	expect((await after.exited).code, after.stderr()).toBe(0);
	const final = inspect(database, 'AFTER');
	expect(final.rows).toBe(ROWS);
	expect(final.integrity).toBe('ok');
	// what the killed imports wrote, invisible all along, was deleted by this one
	expect(final.leftOver).toBe(0);
	log.push(
		`then a new import: whole (${final.rows} rows); ${absent} kills left nothing visible, ${whole} came after the commit`
	);
	console.log(log.join('\n'));
});
