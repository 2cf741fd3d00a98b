// `npm run report` on the sample data: the real CLI in a child process on a fresh database loaded
// with the committed samples. The device, health and department figures expected are worked out
// from the sample files by tests/e2e/rollout-samples.ts, which shares no code with the dashboard
// (report.spec.ts checks the savings fields the same way).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { loadSamples } from '../src/lib/server/imports/samples';
import { rolloutFigures } from '../tests/e2e/rollout-samples';

let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'report-rollout-'));
	database = join(dir, 'dashboard.db');
	const db = openDatabase(database);
	loadSamples(db);
	db.$client.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
	return spawnSync(process.execPath, ['scripts/cli.mjs', 'report', ...args], {
		env: { ...process.env, DATABASE_URL: database },
		encoding: 'utf8'
	});
}

interface ReportJson {
	asOf: string;
	department: string | null;
	devices: Record<string, number | string | null>;
	health: Record<string, number>;
	savings: Record<string, number | string | null>;
	departments: Record<string, number | string | null>[];
}

function report(...args: string[]): ReportJson {
	const result = run('--json', ...args);
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as ReportJson;
}

const SAVINGS_FIELDS = ['realizedCents', 'eligibleMonthlyCents', 'projectedAnnualCents'];
const DEPARTMENT_FIELDS = [
	'code',
	'installed',
	'active',
	'managed',
	'adoptionPct',
	'realizedSavingsCents',
	'eligibleMonthlyCents'
];

describe('npm run report: devices, health and departments on the sample data', () => {
	it('gives every figure of domain.md as of the latest report', { timeout: 60_000 }, () => {
		const expected = rolloutFigures('2020-11-30');
		const json = report();
		expect(json.asOf).toBe('2020-11-30');
		expect(json.devices).toMatchObject({
			installed: expected.devices.installed,
			active: expected.devices.active,
			milestone1000: expected.devices.milestone1000
		});
		expect(json.health).toMatchObject(expected.health);
		// the fields domain.md promises are all there, savings as whole cents
		for (const field of SAVINGS_FIELDS) expect(Number.isInteger(json.savings[field])).toBe(true);
		for (const d of json.departments)
			expect(Object.keys(d)).toEqual(expect.arrayContaining(DEPARTMENT_FIELDS));
		expect(
			json.departments.map((d) => [d.code, d.installed, d.active, d.managed, d.adoptionPct])
		).toEqual(
			expected.departments.map((d) => [d.code, d.installed, d.active, d.managed, d.adoptionPct])
		);
		expect(json.departments.map((d) => [d.code, d.failures])).toEqual(
			expected.departments.map((d) => [d.code, d.failures])
		);
	});

	it('goes back to an earlier as-of date', { timeout: 60_000 }, () => {
		const expected = rolloutFigures('2020-06-30');
		const json = report('--as-of', '2020-06-30');
		expect(json.asOf).toBe('2020-06-30');
		expect(json.devices).toMatchObject({
			installed: expected.devices.installed,
			active: expected.devices.active,
			milestone1000: expected.devices.milestone1000
		});
		expect(json.health).toMatchObject(expected.health);
		expect(json.departments.map((d) => [d.code, d.adoptionPct])).toEqual(
			expected.departments.map((d) => [d.code, d.adoptionPct])
		);
	});

	it('limits every figure to one department', { timeout: 60_000 }, () => {
		const ansc = rolloutFigures('2020-11-30').departments.find((d) => d.code === 'ANSC');
		const json = report('--department', 'ANSC');
		expect(json.department).toBe('ANSC');
		expect(json.devices).toMatchObject({
			installed: ansc?.installed,
			active: ansc?.active,
			managed: ansc?.managed,
			adoptionPct: ansc?.adoptionPct
		});
		expect(json.health).toMatchObject({
			ok: ansc?.ok,
			warning: ansc?.warning,
			critical: ansc?.critical,
			never: ansc?.never,
			failures: ansc?.failures
		});
		expect(json.departments.map((d) => d.code)).toEqual(['ANSC']);
	});

	it('answers a usage error with exit code 2', { timeout: 60_000 }, () => {
		expect(run('--json', '--as-of', '30/11/2020').status).toBe(2);
		expect(run('--as-of', '2020-11-30').status).toBe(2); // --json is required
		expect(run('--json', '--department', 'NOPE').status).toBe(2);
	});
});
