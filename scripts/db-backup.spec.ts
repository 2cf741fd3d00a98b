// `npm run db:backup` as an administrator runs it: the real CLI in a child process. Back up, wipe,
// restore gives the same report; a damaged backup is refused and never replaces the database.
// (A backup taken while an import writes: tests/reliability/backup.test.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { dataDigest } from '../src/lib/server/db/digest';
import { loadSamples } from '../src/lib/server/imports/samples';

let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'db-backup-'));
	database = join(dir, 'dashboard.db');
	const db = openDatabase(database);
	loadSamples(db);
	db.$client.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

function run(script: string, args: string[], url = database) {
	const result = spawnSync(TSX, [join('scripts', script), ...args], {
		env: { ...process.env, DATABASE_URL: url },
		encoding: 'utf8'
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const report = (url = database) => run('report.ts', ['--json', '--as-of', '2020-11-30'], url);

function digestOf(path: string): string {
	const db = new Database(path, { readonly: true });
	try {
		return dataDigest(db);
	} finally {
		db.close();
	}
}

function wipe(path: string) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

describe('npm run db:backup', () => {
	it('back up, wipe, restore: the same report and the same data', { timeout: 60_000 }, () => {
		const before = report();
		expect(before.code, before.stderr).toBe(0);
		const digest = digestOf(database);
		const backup = join(dir, 'backup.db');
		const made = run('db-backup.ts', [backup]);
		expect(made.code, made.stderr).toBe(0);
		expect(made.stdout).toMatch(/^Backed up .* \(departments \d+, managed_computers \d+/);
		// a second backup to the same file is refused unless --force
		expect(run('db-backup.ts', [backup]).code).toBe(2);

		wipe(database);
		expect(existsSync(database)).toBe(false);
		const restored = run('db-backup.ts', ['--restore', backup]);
		expect(restored.code, restored.stderr).toBe(0);
		expect(digestOf(database)).toBe(digest);
		const after = report();
		expect(after.code, after.stderr).toBe(0);
		expect(after.stdout).toBe(before.stdout);
	});

	it('refuses a damaged backup and leaves the database as it was', { timeout: 30_000 }, () => {
		const digest = digestOf(database);
		const damaged = join(dir, 'damaged.db');
		writeFileSync(damaged, 'SQLite format 3\u0000 but not really'.padEnd(4096, 'x'));
		const result = run('db-backup.ts', ['--restore', damaged]);
		expect(result.code).toBe(1);
		expect(result.stderr.length).toBeGreaterThan(10);
		expect(digestOf(database)).toBe(digest);
	});
});
