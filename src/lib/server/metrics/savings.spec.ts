import { describe, expect, it } from 'vitest';
import { departmentCodes, UNASSIGNED } from './departments';
import { archive, charge, device, managed, state } from './fixtures';
import {
	baselineCents,
	latestBilledMonth,
	linkNodes,
	nodeSavings,
	savingsByDepartment,
	sumSavings
} from './savings';
import type { Department } from './types';

describe('linkNodes', () => {
	// A reinstalled PC (two deviceUids, one host name), a Mac whose device name is not its host
	// name, and a server whose Billing Summary name was cut to 20 characters with a '-'.
	const devices = [
		device('old', { deviceName: 'ANSC-PC0042', status: 'Deactivated' }),
		device('new', { deviceName: 'ANSC-PC0042', shortHostname: 'ansc-pc0042' }),
		device('mac', { deviceName: "Jane's MacBook", shortHostname: 'ansc-mac01' }),
		device('lab', { deviceName: 'ANSC-LABIMAGING-SRV', shortHostname: 'ansc-lis01' })
	];
	const nodes = [
		'ANSC-PC0042@ADSM4',
		'ansc-mac01.cals.cornell.edu@ADSM2',
		'ANSC-LABIMAGING-SRV-',
		'NOMATCH@X'
	];

	it('links a node to every device whose short hostname or device name is its match key', () => {
		expect(Object.fromEntries(linkNodes(nodes, devices, []))).toEqual({
			'ansc-pc0042@adsm4': ['new', 'old'],
			'ansc-mac01.cals.cornell.edu@adsm2': ['mac'],
			'ansc-labimaging-srv-': ['lab'], // by device name
			'nomatch@x': []
		});
	});

	it('lets hand links win: an unlink removes a pair, a link adds one, the last word counts', () => {
		const links = linkNodes(nodes, devices, [
			{ nodename: 'ansc-pc0042@adsm4', deviceUid: 'old', linked: false },
			{ nodename: 'NOMATCH@X', deviceUid: 'mac', linked: true },
			{ nodename: 'NOMATCH@X', deviceUid: 'lab', linked: true },
			{ nodename: 'NOMATCH@X', deviceUid: 'lab', linked: false },
			{ nodename: 'NOMATCH@X', deviceUid: 'ghost', linked: true }, // no such device
			{ nodename: 'UNBILLED@X', deviceUid: 'mac', linked: true } // no such node
		]);
		expect(links.get('ansc-pc0042@adsm4')).toEqual(['new']);
		expect(links.get('nomatch@x')).toEqual(['mac']);
		expect(links.get('ansc-mac01.cals.cornell.edu@adsm2')).toEqual(['mac']); // one device, two nodes
		expect(links.has('unbilled@x')).toBe(false);
	});

	it('links nothing for no nodes or no devices', () => {
		expect(linkNodes([], devices, []).size).toBe(0);
		expect(linkNodes(nodes, [], []).get('ansc-pc0042@adsm4')).toEqual([]);
	});
});

describe('latestBilledMonth', () => {
	const charges = [charge('2020-03', 'A', 1), charge('2020-05', 'A', 1), charge('2020-07', 'B', 1)];

	it('is the latest month with any charge, not after the month of D', () => {
		expect(latestBilledMonth(charges, '2020-06-30')).toBe('2020-05'); // July is after D's month
		expect(latestBilledMonth(charges, '2020-07-01')).toBe('2020-07');
		expect(latestBilledMonth(charges, '2020-03-31')).toBe('2020-03');
	});

	it('is null with no charge up to then', () => {
		expect(latestBilledMonth(charges, '2020-02-29')).toBeNull();
		expect(latestBilledMonth([], '2020-06-30')).toBeNull();
	});
});

describe('baselineCents', () => {
	it('is the mean of the last three billed months, rounded half up', () => {
		expect(baselineCents([551, 551, 550])).toBe(551); // 1652 / 3 = 550.67
		expect(baselineCents([576, 575])).toBe(576); // 575.5 → 576
		expect(baselineCents([575])).toBe(575);
		expect(baselineCents([400, 300, 200, 100])).toBe(300); // the fourth is not read
		expect(baselineCents([])).toBe(0);
	});
});

describe('nodeSavings', () => {
	// D = 2020-06-30 (T = 07-01); the latest billed month is 2020-06 (the July charge is after D).
	// Devices: PC0042 reinstalled (old Deactivated with a fresh backup, new Active with a 4.5-day-old
	// backup: warning); ENTO-PC1 critical (9 days); ENTO-PC2 never; ENTO-PC3 enrollment only (no
	// health); ENTO-MAC ok, department by orgName.
	// Nodes:
	// A ANSC-PC0042: 04 550, 05 575, 06 575, then a second 06 charge spelled in lower case: 580 (the
	//   later wins); 07 9999 ignored. Billed; baseline (550 + 575 + 580) / 3 = 568.3 → 568;
	//   eligible through 'new' (warning), not 'old' (deactivated): 580 a month. Department: charge.
	// B ENTO-PC1: 06 700, linked device critical → not eligible; department from its device: ENTO.
	// C ENTO-PC2: 06 650, device never → not eligible; department 'Entomology' → ENTO.
	// D ENTO-PC3: 06 600, device has no health → not eligible; account IT-ANS1004-… → ANSC.
	// E ENTO-MAC: 06 1234, device ok → eligible 1234; department from its device (orgName) → ENTO.
	// F OLDBOX retired: 01 1000, 03 2000, 04 3001 (no Feb bill) → (1000 + 2000 + 3001) / 3 =
	//   2000.3 → 2000; 2 months after April (May, June) → 4000. Department CALS-ANSC → ANSC.
	// G GONE retired: 2019-11 100, 12 200, 2020-01 300, 02 400 → (200 + 300 + 400) / 3 = 300;
	//   4 months (Mar–Jun) → 1200. No department, unknown account, no device → UNASSIGNED.
	// H HALF retired: 04 575, 05 576 → 575.5 → 576; 1 month → 576. Department ENTO.
	const ANSC: Department = {
		code: 'ANSC',
		name: 'Animal Science',
		aliases: ['CALS-ANSC', 'IT-ANS1004']
	};
	const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: [] };
	const fresh = [archive({ lastCompletedBackup: '2020-06-30T01:00:00Z' })];
	const fixture = state({
		departments: [ENTO, ANSC],
		managed: [
			managed('ANSC-PC0042', 'ANSC'),
			managed('ENTO-PC1', 'ENTO'),
			managed('ENTO-PC2', 'ENTO')
		],
		devices: [
			device('old', { deviceName: 'ANSC-PC0042', status: 'Deactivated', archives: fresh }),
			device('new', {
				deviceName: 'ANSC-PC0042',
				creationDate: '2020-05-01T00:00:00Z',
				archives: [archive({ lastCompletedBackup: '2020-06-26T12:00:00Z' })]
			}),
			device('e1', {
				deviceName: 'ENTO-PC1',
				archives: [archive({ lastCompletedBackup: '2020-06-21T00:00:00Z' })]
			}),
			device('e2', { deviceName: 'ENTO-PC2', archives: [] }),
			device('e3', { deviceName: 'ENTO-PC3', archives: null }),
			device('m', { deviceName: 'ENTO-MAC', orgName: 'Entomology', archives: fresh })
		],
		charges: [
			charge('2020-04', 'ANSC-PC0042@ADSM4', 550, { department: 'ANSC' }),
			charge('2020-05', 'ANSC-PC0042@ADSM4', 575, { department: 'ANSC' }),
			charge('2020-06', 'ANSC-PC0042@ADSM4', 575, { department: 'ANSC' }),
			charge('2020-07', 'ANSC-PC0042@ADSM4', 9999, { department: 'ANSC' }),
			charge('2020-06', 'ENTO-PC1@ADSM2', 700, { account: 'IT-ENTO1' }),
			charge('2020-06', 'ENTO-PC2@ADSM2', 650, { department: 'Entomology' }),
			charge('2020-06', 'ENTO-PC3@ADSM2', 600, { account: 'IT-ANS1004-_____-6601' }),
			charge('2020-06', 'ENTO-MAC@ADSM2', 1234, { account: 'X' }),
			charge('2020-01', 'OLDBOX@ADSM1', 1000, { department: 'CALS-ANSC' }),
			charge('2020-03', 'OLDBOX@ADSM1', 2000, { department: 'CALS-ANSC' }),
			charge('2020-04', 'OLDBOX@ADSM1', 3001, { department: 'CALS-ANSC' }),
			charge('2019-11', 'GONE@ADSM1', 100, { account: 'Z' }),
			charge('2019-12', 'GONE@ADSM1', 200, { account: 'Z' }),
			charge('2020-01', 'GONE@ADSM1', 300, { account: 'Z' }),
			charge('2020-02', 'GONE@ADSM1', 400, { account: 'Z' }),
			charge('2020-04', 'HALF@ADSM1', 575, { department: 'ENTO' }),
			charge('2020-05', 'HALF@ADSM1', 576, { department: 'ENTO' }),
			charge('2020-06', 'ansc-pc0042@adsm4', 580, { department: 'ANSC' })
		]
	});
	const result = nodeSavings(fixture);
	const node = (key: string) => result.nodes.find((n) => n.nodeKey === key);

	it('finds the latest billed month and every node, by department then name', () => {
		expect(result.latestBilledMonth).toBe('2020-06');
		expect(result.nodes.map((n) => [n.department, n.departmentSource, n.nodeKey])).toEqual([
			['ANSC', 'charge', 'ansc-pc0042@adsm4'],
			['ANSC', 'account', 'ento-pc3@adsm2'],
			['ANSC', 'charge', 'oldbox@adsm1'],
			['ENTO', 'device', 'ento-mac@adsm2'],
			['ENTO', 'device', 'ento-pc1@adsm2'],
			['ENTO', 'charge', 'ento-pc2@adsm2'],
			['ENTO', 'charge', 'half@adsm1'],
			[UNASSIGNED, 'unassigned', 'gone@adsm1']
		]);
	});

	it('makes a still-billed node with a healthy active device eligible for its latest charge', () => {
		expect(node('ansc-pc0042@adsm4')).toMatchObject({
			nodename: 'ansc-pc0042@adsm4',
			firstMonth: '2020-04',
			lastMonth: '2020-06',
			billedMonths: 3,
			latestChargeCents: 580,
			baselineCents: 568,
			retired: false,
			monthsSinceLastBill: 0,
			realizedCents: 0,
			linkedDeviceUids: ['new', 'old'],
			eligible: true,
			eligibleDeviceUids: ['new'],
			eligibleMonthlyCents: 580
		});
		expect(node('ento-mac@adsm2')).toMatchObject({ eligible: true, eligibleMonthlyCents: 1234 });
	});

	it('does not make eligible a node whose devices are critical, never backed up or without health', () => {
		for (const key of ['ento-pc1@adsm2', 'ento-pc2@adsm2', 'ento-pc3@adsm2']) {
			expect(node(key)).toMatchObject({ retired: false, eligible: false, eligibleMonthlyCents: 0 });
		}
	});

	it('gives retired nodes their baseline times the months since their last bill', () => {
		expect(node('oldbox@adsm1')).toMatchObject({
			retired: true,
			baselineCents: 2000,
			monthsSinceLastBill: 2,
			realizedCents: 4000
		});
		expect(node('gone@adsm1')).toMatchObject({
			retired: true,
			baselineCents: 300,
			monthsSinceLastBill: 4,
			realizedCents: 1200
		});
		expect(node('half@adsm1')).toMatchObject({
			retired: true,
			baselineCents: 576,
			monthsSinceLastBill: 1,
			realizedCents: 576
		});
		expect(node('half@adsm1')?.eligible).toBe(false);
	});

	it('adds up per department and in total', () => {
		// ANSC: realized 4000, run rate 2000, eligible 580 → 12 × 2580 = 30960
		// ENTO: realized 576, run rate 576, eligible 1234 → 12 × 1810 = 21720
		// UNASSIGNED: realized 1200, run rate 300 → 12 × 300 = 3600
		// total: realized 5776, run rate 2876, eligible 1814 → 12 × 4690 = 56280
		const byDepartment = savingsByDepartment(result.nodes, departmentCodes(fixture.departments));
		expect(Object.fromEntries(byDepartment)).toEqual({
			ANSC: {
				realizedCents: 4000,
				eligibleMonthlyCents: 580,
				runRateCents: 2000,
				projectedAnnualCents: 30960,
				billedNodes: 2,
				retiredNodes: 1,
				eligibleNodes: 1
			},
			ENTO: {
				realizedCents: 576,
				eligibleMonthlyCents: 1234,
				runRateCents: 576,
				projectedAnnualCents: 21720,
				billedNodes: 3,
				retiredNodes: 1,
				eligibleNodes: 1
			},
			UNASSIGNED: {
				realizedCents: 1200,
				eligibleMonthlyCents: 0,
				runRateCents: 300,
				projectedAnnualCents: 3600,
				billedNodes: 0,
				retiredNodes: 1,
				eligibleNodes: 0
			}
		});
		expect(sumSavings(result.nodes)).toEqual({
			realizedCents: 5776,
			eligibleMonthlyCents: 1814,
			runRateCents: 2876,
			projectedAnnualCents: 56280,
			billedNodes: 5,
			retiredNodes: 3,
			eligibleNodes: 2
		});
	});

	it('follows hand links: unlinking the new PC takes its node out of eligible', () => {
		const unlinked = nodeSavings({
			...fixture,
			handLinks: [{ nodename: 'ANSC-PC0042@ADSM4', deviceUid: 'new', linked: false }]
		});
		const a = unlinked.nodes.find((n) => n.nodeKey === 'ansc-pc0042@adsm4');
		expect(a).toMatchObject({
			linkedDeviceUids: ['old'],
			eligible: false,
			eligibleMonthlyCents: 0
		});
		expect(sumSavings(unlinked.nodes).eligibleMonthlyCents).toBe(1234);
	});

	it('gives a node its linked device department, active devices first', () => {
		// GONE, hand-linked to the deactivated PC0042 (ANSC) and to ENTO-MAC (ENTO, active): ENTO
		const linked = nodeSavings({
			...fixture,
			handLinks: [
				{ nodename: 'GONE@ADSM1', deviceUid: 'old', linked: true },
				{ nodename: 'GONE@ADSM1', deviceUid: 'm', linked: true }
			]
		});
		expect(linked.nodes.find((n) => n.nodeKey === 'gone@adsm1')).toMatchObject({
			department: 'ENTO',
			departmentSource: 'device'
		});
	});

	it('reads charges in any order: last three distinct months, the later charge of a month', () => {
		// Months arrive 05, 02, 06, 01, 04, 06 again (the later 06 charge, 900, wins), 03; D's month
		// is 06. Distinct months: 01–06 = 6; first 01. Last three: 06 (900), 05 (500), 04 (400) →
		// 1800 / 3 = 600. Still billed in 06: not retired.
		const shuffled = nodeSavings(
			state({
				charges: [
					charge('2020-05', 'P@S', 500),
					charge('2020-02', 'P@S', 200),
					charge('2020-06', 'P@S', 600),
					charge('2020-01', 'P@S', 100),
					charge('2020-04', 'P@S', 400),
					charge('2020-06', 'p@s', 900),
					charge('2020-03', 'P@S', 300)
				]
			})
		);
		expect(shuffled.nodes).toHaveLength(1);
		expect(shuffled.nodes[0]).toMatchObject({
			nodename: 'p@s',
			firstMonth: '2020-01',
			lastMonth: '2020-06',
			billedMonths: 6,
			latestChargeCents: 900,
			baselineCents: 600,
			retired: false
		});
	});

	it('is empty without charges up to D', () => {
		expect(nodeSavings(state())).toEqual({ latestBilledMonth: null, nodes: [] });
		expect(nodeSavings({ ...fixture, asOf: '2019-10-31' })).toEqual({
			latestBilledMonth: null,
			nodes: []
		});
		expect(sumSavings([])).toMatchObject({ realizedCents: 0, projectedAnnualCents: 0 });
	});
});
