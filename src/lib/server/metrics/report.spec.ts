import { describe, expect, it } from 'vitest';
import { UNASSIGNED } from './departments';
import { archive, charge, device, managed, state } from './fixtures';
import { buildReport } from './report';
import type { DashboardState, Department, Device } from './types';

const ANSC: Department = {
	code: 'ANSC',
	name: 'Animal Science',
	aliases: ['CALS-ANSC', 'Dept of Animal Science', 'IT-ANS1004']
};
const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: ['CALS-ENTO'] };
const HORT: Department = { code: 'HORT', name: 'Horticulture', aliases: [] };

// As of D = 2020-06-30 (T = 2020-07-01T00:00Z), Code42 at 1.00 a device a month.
//
// Devices (department; health):
//  old      ANSC-PC0042 Deactivated (reinstalled)            ANSC by inventory; none
//  new      ANSC-PC0042 Active, two destinations: A 06-29 12:00 OK, B 06-20 WarningBackupAlert
//           → latest backup 0.5 day, worst alert Warning      ANSC; warning
//  d43      ANSC-PC0043 'Active, Deauthorized', last 06-22 (9 days)  ANSC; critical, failure
//  mac      "Jane's MacBook", host ansc-mac01, installed 06-25, nothing completed
//                                                             ANSC; never (6 days: no failure)
//  ento1    ENTO-PC1, last 06-30 08:00                        ENTO; ok
//  ento2    ENTO-PC2, installed 06-10, nothing completed      ENTO; never, 21 days: failure
//  home     home-laptop, orgName CALS-ENTO, enrollment list only (archives null)
//                                                             ENTO by orgName; unknown
//  orphan   xyz-pc, orgName 'Some Org', last 06-30 00:00, CriticalConnectionAlert
//                                                             UNASSIGNED; ok (a note only)
//  lab      LAB-X Blocked; inventory says 'Mystery', orgName CALS-ANSC  ANSC by orgName; none
// installed 9; active 7 (all but old and lab); ok 2, warning 1, critical 1, never 2,
// failures 2, unknown 1.
//
// Inventory: ANSC pc0042, pc0043, mac01 (3, all adopted: 100.0); ENTO pc1, pc2, pc3 (pc3 not
// installed: 2/3 = 66.7); LAB-X → UNASSIGNED (its device is Blocked: 0/1 = 0.0); HORT none
// (null). College 5/7 = 71.43 → 71.4.
//
// Charges (latest billed month 2020-06; the 2020-07 charge is after D and not read):
//  N1 ANSC-PC0042@ADSM4, ANSC: 03 550, 04 550, 05 575, 06 575. Linked old + new; new is
//     warning → eligible 575.
//  N2 ANSC-PC0043@ADSM4, 'Animal Science': 01 550, 02 551, 03 551 (07 999 ignored) → retired,
//     baseline 1652/3 = 550.67 → 551; Apr–Jun = 3 months → 1653.
//  N3 ANSC-LABIMAGING-SRV- (Billing Summary, cut), no department, account IT-ANS1004-… → ANSC
//     by account: 04 575, 05 576 → baseline 575.5 → 576; June → 576.
//  N4 ENTO-PC2@ADSM2, CALS-ENTO: 06 550. ENTO-PC2 never backed up, but hand-linked to ento1
//     (ok) → eligible 550.
//  N5 XYZ-PC.cals.cornell.edu@ADSM1, no department, unknown account: 06 1234. Linked orphan
//     (ok) → eligible 1234; the device is UNASSIGNED, so is the node.
//  N6 ENTO-PC1@ADSM2, ENTO: 06 700. Its name link to ento1 is removed by hand → not eligible.
//  N8 OLD-SERVER@ADSM1, department 'Nowhere', account X-1: 2019-12 1000, 2020-01 2000 →
//     baseline 1500; Feb–Jun = 5 months → 7500. UNASSIGNED.
// ANSC: realized 1653 + 576 = 2229, run rate 551 + 576 = 1127, eligible 575
//       → projected 12 × 1702 = 20424.
// ENTO: eligible 550 → 6600.  UNASSIGNED: realized 7500, run rate 1500, eligible 1234
//       → 12 × 2734 = 32808.
// College: realized 9729, run rate 2627, eligible 2359 → 12 × 4986 = 59832;
//          Code42 7 active × 100 = 700 a month → net 59832 − 8400 = 51432.
function fixture(): DashboardState {
	const at = (last: string | null, alertStates = 'OK') => [
		archive({ lastCompletedBackup: last, alertStates })
	];
	const devices: Device[] = [
		device('old', {
			deviceName: 'ANSC-PC0042',
			status: 'Deactivated',
			creationDate: '2019-10-01T00:00:00Z',
			archives: at('2020-03-01T00:00:00Z')
		}),
		device('new', {
			deviceName: 'ANSC-PC0042',
			creationDate: '2020-06-01T00:00:00Z',
			archives: [
				archive({ destinationName: 'A', lastCompletedBackup: '2020-06-29T12:00:00Z' }),
				archive({
					destinationName: 'B',
					lastCompletedBackup: '2020-06-20T00:00:00Z',
					alertStates: 'WarningBackupAlert'
				})
			]
		}),
		device('d43', {
			deviceName: 'ANSC-PC0043',
			status: 'Active, Deauthorized',
			archives: at('2020-06-22T00:00:00Z')
		}),
		device('mac', {
			deviceName: "Jane's MacBook",
			shortHostname: 'ansc-mac01',
			os: 'mac',
			creationDate: '2020-06-25T00:00:00Z',
			archives: at(null)
		}),
		device('ento1', { deviceName: 'ENTO-PC1', archives: at('2020-06-30T08:00:00Z') }),
		device('ento2', { deviceName: 'ENTO-PC2', creationDate: '2020-06-10T00:00:00Z', archives: [] }),
		device('home', { deviceName: 'home-laptop', orgName: 'CALS-ENTO', archives: null }),
		device('orphan', {
			deviceName: 'xyz-pc',
			orgName: 'Some Org',
			archives: at('2020-06-30T00:00:00Z', 'CriticalConnectionAlert')
		}),
		device('lab', { deviceName: 'LAB-X', orgName: 'CALS-ANSC', status: 'Blocked', archives: [] })
	];
	return state({
		asOf: '2020-06-30',
		departments: [HORT, ENTO, ANSC],
		managed: [
			managed('ANSC-PC0042', 'ANSC'),
			managed('ANSC-PC0043', 'ANSC'),
			managed('ANSC-MAC01', 'Dept of Animal Science', { os: 'macOS' }),
			managed('ENTO-PC1', 'Entomology'),
			managed('ENTO-PC2', 'ENTO'),
			managed('ENTO-PC3', 'ento'),
			managed('LAB-X', 'Mystery')
		],
		devices,
		charges: [
			charge('2020-03', 'ANSC-PC0042@ADSM4', 550, { department: 'ANSC' }),
			charge('2020-04', 'ANSC-PC0042@ADSM4', 550, { department: 'ANSC' }),
			charge('2020-05', 'ANSC-PC0042@ADSM4', 575, { department: 'ANSC' }),
			charge('2020-06', 'ANSC-PC0042@ADSM4', 575, { department: 'ANSC' }),
			charge('2020-01', 'ANSC-PC0043@ADSM4', 550, { department: 'Animal Science' }),
			charge('2020-02', 'ANSC-PC0043@ADSM4', 551, { department: 'Animal Science' }),
			charge('2020-03', 'ANSC-PC0043@ADSM4', 551, { department: 'Animal Science' }),
			charge('2020-07', 'ANSC-PC0043@ADSM4', 999, { department: 'Animal Science' }),
			charge('2020-04', 'ANSC-LABIMAGING-SRV-', 575, { account: 'IT-ANS1004-_____-6601-___' }),
			charge('2020-05', 'ANSC-LABIMAGING-SRV-', 576, { account: 'IT-ANS1004-_____-6601-___' }),
			charge('2020-06', 'ENTO-PC2@ADSM2', 550, { department: 'CALS-ENTO' }),
			charge('2020-06', 'XYZ-PC.cals.cornell.edu@ADSM1', 1234, { account: 'IT-ZZZ999' }),
			charge('2020-06', 'ENTO-PC1@ADSM2', 700, { department: 'ENTO' }),
			charge('2019-12', 'OLD-SERVER@ADSM1', 1000, { department: 'Nowhere', account: 'X-1' }),
			charge('2020-01', 'OLD-SERVER@ADSM1', 2000, { department: 'Nowhere', account: 'X-1' })
		],
		handLinks: [
			{ nodename: 'ento-pc2@adsm2', deviceUid: 'ento1', linked: true },
			{ nodename: 'ENTO-PC1@ADSM2', deviceUid: 'ento1', linked: false }
		],
		code42CentsPerDeviceMonth: 100
	});
}

describe('buildReport for the college', () => {
	const report = buildReport(fixture());

	it('counts devices, adoption and the milestone', () => {
		expect(report.asOf).toBe('2020-06-30');
		expect(report.department).toBeNull();
		expect(report.devices).toEqual({
			installed: 9,
			active: 7,
			milestone1000: null,
			managed: 7,
			adopted: 5,
			adoptionPct: 71.4
		});
	});

	it('counts health buckets and failures', () => {
		expect(report.health).toEqual({
			ok: 2,
			warning: 1,
			critical: 1,
			never: 2,
			failures: 2,
			unknown: 1
		});
	});

	it('adds up the savings and the net of the central Code42 cost', () => {
		expect(report.savings).toEqual({
			latestBilledMonth: '2020-06',
			realizedCents: 9729,
			eligibleMonthlyCents: 2359,
			runRateCents: 2627,
			projectedAnnualCents: 59832,
			retiredNodes: 3,
			eligibleNodes: 3,
			billedNodes: 4,
			code42MonthlyCents: 700,
			netAnnualCents: 51432
		});
	});

	it('lists every department and UNASSIGNED, by code, UNASSIGNED last', () => {
		expect(report.departments).toEqual([
			{
				code: 'ANSC',
				installed: 5,
				active: 3,
				managed: 3,
				adopted: 3,
				adoptionPct: 100,
				failures: 1,
				realizedSavingsCents: 2229,
				eligibleMonthlyCents: 575,
				projectedAnnualCents: 20424
			},
			{
				code: 'ENTO',
				installed: 3,
				active: 3,
				managed: 3,
				adopted: 2,
				adoptionPct: 66.7,
				failures: 1,
				realizedSavingsCents: 0,
				eligibleMonthlyCents: 550,
				projectedAnnualCents: 6600
			},
			{
				code: 'HORT',
				installed: 0,
				active: 0,
				managed: 0,
				adopted: 0,
				adoptionPct: null,
				failures: 0,
				realizedSavingsCents: 0,
				eligibleMonthlyCents: 0,
				projectedAnnualCents: 0
			},
			{
				code: UNASSIGNED,
				installed: 1,
				active: 1,
				managed: 1,
				adopted: 0,
				adoptionPct: 0,
				failures: 0,
				realizedSavingsCents: 7500,
				eligibleMonthlyCents: 1234,
				projectedAnnualCents: 32808
			}
		]);
	});

	it('sums the departments to the college', () => {
		const sum = (
			key: 'installed' | 'active' | 'managed' | 'realizedSavingsCents' | 'eligibleMonthlyCents'
		) => report.departments.reduce((total, d) => total + d[key], 0);
		expect([sum('installed'), sum('active'), sum('managed')]).toEqual([9, 7, 7]);
		expect([sum('realizedSavingsCents'), sum('eligibleMonthlyCents')]).toEqual([9729, 2359]);
	});

	it('survives JSON with the keys of the scripting interface', () => {
		const json = JSON.parse(JSON.stringify(report)) as Record<string, Record<string, unknown>>;
		expect(Object.keys(json.devices)).toEqual(
			expect.arrayContaining(['installed', 'active', 'milestone1000'])
		);
		expect(Object.keys(json.health)).toEqual(
			expect.arrayContaining(['ok', 'warning', 'critical', 'never', 'failures'])
		);
		expect(Object.keys(json.savings)).toEqual(
			expect.arrayContaining(['realizedCents', 'eligibleMonthlyCents', 'projectedAnnualCents'])
		);
	});
});

describe('buildReport for one department', () => {
	it("gives every figure as the department's own", () => {
		// ANSC: devices old, new, d43, mac, lab (5), active new, d43, mac (3); warning new,
		// critical d43 (failure), never mac; savings as above; Code42 3 × 100 → net
		// 20424 − 3600 = 16824. Billed in June: N1 only.
		const report = buildReport(fixture(), { department: 'ANSC' });
		expect(report.department).toBe('ANSC');
		expect(report.devices).toEqual({
			installed: 5,
			active: 3,
			milestone1000: null,
			managed: 3,
			adopted: 3,
			adoptionPct: 100
		});
		expect(report.health).toEqual({
			ok: 0,
			warning: 1,
			critical: 1,
			never: 1,
			failures: 1,
			unknown: 0
		});
		expect(report.savings).toEqual({
			latestBilledMonth: '2020-06',
			realizedCents: 2229,
			eligibleMonthlyCents: 575,
			runRateCents: 1127,
			projectedAnnualCents: 20424,
			retiredNodes: 2,
			eligibleNodes: 1,
			billedNodes: 1,
			code42MonthlyCents: 300,
			netAnnualCents: 16824
		});
		expect(report.departments.map((d) => d.code)).toEqual(['ANSC']);
	});

	it('takes a name or alias for the department, and UNASSIGNED in any case', () => {
		expect(buildReport(fixture(), { department: 'animal science' }).department).toBe('ANSC');
		const unassigned = buildReport(fixture(), { department: 'unassigned' });
		// orphan only: ok; OLD-SERVER retired 7500 (run rate 1500), XYZ-PC eligible 1234;
		// 12 × 2734 = 32808, Code42 100 a month → 32808 − 1200 = 31608
		expect(unassigned.department).toBe(UNASSIGNED);
		expect(unassigned.devices).toMatchObject({
			installed: 1,
			active: 1,
			managed: 1,
			adopted: 0,
			adoptionPct: 0
		});
		expect(unassigned.health).toMatchObject({ ok: 1, failures: 0 });
		expect(unassigned.savings).toMatchObject({
			realizedCents: 7500,
			eligibleMonthlyCents: 1234,
			projectedAnnualCents: 32808,
			netAnnualCents: 31608
		});
	});

	it('refuses a department it does not know, saying what to give', () => {
		expect(() => buildReport(fixture(), { department: 'CHEM' })).toThrow(
			'Unknown department "CHEM": give a department code, name or alias, or UNASSIGNED.'
		);
	});

	it("computes the milestone on the department's devices only", () => {
		// ENTO: 1,000 devices, device i installed 2020-01-01 + i days: its 1,000th (i = 999) is
		// 2020-01-01 + 366 + 365 = 2022-01-01, + 268 (Jan–Aug 2022 are 243 days) = 2022-09-26.
		// ANSC: one device, 2019-06-01: no milestone. The college's 1,000th is ENTO's i = 998:
		// 2022-09-25.
		const devices = Array.from({ length: 1000 }, (_, i) =>
			device(`e${i}`, {
				orgName: 'ENTO',
				creationDate: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString()
			})
		);
		devices.push(device('a', { orgName: 'ANSC', creationDate: '2019-06-01T00:00:00Z' }));
		const s = state({ asOf: '2022-12-31', departments: [ANSC, ENTO], devices });
		expect(buildReport(s).devices.milestone1000).toBe('2022-09-25');
		expect(buildReport(s, { department: 'ENTO' }).devices.milestone1000).toBe('2022-09-26');
		expect(buildReport(s, { department: 'ANSC' }).devices.milestone1000).toBeNull();
	});
});

describe('buildReport on empty inputs', () => {
	it('reports zeros, no milestone, no adoption and UNASSIGNED alone', () => {
		const report = buildReport(state());
		expect(report).toEqual({
			asOf: '2020-06-30',
			department: null,
			devices: {
				installed: 0,
				active: 0,
				milestone1000: null,
				managed: 0,
				adopted: 0,
				adoptionPct: null
			},
			health: { ok: 0, warning: 0, critical: 0, never: 0, failures: 0, unknown: 0 },
			savings: {
				latestBilledMonth: null,
				realizedCents: 0,
				eligibleMonthlyCents: 0,
				runRateCents: 0,
				projectedAnnualCents: 0,
				retiredNodes: 0,
				eligibleNodes: 0,
				billedNodes: 0,
				// no cost entered: not known, rather than $0.00
				code42MonthlyCents: null,
				netAnnualCents: null
			},
			departments: [
				{
					code: UNASSIGNED,
					installed: 0,
					active: 0,
					managed: 0,
					adopted: 0,
					adoptionPct: null,
					failures: 0,
					realizedSavingsCents: 0,
					eligibleMonthlyCents: 0,
					projectedAnnualCents: 0
				}
			]
		});
	});

	it('refuses a malformed as-of date', () => {
		expect(() => buildReport(state({ asOf: '2020-02-30' }))).toThrow(/not a calendar day/);
	});
});
