// `npm run import` as billing staff script it: exit codes, one JSON object per file, --undo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
	database = join(dir, 'cli.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
	const result = spawnSync(process.execPath, ['scripts/cli.mjs', 'import', ...args], {
		env: { ...process.env, DATABASE_URL: database },
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => JSON.parse(l) as Record<string, unknown>);

const KEYS = ['file', 'kind', 'status', 'rows', 'inserted', 'updated', 'unchanged', 'errors'];

describe('npm run import', { timeout: 120_000 }, () => {
	it('imports several files, one JSON object per file, and exits 0', () => {
		const { code, stdout, stderr } = run(
			'--json',
			'tests/fixtures/departments.csv',
			'tests/fixtures/ezbackup-billing.csv'
		);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const out = lines(stdout);
		expect(out).toHaveLength(2);
		for (const o of out) expect(Object.keys(o)).toEqual(KEYS);
		expect(out[0]).toMatchObject({
			file: 'tests/fixtures/departments.csv',
			kind: 'departments',
			status: 'imported',
			errors: []
		});
		expect(out[1]).toMatchObject({
			kind: 'ezbackup-billing',
			status: 'imported',
			rows: 4,
			inserted: 4,
			updated: 0,
			unchanged: 0
		});
	});

	it('reports the same file again as a duplicate and still exits 0', () => {
		const { code, stdout } = run('--json', 'tests/fixtures/ezbackup-billing.csv');
		expect(code).toBe(0);
		expect(lines(stdout)[0]).toMatchObject({ status: 'duplicate', rows: 4, inserted: 0 });
	});

	it('exits 1 when any file is refused, keeping the others, with line and column', () => {
		const { code, stdout } = run(
			'--json',
			'tests/fixtures/inventory.csv',
			'tests/fixtures/hostile/garbage-money.csv'
		);
		expect(code).toBe(1);
		const [good, bad] = lines(stdout);
		expect(good).toMatchObject({ status: 'imported', kind: 'inventory' });
		expect(bad).toMatchObject({ status: 'refused', kind: 'ezbackup-billing', rows: 0 });
		const errors = bad.errors as { line: number; column: string; message: string }[];
		expect(Object.keys(errors[0])).toEqual(['line', 'column', 'message']);
		expect(errors[0]).toMatchObject({ line: 2, column: '$ Total' });
	});

	it('refuses an ambiguous date column with a hint to pass --date-order, then takes it', () => {
		const file = join(dir, 'inventory-ambiguous.csv');
		writeFileSync(file, 'Computer Name,Department,Last Seen\nX-PC1,ANSC,03/04/2020\n');
		const refused = run(file);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('column "Last Seen"');
		expect(refused.stderr).toContain('--date-order mdy');
		const taken = run('--date-order', 'dmy', '--json', file);
		expect(taken.code).toBe(0);
		expect(lines(taken.stdout)[0]).toMatchObject({ status: 'imported', rows: 1 });
	});

	it('takes an import back with --undo ID', () => {
		const first = run('--json', 'tests/fixtures/ezbackup-billing-semicolon.csv');
		expect(first.code).toBe(0);
		const undo = run('--undo', '2');
		expect(undo.code).toBe(0);
		expect(undo.stdout).toContain('Import #2 (ezbackup-billing.csv) was undone');
		// undone: the same bytes import again
		expect(lines(run('--json', 'tests/fixtures/ezbackup-billing.csv').stdout)[0]).toMatchObject({
			status: 'imported'
		});
		const again = run('--undo', '2');
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('undone already');
	});

	it('exits 2 on a usage error and imports nothing', () => {
		for (const args of [
			[],
			['--kind', 'spreadsheet', 'tests/fixtures/inventory.csv'],
			['--as-of', '30/11/2020', 'tests/fixtures/code42-devices.csv'],
			['--date-order', 'ymd', 'tests/fixtures/inventory.csv'],
			['--undo', 'x'],
			['--bogus'],
			['tests/fixtures/code42-devices.csv', 'no-such-file.csv']
		]) {
			const { code, stderr } = run(...args);
			expect(code, args.join(' ')).toBe(2);
			expect(stderr).toContain('Usage: npm run import');
		}
		// the file before the missing one was not imported either
		const { stdout } = run('--json', 'tests/fixtures/code42-devices.csv');
		expect(lines(stdout)[0]).toMatchObject({ status: 'imported' });
	});

	it('imports an inventory under the source given with --source, and says which are gone', () => {
		const first = join(dir, 'sccm-1.csv');
		const second = join(dir, 'sccm-2.csv');
		writeFileSync(first, 'Computer Name,Department\nS-PC1,ANSC\nS-PC2,ANSC\nS-PC3,ANSC\n');
		writeFileSync(second, 'Computer Name,Department\nS-PC1,ANSC\n');
		// without Last Seen, a list is refused until it is dated
		const undated = run('--source', 'SCCM', first);
		expect(undated.code).toBe(1);
		expect(undated.stderr).toContain('none of its rows has a Last Seen date');
		expect(run('--source', 'SCCM', '--as-of', '2020-11-01', first).code).toBe(0);
		const taken = run('--source', 'SCCM', '--as-of', '2020-11-30', second);
		expect(taken.code).toBe(0);
		expect(taken.stdout).toMatch(
			/1 unchanged, 2 computers no longer in SCCM as of Nov 30, 2020\.$/m
		);
		expect(run('--source', ' ', first).code).toBe(2);
	});
});
