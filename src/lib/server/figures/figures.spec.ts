import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overDataCap } from '../../data-cap';
import type { Db } from '../db';
import { setHandLink } from '../hand-links';
import { saveHealthSettings } from '../health-settings';
import { importFile, undoImport } from '../imports/pipeline';
import { sampleFile, type SampleFile } from '../imports/sample-file';
import { keepAll } from '../kept';
import {
	backupFacts,
	createFirstBackupTracker,
	durationStatsByOs,
	largestReportGapDays,
	osFamily
} from '../metrics/firstbackup';
import { departmentCodes } from '../metrics/departments';
import { buildReport } from '../metrics/report';
import { milestoneDate as milestoneOf, weeklyInstalls as installsOf } from '../metrics/rollout';
import { nodeSavings } from '../metrics/savings';
import { createHealthOverTime, sumHealthGroups } from '../metrics/snapshots';
import {
	countHealthRows,
	departmentByDevice,
	departmentSummaries as summariesOf,
	deviceHealthRows,
	filterHealthRows,
	firstBackupsInProgress,
	unassignedDevices,
	unassignedNodes
} from '../metrics/summary';
import { stragglerRows } from '../metrics/stragglers';
import { saveCode42Cost } from '../savings-settings';
import { reportSnapshot, reportsInForce } from '../snapshots';
import { figuresAt, type At } from './at';
import { workedOut } from './day-codes';
import { countDevices, deviceHealthPage, healthCountsOf } from './devices';
import { healthHistory } from './history';
import { nodesAt, withNodesAt } from './nodes';
import { loadState } from './reference';
import { reportOf } from './report';
import { unassignedPage } from '../pages/unassigned';
import {
	adoptionIsKept,
	countStragglers,
	departmentNames,
	departmentSummaries,
	milestoneDate,
	stragglerPage,
	weeklyInstalls
} from './rollout';
import { daySavingsOf, projectionOf, savingsOf, spendOf } from './savings';
import { projectSavings } from '../metrics/projection';
import { assessDevices } from '../metrics/nodes';
import { spendByMonth } from '../metrics/spend';
import { asc } from 'drizzle-orm';

// The figures the pages read from the kept tables (SQL) against the rules of metrics/ run over
// the whole state in memory (reference.ts), on the same data: the sample exports, then after
// each of the changes that exercise the upkeep (a re-export, a report dated between two others,
// an enrollment list, a device that changes org, an undo, links by hand, new thresholds, an
// alias, a new inventory). After every change the kept tables must also be what a rebuild from
// nothing makes of the same imported rows.

let samples: SampleFile;
let db: Db;

beforeAll(() => {
	samples = sampleFile();
	db = samples.db;
}, 120_000);
afterAll(() => samples.remove());

const KEPT = [
	'report_dates',
	'devices',
	'device_states',
	'first_backups',
	'report_health',
	'department_devices',
	'adoption_weeks',
	'install_days',
	'department_list',
	'department_names',
	'account_departments',
	'inventory_lists',
	'managed',
	'placements',
	'nodes',
	'node_months',
	'billed_months',
	'department_spend',
	'retired_sums',
	'unnamed_node_months'
];

/** Every kept table, rows in a stable order, the devices' and nodes' ids read as their keys. */
function keptTables(of: Db): Record<string, unknown[]> {
	const tables: Record<string, unknown[]> = {};
	for (const table of KEPT) {
		const rows = of.$client.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
		tables[table] = rows
			.map((row) => {
				const r = { ...row };
				// ids are given in the order rows came: the same device or node, another number
				if ('device_id' in r)
					r.device_id = of.$client
						.prepare('SELECT uid FROM devices WHERE id = ?')
						.pluck()
						.get(r.device_id);
				if ('node_id' in r)
					r.node_id = of.$client
						.prepare('SELECT key FROM nodes WHERE id = ?')
						.pluck()
						.get(r.node_id);
				if ('placement' in r)
					r.placement = of.$client
						.prepare(`SELECT short_name || '|' || org_key FROM placements WHERE id = ?`)
						.pluck()
						.get(r.placement);
				if (table === 'devices' || table === 'nodes' || table === 'placements') delete r.id;
				return JSON.stringify(r);
			})
			.sort();
	}
	return tables;
}

/**
 * The figures of a day, read from the kept tables and from the whole state: they must agree. A
 * day between report dates is read twice: with its health codes worked out in place, then with
 * the day worked out ahead, a few states at a time (day-codes.ts), as the pages read it.
 */
async function expectFiguresAgree(asOf: string) {
	const at = figuresAt(db, asOf);
	await expectFiguresAgreeAt(asOf, at);
	const worked = await workedOut(db, at, 3);
	if (worked !== at) await expectFiguresAgreeAt(asOf, worked);
}

async function expectFiguresAgreeAt(asOf: string, at: At) {
	const state = loadState(db, asOf);
	const codes = departmentNames(db).map((d) => d.code);
	expect(codes).toEqual(departmentCodes(state.departments));

	const summaries = summariesOf(state);
	expect(departmentSummaries(db, at)).toEqual(summaries);
	// a department's page works out its own summary alone
	for (const d of summaries.departments)
		expect(departmentSummaries(db, at, {}, d.code).departments).toEqual([d]);
	expect(milestoneDate(db, at)).toBe(milestoneOf(state.devices));
	expect(weeklyInstalls(db, at)).toEqual(installsOf(state.devices, asOf));
	expect(await reportOf(db, asOf, null, at)).toEqual(buildReport(state));

	const rows = deviceHealthRows(state, at.uploadMbps);
	for (const bucket of ['failures', null, 'progress', 'warning'] as const) {
		const mine = deviceHealthPage(db, at, { departments: codes, bucket }, null);
		const placed = filterHealthRows(rows, { department: null, os: null, bucket: null });
		const reference =
			bucket === 'progress'
				? firstBackupsInProgress(placed)
				: filterHealthRows(placed, { department: null, os: null, bucket });
		expect(mine).toEqual(reference);
		expect(countDevices(db, at, { departments: codes, bucket })).toBe(reference.length);
	}
	// the data cap: the first backups with more still to send than a cap between the sizes seen
	const inProgress = firstBackupsInProgress(
		filterHealthRows(rows, { department: null, os: null, bucket: null })
	);
	const sizes = inProgress
		.map((r) => r.progress?.bytesToSend ?? null)
		.filter((n): n is number => n !== null)
		.sort((a, b) => a - b);
	const cap = sizes[Math.floor(sizes.length / 2)] ?? 0;
	const overCap = inProgress.filter((r) => overDataCap(r.progress?.bytesToSend, cap));
	const capped = { departments: codes, bucket: 'progress', toSendOver: cap } as const;
	expect(deviceHealthPage(db, at, capped, null)).toEqual(overCap);
	expect(countDevices(db, at, capped)).toBe(overCap.length);
	expect(healthCountsOf(db, at, { departments: codes })).toEqual(countHealthRows(rows));
	const stragglers = stragglerRows(state);
	expect(countStragglers(db, at, codes)).toBe(stragglers.length);
	expect(stragglerPage(db, at, codes, null)).toEqual(
		stragglers.map(({ rolloutBegan: _, weeksSinceRolloutBegan: __, ...s }) => s)
	);

	// health over time and first backups, of every department and of some on one OS
	const departments = departmentByDevice(state);
	const families = new Map(state.devices.map((d) => [d.deviceUid, osFamily(d.os)]));
	// a manager's milestone and installs: the rules over their departments' devices
	const some = codes.slice(0, 3);
	const theirs = state.devices.filter((d) =>
		some.includes(departments.get(d.deviceUid) ?? 'UNASSIGNED')
	);
	// the counts at which the milestone's day moves (the last one: past it there is none)
	const moves = theirs
		.map((_, i) => i + 1)
		.filter((n) => milestoneOf(theirs, n) !== milestoneOf(theirs, n + 1));
	expect(moves.length).toBeGreaterThan(1);
	for (const n of [moves[0], moves[0] + 1, moves.at(-1) as number, (moves.at(-1) as number) + 1])
		expect(milestoneDate(db, at, n, some)).toBe(milestoneOf(theirs, n));
	expect(weeklyInstalls(db, at, some)).toEqual(installsOf(theirs, asOf));
	const reports = reportsInForce(db, asOf, 'code42-devices');
	for (const filter of [
		{ departments: codes, os: null },
		{ departments: codes.slice(0, 3), os: 'Windows' as const }
	]) {
		const group = (uid: string) => `${departments.get(uid)}\t${families.get(uid)}`;
		const over = createHealthOverTime(state.thresholds, (uid, os) =>
			departments.has(uid) ? group(uid) : `UNASSIGNED\t${osFamily(os)}`
		);
		const tracker = createFirstBackupTracker();
		for (const report of reports) {
			const snapshot = reportSnapshot(db, report);
			over.add(snapshot);
			tracker.addFacts(backupFacts(snapshot));
		}
		const keep = (department: string | undefined, family: string | undefined) =>
			filter.departments.includes(department ?? '') && (filter.os === null || family === filter.os);
		const history = healthHistory(db, at, filter);
		expect(history.points).toEqual(
			sumHealthGroups(over.result(), (g) => keep(...(g.split('\t') as [string, string])))
		);
		expect(history.durations).toEqual(
			durationStatsByOs(
				tracker
					.durations()
					.filter((d) => keep(departments.get(d.deviceUid), families.get(d.deviceUid)))
					.map((d) => ({ ...d, osFamily: families.get(d.deviceUid) ?? d.osFamily }))
			)
		);
		expect(history.largestGapDays).toBe(largestReportGapDays(reports.map((r) => r.asOf)));
	}

	// the nodes and the savings
	const assessed = assessDevices(state);
	const result = nodeSavings(state, assessed);
	const nodesAgree = (latest: string | null) => {
		expect(latest).toBe(result.latestBilledMonth);
		const nodes = db
			.select()
			.from(nodesAt)
			.orderBy(asc(nodesAt.position), asc(nodesAt.nodeKey))
			.all();
		expect(
			nodes.map((n) => ({
				nodeKey: n.nodeKey,
				nodename: n.nodename,
				account: n.account,
				department: n.department,
				departmentSource: n.departmentSource,
				firstMonth: n.firstMonth,
				lastMonth: n.lastMonth,
				billedMonths: n.billedMonths,
				latestChargeCents: n.latestChargeCents,
				baselineCents: n.baselineCents,
				retired: n.retired,
				monthsSinceLastBill: n.monthsSinceLastBill,
				realizedCents: n.realizedCents,
				eligible: n.eligible,
				eligibleMonthlyCents: n.eligibleMonthlyCents
			}))
		).toEqual(result.nodes.map(({ linkedDeviceUids: _, eligibleDeviceUids: __, ...node }) => node));
		expect(spendOf(db, codes, latest)).toEqual(spendByMonth(state.charges, result, codes));
		const projection = projectSavings(
			result.nodes,
			result.latestBilledMonth,
			assessed.byUid,
			assessed.health,
			at.T
		);
		expect(projectionOf(db, at, codes, latest)).toEqual(projection);
		const { totals } = savingsOf(db, codes);
		expect(totals.realizedCents).toBe(result.nodes.reduce((s, n) => s + n.realizedCents, 0));
	};
	// worked out in one chunk, and 7 nodes a chunk (withNodesAt's breaths)
	await withNodesAt(db, at, nodesAgree);
	await withNodesAt(db, at, nodesAgree, { chunk: 7 });
	// a page that only adds up savings: the day's nodes worked out, the retired ones' sums read
	for (const some of [codes, codes.slice(0, 2)]) {
		const all = await withNodesAt(db, at, () => savingsOf(db, some));
		expect(all.totals.retiredNodes + all.totals.billedNodes).toBeGreaterThan(0);
		for (const chunk of [undefined, 7])
			expect(
				await withNodesAt(db, at, (latest) => daySavingsOf(db, latest, some), {
					dayOnly: true,
					chunk
				})
			).toEqual(all);
	}

	const unassigned = await unassignedPage({ db, asOf, at, scope: null });
	expect(unassigned.devices).toEqual(unassignedDevices(state));
	expect(unassigned.nodes).toEqual(unassignedNodes(state));
}

function importText(
	fileName: string,
	text: string,
	options: { asOf?: string; kind?: string; source?: string } = {}
) {
	const outcome = importFile(db, {
		fileName,
		bytes: new TextEncoder().encode(text),
		uploadedBy: 'test',
		kind: options.kind as never,
		asOf: options.asOf,
		source: options.source
	});
	expect(outcome.status, outcome.message).toBe('imported');
	return outcome.importId as number;
}

/** A sample Code42 report's text with some of its lines changed. */
function sampleReport(asOf: string, edit: (cells: string[], line: number) => string[] | null) {
	const [header, ...lines] = samples.read(`code42-devices-${asOf}.csv`).split(/\r?\n/);
	const columns = header.split(',');
	const kept = lines
		.filter((l) => l.trim() !== '')
		.map((line, i) => edit(line.split(','), i))
		.filter((cells): cells is string[] => cells !== null)
		.map((cells) => cells.join(','));
	return {
		text: [header, ...kept].join('\r\n') + '\r\n',
		column: (name: string) => columns.indexOf(name)
	};
}

function expectKeptAsRebuilt() {
	const kept = keptTables(db);
	const rebuilt = samples.afresh((fresh) => {
		fresh.transaction(() => keepAll(fresh));
		return keptTables(fresh);
	});
	for (const table of KEPT) {
		const extra = kept[table].filter((r) => !rebuilt[table].includes(r));
		const missing = rebuilt[table].filter((r) => !kept[table].includes(r));
		expect({ table, extra: extra.slice(0, 3), missing: missing.slice(0, 3) }).toEqual({
			table,
			extra: [],
			missing: []
		});
	}
}

const DATES = ['2020-06-30', '2020-08-15', '2020-10-12', '2020-11-30', '2020-12-20', '2021-03-01'];

describe('the figures read from the kept tables', () => {
	it('are the rules over the whole state on the sample data, on every kind of day', async () => {
		for (const asOf of DATES) await expectFiguresAgree(asOf);
		expectKeptAsRebuilt();
	}, 120_000);

	it('stay so through re-exports, reports between others, moves, undos and settings', async () => {
		// a re-export of the October report: a device deactivated, another with a new org
		const october = sampleReport('2020-10-12', (cells, i) => {
			if (i === 3) cells[sampleReport('2020-10-12', (c) => c).column('status')] = 'Deactivated';
			return cells;
		});
		importText('october again.csv', october.text, { asOf: '2020-10-12' });
		expectKeptAsRebuilt();
		// a report dated between two others, of part of the devices, some of them in another org
		const org = october.column('orgName');
		const august = sampleReport('2020-10-12', (cells, i) => {
			if (i % 3 === 0) return null;
			if (i % 7 === 1) cells[org] = 'CALS-Unsorted';
			return cells;
		});
		const augustId = importText('august.csv', august.text, { asOf: '2020-08-15' });
		expectKeptAsRebuilt();
		for (const asOf of ['2020-08-15', '2020-09-01', '2020-11-30', '2020-12-03'])
			await expectFiguresAgree(asOf);

		// links by hand, a cost, new thresholds: the figures follow every setting
		const nodename = db.$client
			.prepare(`SELECT nodename FROM charges ORDER BY month DESC, nodename LIMIT 1 OFFSET 7`)
			.pluck()
			.get() as string;
		const uid = db.$client
			.prepare(`SELECT uid FROM devices ORDER BY uid LIMIT 1 OFFSET 40`)
			.pluck()
			.get() as string;
		setHandLink(db, { nodename, deviceUid: uid, linked: true }, 'test');
		saveCode42Cost(db, '2020-01', 150, 'test');
		saveHealthSettings(
			db,
			{ warningDays: 2, criticalDays: 7, firstBackupGraceDays: 10, uploadMbps: 20, dataCapGb: 500 },
			'test'
		);
		expectKeptAsRebuilt();
		// 2020-12-03 was worked out with the thresholds before: its codes of then are not read again
		for (const asOf of ['2020-11-30', '2020-12-03']) await expectFiguresAgree(asOf);

		// undo the report in the middle, then the latest billing file
		undoImport(db, augustId, 'test');
		undoImport(db, samples.lastImport('ezbackup-summary'), 'test');
		expectKeptAsRebuilt();
		for (const asOf of ['2020-10-12', '2020-12-20']) await expectFiguresAgree(asOf);

		// an enrollment list after the last report: its devices' names and status from it, their
		// backup state carried from the report before; one device renamed, one new
		const list = samples.read('code42cli-devices-2020-11-30.csv').split(/\r?\n/);
		const renamed = list.map((line, i) =>
			i === 2 ? line.replace(/,([a-z0-9-]+)\.campus/i, ',renamed-pc.campus') : line
		);
		importText('enrollment december.csv', renamed.join('\r\n'), {
			asOf: '2020-12-07',
			kind: 'code42cli-devices'
		});
		expectKeptAsRebuilt();
		for (const asOf of ['2020-12-07', '2020-12-20']) await expectFiguresAgree(asOf);
	}, 300_000);

	it('follow a new inventory and an alias', async () => {
		const inventory = samples.read('inventory.csv').split(/\r?\n/);
		// half the computers moved to the first department, the rest as they were
		const moved = inventory.map((line, i) =>
			i > 0 && i % 2 === 0 && line.trim() !== '' ? line.replace(/,[^,]*,/, ',CB,') : line
		);
		importText('inventory moved.csv', moved.join('\r\n'), { kind: 'inventory' });
		importText(
			'departments with alias.csv',
			'Code,Name,Aliases\r\nCB,Computational Biology,"CALS-Unsorted"\r\n',
			{ kind: 'departments' }
		);
		expectKeptAsRebuilt();
		await expectFiguresAgree('2020-11-30');
		await expectFiguresAgree('2020-10-12');
	}, 120_000);

	it('count, on each day, the lists of each source in force that day', async () => {
		// in force: the sample inventory (or the test before's moved one, of the same computers),
		// dated 2020-11-30 by its latest Last Seen
		const [header, ...lines] = samples
			.read('inventory.csv')
			.split(/\r?\n/)
			.filter((l) => l.trim() !== '');
		const names = (rows: string[]) => new Set(rows.map((l) => l.split(',')[0].toLowerCase()));
		const list = (rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';
		const managedOn = (day: string) => departmentSummaries(db, figuresAt(db, day)).college.managed;
		const november = names(lines);

		// a list dated before, imported late: a third of the computers not yet listed, one more
		const october = [...lines.filter((_, i) => i % 3 !== 0), 'NEW-PC0001,CB,Windows 10,'];
		const octoberId = importText('october list.csv', list(october), {
			kind: 'inventory',
			asOf: '2020-10-01'
		});
		expectKeptAsRebuilt();
		for (const day of ['2020-08-15', '2020-10-12', '2020-11-30', '2020-12-20'])
			await expectFiguresAgree(day);
		// the first list also stands for the days before it; the later-dated list keeps its days
		expect(managedOn('2020-08-15')).toBe(names(october).size);
		expect(managedOn('2020-10-12')).toBe(names(october).size);
		expect(managedOn('2020-12-20')).toBe(november.size);

		// an earlier list still, with another fifth missing: before, between and after
		const august = lines.filter((_, i) => i % 5 !== 1);
		importText('august list.csv', list(august), { kind: 'inventory', asOf: '2020-08-01' });
		expectKeptAsRebuilt();
		for (const day of ['2020-06-30', '2020-08-15', '2020-10-05', '2020-10-12', '2020-11-30'])
			await expectFiguresAgree(day);
		// 2020-10-05 has another inventory than its report date (2020-06-30): its adoption is
		// counted, not read from adoption_weeks
		expect(adoptionIsKept(db, figuresAt(db, '2020-10-05'))).toBe(false);
		expect(adoptionIsKept(db, figuresAt(db, '2020-08-15'))).toBe(true);
		expect(managedOn('2020-06-30')).toBe(names(august).size);
		expect(managedOn('2020-08-15')).toBe(names(august).size);
		expect(managedOn('2020-10-12')).toBe(names(october).size);

		// a second source: its computers count beside the first's, one of them listed by both
		// with another department (the later import's row counts)
		const shared = lines[0].split(',');
		const jamf = [
			[shared[0], 'ENTO', 'macOS 11', '2020-09-01'].join(','),
			'JAMF-MAC0001,ENTO,macOS 11,2020-09-01',
			'JAMF-MAC0002,HORT,macOS 11,2020-08-20'
		];
		importText('jamf.csv', list(jamf), { kind: 'inventory', source: 'Jamf' });
		expectKeptAsRebuilt();
		for (const day of ['2020-08-15', '2020-10-12', '2020-12-20']) await expectFiguresAgree(day);
		const withJamf = (rows: string[]) => new Set([...names(rows), ...names(jamf)]).size;
		expect(managedOn('2020-08-15')).toBe(withJamf(august));
		expect(managedOn('2020-12-20')).toBe(withJamf(lines));

		// undo the October list: the August list holds until November
		undoImport(db, octoberId, 'test');
		expectKeptAsRebuilt();
		for (const day of ['2020-10-12', '2020-11-30']) await expectFiguresAgree(day);
		expect(managedOn('2020-10-12')).toBe(withJamf(august));
		expect(managedOn('2020-11-30')).toBe(withJamf(lines));
	}, 300_000);
});
