// Why a node is not in "Turn off now": the reason SQL works out over node_links_at
// (figures/savings.ts) against the rule of metrics/nodes.ts (turnOffStatus, through nodeRows)
// over the whole state in memory (reference.ts), on the same data: a small database of real-format
// files with one node for each reason, hand-checked, and the sample data on several days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../paging';
import { TURN_OFF, type TurnOff } from '../../turn-off';
import { openDatabase, type Db } from '../db';
import { setHandLink } from '../hand-links';
import { importFile } from '../imports/pipeline';
import { sampleFile, type SampleFile } from '../imports/sample-file';
import { assessDevices, nodeRows, type NodeRow } from '../metrics/nodes';
import { nodeSavings } from '../metrics/savings';
import { figuresAt } from './at';
import { withNodesAt } from './nodes';
import { loadState } from './reference';
import { turnOffFigures, turnOffRows } from '../pages/savings';
import { countTurnOff, nodePage } from './savings';

const CODE42_HEADER =
	'archiveGuid,orgUid,orgName,orgExtRef,userUid,username,email,userExtRef,deviceUid,deviceName,' +
	'deviceOsHostname,deviceExtRef,destinationUid,destinationName,serverUid,serverName,version,' +
	'status,userStatus,alertStates,os,osVersion,address,remoteAddress,creationDate,selectedBytes,' +
	'backupCompletePercentage,archiveBytes,coldStorage,lastConnectedDate,lastCompletedBackupDate,' +
	'lastActivity,mostRecentUserProfileCreationResult,mostRecentUserProfileBackupResult';

interface Line {
	uid: string;
	name: string;
	username?: string;
	status?: string;
	alert?: string;
	/** its last completed backup; null: its first backup is running */
	backup: string | null;
	percent?: string;
}

/** A row of a Code42 device backup report, one destination. */
const deviceLine = (d: Line) =>
	[
		`a${d.uid}`,
		'1',
		'Animal Science',
		'',
		'2',
		d.username ?? '',
		'',
		'',
		d.uid,
		d.name,
		`${d.name}.cals.example.edu`,
		'',
		'3',
		'Code42 Cloud',
		'4',
		'srv',
		'1',
		`"${d.status ?? 'Active'}"`,
		'Active',
		d.alert ?? 'OK',
		'win64',
		'10',
		'',
		'',
		'2020-06-10T00:00:00.000Z',
		'1000000',
		d.percent ?? '100.0',
		'1000',
		'false',
		'2020-06-30T12:00:00.000Z',
		d.backup ?? 'null',
		'2020-06-30T12:00:00.000Z',
		'',
		''
	].join(',');

// As of 2020-06-30 (T = 07-01), the latest billed month June. Each node is named after what
// holds it back; the devices are named as the nodes, so the name rule links them.
const DEVICES: Line[] = [
	{ uid: '1', name: 'works', username: 'ann', backup: '2020-06-30T20:00:00Z' }, // ok
	{ uid: '2', name: 'warns', username: 'bob', backup: '2020-06-27T00:00:00Z' }, // warning
	{
		uid: '3',
		name: 'alerted',
		username: 'cy',
		backup: '2020-06-30T20:00:00Z',
		alert: 'WarningBackupAlert'
	},
	{ uid: '4', name: 'stale', username: 'dee', backup: '2020-06-01T00:00:00Z' }, // critical
	{
		uid: '5',
		name: 'alarmed',
		username: 'eve',
		backup: '2020-06-30T20:00:00Z',
		alert: 'CriticalBackupAlert'
	},
	{ uid: '6', name: 'starting', username: 'fay', backup: null, percent: '40.0' }, // never
	{
		uid: '7',
		name: 'gone',
		username: 'gus',
		backup: '2020-05-01T00:00:00Z',
		status: 'Deactivated'
	},
	{ uid: '8', name: 'blocked', backup: '2020-06-30T20:00:00Z', status: 'Blocked' },
	// reinstalled: the old device deactivated, the new one in its first backup
	{
		uid: '9',
		name: 'reinstalled',
		username: 'hal',
		backup: '2020-03-01T00:00:00Z',
		status: 'Deactivated'
	},
	{ uid: '10', name: 'reinstalled', username: 'hal', backup: null },
	// two computers of one name: one critical, one in its first backup
	{ uid: '11', name: 'twice', username: 'ida', backup: '2020-06-01T00:00:00Z' },
	{ uid: '12', name: 'twice', username: 'jo', backup: null },
	// a warning beside a critical device: the node can go
	{ uid: '13', name: 'mixed', username: 'kim', backup: '2020-06-27T00:00:00Z' },
	{ uid: '14', name: 'mixed', username: 'lu', backup: '2020-06-01T00:00:00Z' },
	// unlinked by hand from its node, and the device linked by hand to 'server'
	{ uid: '15', name: 'unlinked', username: 'max', backup: '2020-06-30T20:00:00Z' },
	{ uid: '16', name: 'lab-pc', username: 'ned', backup: '2020-06-30T20:00:00Z' }
];

/** What each node must say, worked out by hand from the rule (docs/rules.md). */
const EXPECTED: Record<string, TurnOff> = {
	'WORKS@S': 'now',
	'WARNS@S': 'now',
	'ALERTED@S': 'now',
	'STALE@S': 'critical',
	'ALARMED@S': 'critical',
	'STARTING@S': 'first-backup',
	'GONE@S': 'not-active',
	'BLOCKED@S': 'not-active',
	'REINSTALLED@S': 'first-backup',
	'TWICE@S': 'first-backup',
	'MIXED@S': 'now',
	'UNLINKED@S': 'no-device',
	'SERVER@S': 'now',
	'NOBODY@S': 'no-device',
	'ENROLLED@S': 'no-backup-data',
	'OLD@S': 'retired'
};

function fixture(): Db {
	const db = openDatabase(':memory:');
	const load = (fileName: string, lines: string[], asOf?: string) =>
		expect(
			importFile(db, {
				fileName,
				bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n'),
				uploadedBy: 'test',
				asOf
			}).status
		).toBe('imported');
	load('departments.csv', ['Code,Name,Aliases', 'ANSC,Animal Science,']);
	load('devices.csv', [CODE42_HEADER, ...DEVICES.map(deviceLine)], '2020-06-30');
	// a computer Code42 enrolled, that no backup report has shown yet
	load(
		'enrollment.csv',
		[
			'computerId,guid,name,osHostname,status,lastConnected,creationDate,productVersion,osName,osVersion,userUid',
			'1,20,enrolled,enrolled.cals.example.edu,Active,2020-06-30T10:00:00.000Z,2020-06-29T10:00:00.000Z,8,win64,10,9'
		],
		'2020-06-30'
	);
	const charge = (month: string, node: string) =>
		`${month},IT-ANS1,ANSC,${node},1.0G,0.0M,1.0G,0.0M,5.50,0.00,5.50`;
	load('billing.csv', [
		'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total',
		charge('2020-05', 'OLD@S'),
		...Object.keys(EXPECTED)
			.filter((node) => node !== 'OLD@S')
			.map((node) => charge('2020-06', node))
	]);
	setHandLink(db, { nodename: 'UNLINKED@S', deviceUid: '15', linked: false }, 'test');
	setHandLink(db, { nodename: 'SERVER@S', deviceUid: '16', linked: true }, 'test');
	return db;
}

/** Each node's standing and linked devices as SQL gives them, and as the rule over the state. */
async function bothWays(db: Db, asOf: string) {
	const at = figuresAt(db, asOf);
	const byKey = (rows: NodeRow[]) =>
		rows
			.map((r) => ({
				node: r.nodeKey,
				turnOff: r.turnOff,
				devices: r.devices
					.map((d) => ({
						uid: d.deviceUid,
						username: d.username,
						active: d.active,
						health: d.health
					}))
					.sort((a, b) => (a.uid < b.uid ? -1 : 1))
			}))
			.sort((a, b) => (a.node < b.node ? -1 : 1));
	const { sql, counts } = await withNodesAt(db, at, () => ({
		sql: byKey(nodePage(db, at, { show: 'all' }, null)),
		counts: countTurnOff(db, { show: 'all' })
	}));
	const state = loadState(db, asOf);
	const assessed = assessDevices(state);
	const rule = byKey(nodeRows(state, nodeSavings(state, assessed).nodes, assessed));
	return { sql, rule, counts };
}

describe('why a node is not in "Turn off now"', () => {
	it('is the first reason that applies, in SQL as in the rule', async () => {
		const db = fixture();
		const { sql, rule, counts } = await bothWays(db, '2020-06-30');
		expect(sql).toEqual(rule);
		expect(Object.fromEntries(sql.map((n) => [n.node, n.turnOff]))).toEqual(
			Object.fromEntries(
				Object.entries(EXPECTED).map(([node, turnOff]) => [node.toLowerCase(), turnOff])
			)
		);
		// the devices say whose user to chase
		expect(sql.find((n) => n.node === 'reinstalled@s')?.devices).toEqual([
			{ uid: '10', username: 'hal', active: true, health: 'never' },
			{ uid: '9', username: 'hal', active: false, health: null }
		]);
		// counted by reason, in the rule's order
		const tally = new Map<TurnOff, number>();
		for (const turnOff of Object.values(EXPECTED))
			tally.set(turnOff, (tally.get(turnOff) ?? 0) + 1);
		expect([...counts]).toEqual(TURN_OFF.filter((t) => tally.has(t)).map((t) => [t, tally.get(t)]));
		db.$client.close();
	});

	it('lists the nodes not to turn off yet by reason, then by node', async () => {
		const db = fixture();
		const at = figuresAt(db, '2020-06-30');
		const listed = (
			await withNodesAt(db, at, () =>
				nodePage(db, at, { codes: ['ANSC'], turnOff: 'not-yet' }, null)
			)
		).map((r) => [r.turnOff, r.nodename]);
		expect(listed).toEqual([
			['no-device', 'NOBODY@S'],
			['no-device', 'UNLINKED@S'],
			['not-active', 'BLOCKED@S'],
			['not-active', 'GONE@S'],
			['first-backup', 'REINSTALLED@S'],
			['first-backup', 'STARTING@S'],
			['first-backup', 'TWICE@S'],
			['critical', 'ALARMED@S'],
			['critical', 'STALE@S'],
			['no-backup-data', 'ENROLLED@S']
		]);
		db.$client.close();
	});
});

describe('why a node is not in "Turn off now", on the sample data', () => {
	let samples: SampleFile;
	beforeAll(() => {
		samples = sampleFile();
	}, 120_000);
	afterAll(() => samples.remove());

	it('is the same in SQL as in the rule on every kind of day', async () => {
		for (const asOf of ['2020-06-30', '2020-10-12', '2020-11-30', '2021-03-01']) {
			const { sql, rule } = await bothWays(samples.db, asOf);
			expect(sql).toEqual(rule);
			// the sample data has nodes of most reasons: the comparison is not of one kind only
			if (asOf === '2020-11-30') {
				expect(new Set(sql.map((n) => n.turnOff)).size).toBeGreaterThanOrEqual(4);
			}
		}
	}, 120_000);
});

describe('the "Turn off now" list, on the sample data', () => {
	let samples: SampleFile;
	beforeAll(() => {
		samples = sampleFile();
	}, 120_000);
	afterAll(() => samples.remove());

	const asOf = '2020-11-30';
	const page = (query: string) => {
		const at = figuresAt(samples.db, asOf);
		return turnOffFigures(
			{ db: samples.db, asOf, at, scope: null },
			new URL(`http://test.invalid/savings/turn-off?${query}`)
		);
	};
	const nodesOf = (figures: Awaited<ReturnType<typeof page>>) =>
		figures.groups.flatMap((g) => g.accounts.flatMap((a) => a.nodes.map((n) => n.nodeKey)));

	it("is the rule's list, a page at a time in its order, with the whole list's totals", async () => {
		const state = loadState(samples.db, asOf);
		const assessed = assessDevices(state);
		const rule = nodeRows(state, nodeSavings(state, assessed).nodes, assessed).filter(
			(r) => r.eligible
		);
		const first = await page('');
		expect(first.nodeCount).toBe(rule.length);
		expect(first.monthlyCents).toBe(rule.reduce((sum, r) => sum + r.latestChargeCents, 0));
		expect(first.page?.pages).toBe(Math.ceil(rule.length / PAGE_SIZE));
		// the sample data lists more than one page of them, of several departments
		expect(first.page?.pages).toBeGreaterThan(1);
		expect(first.departments.length).toBeGreaterThan(1);

		const listed: string[] = [];
		for (let n = 1; n <= (first.page?.pages ?? 0); n++) {
			const shown = await page(`page=${n}`);
			expect(nodesOf(shown).length).toBe(Math.min(PAGE_SIZE, rule.length - listed.length));
			// a heading says what all of its department and account add up to, not the page
			for (const g of shown.groups) {
				const mine = rule.filter((r) => r.department === g.department);
				expect([g.nodeCount, g.monthlyCents]).toEqual([
					mine.length,
					mine.reduce((sum, r) => sum + r.latestChargeCents, 0)
				]);
				for (const a of g.accounts) {
					const theirs = mine.filter((r) => r.account === a.account);
					expect([a.nodeCount, a.monthlyCents]).toEqual([
						theirs.length,
						theirs.reduce((sum, r) => sum + r.latestChargeCents, 0)
					]);
				}
			}
			listed.push(...nodesOf(shown));
		}
		// every node once, grouped by department (in the list's order), account, then node
		expect([...listed].sort()).toEqual(rule.map((r) => r.nodeKey).sort());
		const order = first.departments.map((d) => d.department);
		const byKey = new Map(rule.map((r) => [r.nodeKey, r]));
		const sortKey = (key: string) => {
			const r = byKey.get(key)!;
			return [order.indexOf(r.department), r.account, r.nodeKey] as const;
		};
		const sorted = [...listed].sort((x, y) => {
			const [a, b] = [sortKey(x), sortKey(y)];
			return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : 1);
		});
		expect(listed).toEqual(sorted);

		// one department's list is whole, in the same order, to print
		const largest = [...first.departments].sort((a, b) => b.nodeCount - a.nodeCount)[0];
		const one = await page(`department=${largest.department}&page=2`);
		expect(one.page).toBeNull();
		expect(nodesOf(one)).toEqual(
			listed.filter((key) => byKey.get(key)!.department === largest.department)
		);
		// the CSV's rows are the list's
		const rows = await turnOffRows(
			{ db: samples.db, asOf, at: figuresAt(samples.db, asOf), scope: null },
			new URL('http://test.invalid/savings/turn-off')
		);
		expect(rows.map((r) => r.nodeKey)).toEqual(listed);
	}, 120_000);
});
