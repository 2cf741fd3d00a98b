import { describe, expect, it } from 'vitest';
import { createDepartmentResolver, indexManaged, UNASSIGNED } from './departments';
import { archive, charge, device, managed, state } from './fixtures';
import {
	countHealthRows,
	departmentByDevice,
	departmentSummaries,
	deviceHealthRows,
	explainDeviceDepartment,
	filterHealthRows,
	firstBackupsInProgress,
	unassignedDevices,
	unassignedNodes
} from './summary';
import type { Department, Device } from './types';

const departments: Department[] = [
	{ code: 'ANSC', name: 'Animal Science', aliases: ['CALS-ANSC'] },
	{ code: 'ENTO', name: 'Entomology', aliases: [] }
];
const backedUp = (uid: string, name: string, last: string | null, fields: Partial<Device>) =>
	device(uid, {
		deviceName: name,
		archives: [archive({ lastCompletedBackup: last })],
		...fields
	});

// As of 2020-06-30: T = 2020-07-01T00:00Z.
const fixture = state({
	asOf: '2020-06-30',
	departments,
	managed: [
		managed('ANSC-1', 'ANSC'),
		managed('ANSC-2', 'ANSC'),
		managed('ANSC-3', 'ANSC'),
		managed('ENTO-1', 'ENTO'),
		managed('LAB-1', 'Plant Lab') // names no department: UNASSIGNED
	],
	devices: [
		// 4 hours → ok
		backedUp('a1', 'ANSC-1', '2020-06-30T20:00:00Z', { creationDate: '2020-06-01T00:00:00Z' }),
		// 10 days → critical, a failure
		backedUp('a2', 'ANSC-2', '2020-06-21T00:00:00Z', {
			os: 'mac',
			creationDate: '2020-06-02T00:00:00Z'
		}),
		// ANSC-2's first device, reinstalled: it began ANSC's rollout (Monday 02-10)
		backedUp('a2old', 'ANSC-2', '2020-02-20T00:00:00Z', {
			status: 'Deactivated',
			creationDate: '2020-02-10T09:00:00Z'
		}),
		// placed in ANSC by its org's alias; 4 days → warning
		backedUp('x1', 'jdoe-laptop', '2020-06-27T00:00:00Z', {
			os: 'mac',
			orgName: 'CALS-ANSC',
			creationDate: '2020-06-03T00:00:00Z'
		}),
		// first backup half done, 6 days after install: never, not yet a failure
		device('e1', {
			deviceName: 'ENTO-1',
			creationDate: '2020-06-25T00:00:00Z',
			archives: [archive({ selectedBytes: 1e9, backupCompletePercentage: 50 })]
		}),
		// known only from an enrollment list: active, no backup state, no bucket
		device('cli', {
			deviceName: 'ENTO-2',
			orgName: 'Entomology',
			creationDate: '2020-06-26T00:00:00Z',
			archives: null
		}),
		// nothing places it: UNASSIGNED; 30 days without a backup → never, a failure
		backedUp('u1', 'personal-mac', null, {
			os: 'mac',
			orgName: 'CALS-Unsorted',
			creationDate: '2020-06-01T00:00:00Z'
		}),
		// in the inventory under an unknown department: UNASSIGNED; ok
		backedUp('lab', 'LAB-1', '2020-06-30T12:00:00Z', {
			os: 'linux',
			creationDate: '2020-06-10T00:00:00Z'
		}),
		backedUp('gone', 'GONE-PC', '2020-03-10T00:00:00Z', {
			status: 'Deactivated',
			creationDate: '2020-03-02T00:00:00Z'
		})
	]
});

describe('departmentSummaries', () => {
	const { college, departments: list } = departmentSummaries(fixture);
	const byCode = new Map(list.map((d) => [d.code, d]));

	it('lists every department and UNASSIGNED, by code', () => {
		expect(list.map((d) => [d.code, d.name])).toEqual([
			['ANSC', 'Animal Science'],
			['ENTO', 'Entomology'],
			[UNASSIGNED, 'Unassigned']
		]);
	});

	it('counts adoption, devices, buckets, stragglers and the rollout start per department', () => {
		expect(byCode.get('ANSC')).toMatchObject({
			managed: 3,
			adopted: 2, // ANSC-1, ANSC-2
			adoptionPct: 66.7,
			installed: 4, // a1, a2, a2old, x1
			active: 3,
			health: { ok: 1, warning: 1, critical: 1, never: 0, failures: 1, unknown: 0 },
			stragglers: 1, // ANSC-3
			rolloutBegan: '2020-02-10'
		});
		expect(byCode.get('ENTO')).toMatchObject({
			managed: 1,
			adopted: 1,
			adoptionPct: 100,
			installed: 2,
			active: 2,
			health: { ok: 0, warning: 0, critical: 0, never: 1, failures: 0, unknown: 1 },
			stragglers: 0,
			rolloutBegan: '2020-06-22' // Thursday 06-25 → Monday 06-22
		});
		expect(byCode.get(UNASSIGNED)).toMatchObject({
			managed: 1, // LAB-1
			adopted: 1,
			adoptionPct: 100,
			installed: 3, // u1, lab, gone
			active: 2,
			health: { ok: 1, warning: 0, critical: 0, never: 1, failures: 1, unknown: 0 },
			stragglers: 0,
			rolloutBegan: '2020-03-02'
		});
	});

	it('sums the college', () => {
		expect(college).toMatchObject({
			code: 'ALL',
			managed: 5,
			adopted: 4,
			adoptionPct: 80,
			installed: 9,
			active: 7,
			health: { ok: 2, warning: 1, critical: 1, never: 2, failures: 2, unknown: 1 },
			stragglers: 1,
			rolloutBegan: '2020-02-10'
		});
		expect(college.pace).toMatchObject({ managed: 5, adopted: 4 });
	});
});

describe('deviceHealthRows and the health filters', () => {
	const rows = deviceHealthRows(fixture, 10);
	const uids = (list: { deviceUid: string }[]) => list.map((r) => r.deviceUid);

	it('has a row per active device with a backup health, by department then host name', () => {
		expect(uids(rows)).toEqual(['a1', 'a2', 'x1', 'e1', 'lab', 'u1']);
		expect(rows[1]).toMatchObject({
			department: 'ANSC',
			departmentSource: 'inventory',
			osFamily: 'Mac',
			bucket: 'critical',
			failure: true,
			reason: 'last completed backup 10 days ago',
			progress: null
		});
		expect(rows[2]).toMatchObject({
			departmentSource: 'orgName',
			bucket: 'warning',
			reason: 'last completed backup 4 days ago'
		});
		// 1e9 × 50% = 5e8 bytes; × 8 / 10^7 = 400 s
		expect(rows[3]).toMatchObject({
			bucket: 'never',
			failure: false,
			reason: 'first backup not finished 6 days after install',
			progress: { bytesToSend: 5e8, secondsLeft: 400, percent: 50 }
		});
		expect(rows[5]).toMatchObject({
			department: UNASSIGNED,
			bucket: 'never',
			failure: true,
			reason: 'first backup not finished 30 days after install'
		});
	});

	it('filters by department, OS family and bucket, worst bucket first', () => {
		const none = { department: null, os: null, bucket: null };
		expect(uids(filterHealthRows(rows, { ...none, bucket: 'failures' }))).toEqual(['a2', 'u1']);
		expect(uids(filterHealthRows(rows, { ...none, department: 'ANSC', os: 'Mac' }))).toEqual([
			'a2',
			'x1'
		]);
		expect(uids(filterHealthRows(rows, { ...none, bucket: 'ok' }))).toEqual(['a1', 'lab']);
		expect(uids(filterHealthRows(rows, none))).toEqual(['a2', 'e1', 'u1', 'x1', 'a1', 'lab']);
		expect(filterHealthRows(rows, { ...none, os: 'Other' })).toEqual([]);
	});

	it('counts rows by bucket', () => {
		expect(countHealthRows(rows)).toEqual({
			ok: 2,
			warning: 1,
			critical: 1,
			never: 2,
			failures: 2,
			unknown: 0
		});
	});

	it('lists first backups in progress, the most to send first and unknown amounts last', () => {
		expect(uids(firstBackupsInProgress(rows))).toEqual(['e1', 'u1']);
	});
});

describe('explainDeviceDepartment', () => {
	const resolver = createDepartmentResolver(departments);
	const inventory = indexManaged(fixture.managed, resolver);
	const explain = (d: Device) => explainDeviceDepartment(d, inventory, resolver, departments);

	it('names the inventory computer that decided', () => {
		expect(explain(device('a1', { deviceName: 'ANSC-1.cals.example.edu' }))).toEqual({
			code: 'ANSC',
			source: 'inventory',
			shortHostname: 'ansc-1',
			computerName: 'ANSC-1',
			inventoryDepartment: 'ANSC',
			inventoryDepartmentKnown: true,
			orgName: null,
			orgMatchedBy: null
		});
	});

	it('says whether the orgName matched a code, a name or an alias', () => {
		expect(explain(device('o', { orgName: ' ansc ' }))).toMatchObject({
			code: 'ANSC',
			source: 'orgName',
			orgMatchedBy: 'code'
		});
		expect(explain(device('o', { orgName: 'animal science' })).orgMatchedBy).toBe('name');
		expect(explain(device('o', { orgName: 'CALS-ANSC' })).orgMatchedBy).toBe('alias');
	});

	it('shows the inventory department text that named nothing', () => {
		expect(explain(device('lab', { deviceName: 'LAB-1' }))).toMatchObject({
			code: UNASSIGNED,
			source: 'unassigned',
			computerName: 'LAB-1',
			inventoryDepartment: 'Plant Lab',
			inventoryDepartmentKnown: false
		});
	});
});

describe('unassignedDevices', () => {
	it('lists UNASSIGNED devices of every status with the text to add as an alias', () => {
		expect(
			unassignedDevices(fixture).map((d) => [
				d.deviceUid,
				d.status,
				d.inventoryDepartment,
				d.aliasToAdd
			])
		).toEqual([
			['gone', 'Deactivated', null, null],
			['lab', 'Active', 'Plant Lab', 'Plant Lab'],
			['u1', 'Active', null, 'CALS-Unsorted']
		]);
	});
});

describe('departmentByDevice', () => {
	it('places every device, deactivated ones included', () => {
		expect(Object.fromEntries(departmentByDevice(fixture))).toEqual({
			a1: 'ANSC',
			a2: 'ANSC',
			a2old: 'ANSC',
			x1: 'ANSC',
			e1: 'ENTO',
			cli: 'ENTO',
			u1: UNASSIGNED,
			lab: UNASSIGNED,
			gone: UNASSIGNED
		});
	});
});

describe('unassignedNodes', () => {
	it('lists the nodes nothing places, with the text to add as an alias', () => {
		const withCharges = {
			...fixture,
			charges: [
				// placed by its Department: not listed
				charge('2020-06', 'ANSC-1@ADSM4', 550, { department: 'ANSC' }),
				// a Department text that names nothing (its latest month's text counts)
				charge('2020-05', 'PLANTLAB-SRV@ADSM2', 550, { department: 'ANSC', account: 'IT-PLB0001' }),
				charge('2020-06', 'PLANTLAB-SRV@ADSM2', 600, {
					department: 'Plant Lab ',
					account: 'IT-PLB0001'
				}),
				// no Department, an account nobody lists, no linked device
				charge('2020-05', 'PRINT-SRV@ADSM2', 550, { account: 'IT-CAL9001' }),
				// no Department, but linked by name to ANSC-2's devices: placed by them
				charge('2020-06', 'ANSC-2@ADSM4', 550)
			]
		};
		expect(unassignedNodes(withCharges)).toEqual([
			{
				nodename: 'PLANTLAB-SRV@ADSM2',
				account: 'IT-PLB0001',
				chargeDepartment: 'Plant Lab',
				lastMonth: '2020-06',
				latestChargeCents: 600,
				retired: false,
				linkedDeviceUids: [],
				aliasToAdd: 'Plant Lab'
			},
			{
				nodename: 'PRINT-SRV@ADSM2',
				account: 'IT-CAL9001',
				chargeDepartment: null,
				lastMonth: '2020-05',
				latestChargeCents: 550,
				retired: true, // no charge in 2020-06, the latest billed month
				linkedDeviceUids: [],
				aliasToAdd: 'IT-CAL9001'
			}
		]);
	});
});
