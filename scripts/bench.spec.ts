import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEPT } from '../bench/device-columns.mjs';

// The benchmark at a tiny scale, so that it never rots: it generates the exports, imports them
// through the real CLI and writes its results. No timing is asserted: this machine is shared.
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --smoke', () => {
	it('generates, imports and reports every measure it takes', { timeout: 120_000 }, () => {
		const out = join(dir, 'results.json');
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', 'scripts/bench.ts', '--smoke', '--tmp', dir, '--out', out],
			{ encoding: 'utf8' }
		);
		expect(run.status, run.stderr).toBe(0);
		const results = JSON.parse(readFileSync(out, 'utf8'));
		expect(results.smoke).toBe(true);
		expect(results.importThroughput.rows).toBe(2000);
		expect(results.importThroughput.cliSeconds).toBeGreaterThan(0);
		expect(results.importThroughput.floorSeconds).toBeGreaterThan(0);
		expect(results.importThroughput.rowsAloneSeconds).toBeGreaterThan(0);
		// the billing export: every charge taken (the import refuses a file whose row does not add up)
		expect(results.billingImport.rows).toBe(5000);
		expect(results.billingImport.peakMb).toBeGreaterThan(0);
		const [scale] = results.scales;
		// 20,000 × 0.005, shared out among the departments by weight
		expect(Math.abs(scale.counts.computers - 100)).toBeLessThan(5);
		expect(scale.counts.charges).toBeGreaterThan(0);
		expect(scale.counts.reportRows).toBeGreaterThan(0);
		expect(scale.campusImportSeconds).toBeGreaterThan(0);
		// the campus's next weekly report, imported: at least as many rows as an average week's
		// report (the campus only grows), from the 3 weeks the smoke run generates
		expect(scale.weeklyReport.rows).toBeGreaterThanOrEqual(scale.counts.reportRows / 3);
		expect(scale.weeklyReport.importSeconds).toBeGreaterThan(0);
		expect(run.stdout).toMatch(/import 2000 rows \(npm run import\)/);
		expect(run.stdout).toMatch(/floor: split \+ insert, unchecked/);
		expect(run.stdout).toMatch(/import 5000 charges \(EZ-Backup billing\)/);

		const query = (file: string, sql: string) => {
			const db = new Database(join(dir, file), { readonly: true });
			const rows = db.prepare(sql).all();
			db.close();
			return rows;
		};
		const count = (file: string, table: string) =>
			(query(file, `SELECT count(*) AS n FROM ${table}`)[0] as { n: number }).n;
		// KEEP_FIGURES=0 stores the same rows and keeps no figure; the whole import keeps them
		expect(count('import-rows-alone.db', 'device_rows')).toBe(2000);
		expect(count('import-rows-alone.db', 'devices')).toBe(0);
		expect(count('import-cli.db', 'devices')).toBe(2000);
		// the references store the columns of device_rows as the app's migrations create it
		const columns = query('import-cli.db', 'PRAGMA table_info(device_rows)').map(
			(column) => (column as { name: string }).name
		);
		expect(columns.sort()).toEqual(
			['id', 'import_id', 'short_hostname', 'line', ...Object.keys(KEPT)].sort()
		);

		// sqlite3, when installed, also takes the report into device_rows itself: the same rows as
		// the floor stores, so that the two references measure the same work
		if (results.importThroughput.sqlite3Seconds !== null) {
			expect(results.importThroughput.sqlite3TableSeconds).toBeGreaterThan(0);
			const stored = (file: string) =>
				query(
					file,
					`SELECT device_uid, short_hostname, hostname, last_completed_backup, selected_bytes
					FROM device_rows ORDER BY id`
				);
			const bySqlite3 = stored('import-sqlite3-table.db');
			expect(bySqlite3).toHaveLength(2000);
			expect(bySqlite3).toEqual(stored('import-floor.db'));
		}
	});
});
