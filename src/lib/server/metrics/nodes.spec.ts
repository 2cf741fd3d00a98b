import { describe, expect, it } from 'vitest';
import { archive, charge, device, managed, state } from './fixtures';
import {
	assessDevices,
	departmentSavingsSentence,
	devicesHoldingBack,
	nodeRows,
	savingsSentence,
	turnOffList,
	turnOffStatus,
	type LinkFacts
} from './nodes';
import { nodeSavings } from './savings';
import type { Department } from './types';

// D = 2020-06-30 (T = 07-01), latest billed month 2020-06.
// ANSC-PC1: May 550 (9.6 GB), June 575 (62.5 GB), then June again as 'ansc-pc1@adsm4' 580 (63 GB):
//   the later wins → latest charge 580, size 63 GB. Its device is ok → eligible. Account IT-A2.
// ANSC-PC2: June 550, ok → eligible; ANSC-PC3: June 600, backup 4 days old (warning) → eligible.
//   Both on account IT-A1.
// ANSC-OLD: Feb 500, Mar 500 → retired since April; 3 months × 500 = 1,500.
// ANSC-OLDER: Dec 2019 400 → retired since Jan 2020; 6 months × 400 = 2,400.
// ENTO-PC1: June 700, device critical → not eligible.
// ENTO-SRV: June 800, no device by name; hand-linked to ENTO-PC9 (ok) → eligible, by hand.
// Sentence ANSC: saved 3,900 since Jan 2020; 550 + 580 + 600 = 1,730 a month more, 3 accounts.
// Sentence ENTO: nothing saved; 800 a month more, 1 account.
const ANSC: Department = { code: 'ANSC', name: 'Animal Science', aliases: [] };
const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: [] };
const ok = [archive({ lastCompletedBackup: '2020-06-30T20:00:00Z' })];
const fixture = state({
	asOf: '2020-06-30',
	departments: [ANSC, ENTO],
	managed: [managed('ENTO-PC9', 'ENTO')],
	devices: [
		device('p1', { deviceName: 'ANSC-PC1', archives: ok }),
		device('p2', { deviceName: 'ANSC-PC2', archives: ok }),
		device('p3', {
			deviceName: 'ANSC-PC3',
			archives: [archive({ lastCompletedBackup: '2020-06-27T00:00:00Z' })]
		}),
		device('e1', {
			deviceName: 'ENTO-PC1',
			archives: [archive({ lastCompletedBackup: '2020-06-01T00:00:00Z' })]
		}),
		device('e9', { deviceName: 'ENTO-PC9', archives: ok })
	],
	charges: [
		charge('2020-05', 'ANSC-PC1@ADSM4', 550, {
			department: 'ANSC',
			account: 'IT-A2',
			totalBytes: 9.6e9
		}),
		charge('2020-06', 'ANSC-PC1@ADSM4', 575, {
			department: 'ANSC',
			account: 'IT-A2',
			totalBytes: 62.5e9
		}),
		charge('2020-06', 'ANSC-PC2@ADSM4', 550, { department: 'ANSC', account: 'IT-A1' }),
		charge('2020-06', 'ANSC-PC3@ADSM4', 600, { department: 'ANSC', account: 'IT-A1' }),
		charge('2020-02', 'ANSC-OLD@ADSM1', 500, { department: 'ANSC' }),
		charge('2020-03', 'ANSC-OLD@ADSM1', 500, { department: 'ANSC' }),
		charge('2019-12', 'ANSC-OLDER@ADSM1', 400, { department: 'ANSC' }),
		charge('2020-06', 'ENTO-PC1@X', 700, { department: 'ENTO', account: 'IT-E' }),
		charge('2020-06', 'ENTO-SRV@X', 800, { department: 'ENTO', account: 'IT-E' }),
		charge('2020-06', 'ansc-pc1@adsm4', 580, {
			department: 'ANSC',
			account: 'IT-A2',
			totalBytes: 63e9
		})
	],
	handLinks: [{ nodename: 'ento-srv@x', deviceUid: 'e9', linked: true }]
});
const devices = assessDevices(fixture);
const result = nodeSavings(fixture, devices);
const rows = nodeRows(fixture, result.nodes, devices);
const row = (key: string) => rows.find((r) => r.nodeKey === key);

describe('assessDevices', () => {
	it('gives every device its health and department once', () => {
		expect(devices.health.get('p3')?.bucket).toBe('warning');
		expect(devices.health.get('e1')?.bucket).toBe('critical');
		expect(devices.department.get('e9')).toBe('ENTO');
		expect(devices.department.get('p1')).toBe('UNASSIGNED'); // not in the inventory, no org
		expect(devices.byUid.size).toBe(5);
	});
});

describe('nodeRows', () => {
	it('shows the latest charge and its size, the later charge of the month winning', () => {
		expect(row('ansc-pc1@adsm4')).toMatchObject({
			nodename: 'ansc-pc1@adsm4',
			account: 'IT-A2',
			department: 'ANSC',
			sizeBytes: 63e9,
			latestChargeCents: 580,
			status: 'billed',
			firstMonth: '2020-05',
			sinceMonth: '2020-05',
			eligible: true
		});
	});

	it('says since when a retired node is off: the first month without a charge', () => {
		expect(row('ansc-old@adsm1')).toMatchObject({
			status: 'retired',
			lastMonth: '2020-03',
			sinceMonth: '2020-04',
			realizedCents: 1500,
			sizeBytes: null,
			devices: []
		});
		expect(row('ansc-older@adsm1')).toMatchObject({ sinceMonth: '2020-01', realizedCents: 2400 });
	});

	it('lists the linked devices with their health, and tells a hand link', () => {
		expect(row('ento-srv@x')?.devices).toEqual([
			{
				deviceUid: 'e9',
				deviceName: 'ENTO-PC9',
				username: null,
				status: 'Active',
				active: true,
				health: 'ok',
				lastCompletedBackup: '2020-06-30T20:00:00Z',
				byHand: true
			}
		]);
		expect(row('ento-pc1@x')?.devices.map((d) => [d.deviceUid, d.health, d.byHand])).toEqual([
			['e1', 'critical', false]
		]);
	});
});

describe('turnOffStatus', () => {
	const on = (health: LinkFacts['health']): LinkFacts => ({ active: true, health });
	const off: LinkFacts = { active: false, health: null };

	it('puts a node with a working backup (ok or warning) in "Turn off now"', () => {
		expect(turnOffStatus(false, [on('ok')])).toBe('now');
		expect(turnOffStatus(false, [on('warning')])).toBe('now');
		// one working device is enough, whatever the others
		expect(turnOffStatus(false, [on('critical'), off, on('warning')])).toBe('now');
	});

	it('says why not: the first reason that applies, in order', () => {
		expect(turnOffStatus(false, [])).toBe('no-device');
		expect(turnOffStatus(false, [off, off])).toBe('not-active');
		expect(turnOffStatus(false, [off, on('never')])).toBe('first-backup');
		expect(turnOffStatus(false, [on('critical'), on('never')])).toBe('first-backup');
		expect(turnOffStatus(false, [on('critical'), off])).toBe('critical');
		expect(turnOffStatus(false, [on(null), on('critical')])).toBe('critical');
		// active, known from enrollment lists only
		expect(turnOffStatus(false, [on(null), off])).toBe('no-backup-data');
	});

	it('says retired for a node no longer billed, whatever its devices', () => {
		expect(turnOffStatus(true, [on('ok')])).toBe('retired');
		expect(turnOffStatus(true, [])).toBe('retired');
	});

	it('is what the node list says, and agrees with eligible', () => {
		expect(row('ento-pc1@x')?.turnOff).toBe('critical');
		expect(row('ento-srv@x')?.turnOff).toBe('now');
		expect(row('ansc-old@adsm1')?.turnOff).toBe('retired');
		for (const r of rows) expect(r.turnOff === 'now').toBe(r.eligible);
	});
});

describe('devicesHoldingBack', () => {
	const gone = { name: 'gone', active: false, health: null };
	const starting = { name: 'starting', active: true, health: 'never' as const };
	const stale = { name: 'stale', active: true, health: 'critical' as const };
	const all = [gone, starting, stale];

	it('are the devices the reason is about: their users are the ones to chase', () => {
		expect(devicesHoldingBack('not-active', [gone])).toEqual([gone]);
		expect(devicesHoldingBack('first-backup', all)).toEqual([starting]);
		expect(devicesHoldingBack('critical', [gone, stale])).toEqual([stale]);
		expect(devicesHoldingBack('no-device', [])).toEqual([]);
		expect(devicesHoldingBack('now', all)).toEqual([]);
	});
});

describe('turnOffList', () => {
	it('groups the eligible nodes by department, then account, with their monthly charges', () => {
		expect(
			turnOffList(rows).map((d) => ({
				department: d.department,
				monthlyCents: d.monthlyCents,
				nodeCount: d.nodeCount,
				accounts: d.accounts.map((a) => [a.account, a.monthlyCents, a.nodes.map((n) => n.nodeKey)])
			}))
		).toEqual([
			{
				department: 'ANSC',
				monthlyCents: 1730,
				nodeCount: 3,
				accounts: [
					['IT-A1', 1150, ['ansc-pc2@adsm4', 'ansc-pc3@adsm4']],
					['IT-A2', 580, ['ansc-pc1@adsm4']]
				]
			},
			{
				department: 'ENTO',
				monthlyCents: 800,
				nodeCount: 1,
				accounts: [['IT-E', 800, ['ento-srv@x']]]
			}
		]);
	});

	it('is empty when nothing is eligible', () => {
		expect(turnOffList(rows.filter((r) => !r.eligible))).toEqual([]);
	});
});

describe('savingsSentence', () => {
	it('gives what a department saved since its first retirement and what more it can save', () => {
		expect(savingsSentence(result.nodes, result.latestBilledMonth, 'ANSC')).toEqual({
			department: 'ANSC',
			latestBilledMonth: '2020-06',
			realizedCents: 3900,
			sinceMonth: '2020-01',
			eligibleMonthlyCents: 1730,
			eligibleNodes: 3
		});
	});

	it('has no month when nothing is retired, and zeros for a department without nodes', () => {
		expect(departmentSavingsSentence(fixture, 'ENTO')).toEqual({
			department: 'ENTO',
			latestBilledMonth: '2020-06',
			realizedCents: 0,
			sinceMonth: null,
			eligibleMonthlyCents: 800,
			eligibleNodes: 1
		});
		expect(departmentSavingsSentence(fixture, 'UNASSIGNED')).toMatchObject({
			realizedCents: 0,
			sinceMonth: null,
			eligibleNodes: 0
		});
	});
});
