// Online backups: `npm run db:backup` run three times while the import CLI writes a 60,000-row
// file into the same database. Each backup passes SQLite's integrity check and holds that import
// whole or not at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { writeInventory } from './files';
import { runScript, TSX } from './processes';

let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'online-backup-'));
	database = join(dir, 'dashboard.db');
	openDatabase(database).$client.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], url = database) {
	const result = spawnSync(TSX, [join('scripts', script), ...args], {
		env: { ...process.env, DATABASE_URL: url },
		encoding: 'utf8'
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

it(
	'is consistent while an import is writing: the import is in it whole or not at all',
	{ timeout: 60_000 },
	async () => {
		const file = join(dir, 'big-inventory.csv');
		const rows = await writeInventory(file, 60_000, 'ONLINE');
		const importer = runScript('import.ts', ['--json', file], database);
		const backups: string[] = [];
		for (let i = 0; i < 3; i++) {
			const backup = join(dir, `online-${i}.db`);
			const made = run('db-backup.ts', [backup]);
			expect(made.code, made.stderr).toBe(0);
			backups.push(backup);
		}
		expect((await importer.exited).code, importer.stderr()).toBe(0);
		for (const backup of backups) {
			const db = new Database(backup, { readonly: true });
			expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
			const n = (
				db
					.prepare(
						"SELECT count(*) AS n FROM managed_computers WHERE computer_name LIKE 'ONLINE-%'"
					)
					.get() as { n: number }
			).n;
			expect([0, rows]).toContain(n);
			db.close();
		}
	}
);
