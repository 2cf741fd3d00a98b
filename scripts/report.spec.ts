// `npm run report` on the sample data, run as billing staff run it: the real CLI in a child process
// on a database loaded with the committed samples. The expected savings are worked out from the
// sample files by tests/e2e/savings-samples.ts, which shares no code with the dashboard.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { loadSamples } from '../src/lib/server/imports/samples';
import { removeCode42Cost, saveCode42Cost } from '../src/lib/server/savings-settings';
import { sampleFigures } from '../tests/e2e/samples';
import { expectedSavings } from '../tests/e2e/savings-samples';

let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'report-'));
	database = join(dir, 'dashboard.db');
	const db = openDatabase(database);
	loadSamples(db);
	db.$client.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ReportJson {
	asOf: string;
	department: string | null;
	savings: Record<string, number | string | null>;
	departments: {
		code: string;
		realizedSavingsCents: number;
		eligibleMonthlyCents: number;
		projectedAnnualCents: number;
	}[];
}

function report(...args: string[]): ReportJson {
	const run = spawnSync(process.execPath, ['scripts/cli.mjs', 'report', '--json', ...args], {
		env: { ...process.env, DATABASE_URL: database },
		encoding: 'utf8'
	});
	expect(run.status, run.stderr).toBe(0);
	return JSON.parse(run.stdout) as ReportJson;
}

const savingsFields = (figures: ReturnType<typeof expectedSavings>['total']) => ({
	latestBilledMonth: figures.latestBilledMonth,
	realizedCents: figures.realizedCents,
	eligibleMonthlyCents: figures.eligibleMonthlyCents,
	runRateCents: figures.runRateCents,
	projectedAnnualCents: figures.projectedAnnualCents,
	retiredNodes: figures.retiredNodes,
	eligibleNodes: figures.eligibleNodes,
	billedNodes: figures.billedNodes
});

describe('npm run report: savings on the sample data', () => {
	it('gives the college savings of domain.md to the cent, and each department', () => {
		const expected = expectedSavings('2020-11-30');
		const json = report();
		expect(json.asOf).toBe('2020-11-30');
		expect(json.savings).toMatchObject(savingsFields(expected.total));
		// the sample README's count: 57 nodes billed in 2020-11 can be turned off
		expect(json.savings.eligibleNodes).toBe(57);
		expect(json.savings.billedNodes).toBe(190);
		// no Code42 cost has been entered: not known, rather than $0.00 (issue 18)
		expect(json.savings).toMatchObject({ code42MonthlyCents: null, netAnnualCents: null });
		expect(
			json.departments.map((d) => [
				d.code,
				d.realizedSavingsCents,
				d.eligibleMonthlyCents,
				d.projectedAnnualCents
			])
		).toEqual(
			[...expected.byDepartment].map(([code, f]) => [
				code,
				f.realizedCents,
				f.eligibleMonthlyCents,
				f.projectedAnnualCents
			])
		);
	}, 60_000);

	it("gives one department's savings with --department", () => {
		const expected = expectedSavings('2020-11-30').byDepartment.get('ANSC');
		const json = report('--department', 'ANSC');
		expect(json.department).toBe('ANSC');
		expect(json.savings).toMatchObject(savingsFields(expected!));
		expect(json.departments.map((d) => d.code)).toEqual(['ANSC']);
	}, 60_000);

	it('counts December once an as-of date in December reaches it', () => {
		// 2020-12-01: the December charges count (the CSV's and the ANSC Billing Summary's, which
		// are the same), while the backups of the 2020-11-30 report are still recent
		const expected = expectedSavings('2020-12-01');
		const json = report('--as-of', '2020-12-01');
		expect(json.savings).toMatchObject(savingsFields(expected.total));
		expect(json.savings.latestBilledMonth).toBe('2020-12');
		expect(json.savings.billedNodes).toBe(188);
		expect(json.savings.eligibleNodes).toBe(55);
	}, 60_000);

	it("sets the central Code42 cost against the saving for the college's net", () => {
		const db = openDatabase(database);
		saveCode42Cost(db, '2020-01', 125, 'test');
		try {
			const expected = expectedSavings('2020-11-30').total;
			const code42 = sampleFigures().active * 125;
			const json = report();
			expect(json.savings).toMatchObject({
				code42MonthlyCents: code42,
				netAnnualCents: expected.projectedAnnualCents - 12 * code42
			});
		} finally {
			removeCode42Cost(db, '2020-01', 'test');
			db.$client.close();
		}
	}, 60_000);
});
