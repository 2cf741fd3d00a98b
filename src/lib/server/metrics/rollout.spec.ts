import { describe, expect, it } from 'vitest';
import { UNASSIGNED } from './departments';
import { device, managed, state } from './fixtures';
import {
	adoptionByDepartment,
	countActive,
	countInstalled,
	distinctDevices,
	isActiveStatus,
	milestoneDate,
	paceByDepartment,
	stragglers,
	weeklyInstalls
} from './rollout';
import type { Department, Device } from './types';

const ANSC: Department = { code: 'ANSC', name: 'Animal Science', aliases: ['CALS-ANSC'] };
const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: [] };
const HORT: Department = { code: 'HORT', name: 'Horticulture', aliases: [] };

describe('installed and active', () => {
	// A reinstalled computer: the old deviceUid Deactivated, the new one Active, same host name.
	// 'Active, Deauthorized' starts with Active: active. Blocked is not. The state lists 'new'
	// twice (two reports); the later report's state wins.
	const devices: Device[] = [
		device('old', { deviceName: 'ANSC-PC0042', status: 'Deactivated', reportAsOf: '2020-06-30' }),
		device('new', { deviceName: 'ANSC-PC0042', status: 'Deactivated', reportAsOf: '2020-05-31' }),
		device('new', { deviceName: 'ANSC-PC0042', status: 'Active', reportAsOf: '2020-06-30' }),
		device('deauth', { status: 'Active, Deauthorized' }),
		device('blocked', { status: 'Blocked' })
	];

	it('counts every distinct device as installed, deactivated ones included', () => {
		expect(countInstalled(devices)).toBe(4); // old, new, deauth, blocked
		expect(countInstalled([])).toBe(0);
	});

	it('counts as active the devices whose latest status starts with Active', () => {
		expect(countActive(devices)).toBe(2); // new (latest report), deauth
		expect(countActive([])).toBe(0);
	});

	it('reads the status without regard to case or spaces', () => {
		expect(isActiveStatus(' active ')).toBe(true);
		expect(isActiveStatus('Active, Deauthorized')).toBe(true);
		expect(isActiveStatus('Deactivated')).toBe(false);
		expect(isActiveStatus('')).toBe(false);
	});

	it('keeps one entry per deviceUid', () => {
		expect(distinctDevices(devices).map((d) => `${d.deviceUid}:${d.status}`)).toEqual([
			'old:Deactivated',
			'new:Active',
			'deauth:Active, Deauthorized',
			'blocked:Blocked'
		]);
	});
});

describe('milestoneDate', () => {
	// Install dates in order: c 01-02 (deactivated), b 01-04 01:30Z (written 01-03 23:30 at −02:00),
	// a 01-05, e 01-06; d has none and is not placed.
	const devices = [
		device('a', { creationDate: '2020-01-05T10:00:00Z' }),
		device('b', { creationDate: '2020-01-03T23:30:00-02:00' }),
		device('c', { creationDate: '2020-01-02T00:00:00Z', status: 'Deactivated' }),
		device('d', { creationDate: null }),
		device('e', { creationDate: '2020-01-06T00:00:00Z' })
	];

	it('is the UTC day of the n-th earliest install, deactivated devices included', () => {
		expect(milestoneDate(devices, 1)).toBe('2020-01-02'); // c, deactivated, counts
		expect(milestoneDate(devices, 2)).toBe('2020-01-04'); // b, in UTC: not 01-03
		expect(milestoneDate(devices, 3)).toBe('2020-01-05');
		expect(milestoneDate(devices, 4)).toBe('2020-01-06');
	});

	it('is null with fewer dated devices than n, and for no devices', () => {
		expect(milestoneDate(devices, 5)).toBeNull(); // 5 devices, but only 4 with a date
		expect(milestoneDate([])).toBeNull();
	});

	it('takes the date on a tie', () => {
		const tie = [
			device('x', { creationDate: '2020-03-01T05:00:00Z' }),
			device('y', { creationDate: '2020-03-01T05:00:00Z' })
		];
		expect(milestoneDate(tie, 2)).toBe('2020-03-01');
	});

	it('finds the 1,000th of 1,100 devices listed in any order', () => {
		// Device i installed 2019-01-01 at noon + i days, i = 0..1099, listed backwards. The
		// 1,000th earliest is i = 999: 2019-01-01 + 365 = 2020-01-01, + 366 = 2021-01-01 (731 days),
		// + 268 more: Jan–Aug 2021 are 243 days, so 2021-09-01 is +974 and +999 is 2021-09-26.
		const many: Device[] = [];
		for (let i = 1099; i >= 0; i--) {
			many.push(
				device(`d${i}`, {
					creationDate: new Date(Date.UTC(2019, 0, 1, 12) + i * 86_400_000).toISOString()
				})
			);
		}
		expect(milestoneDate(many)).toBe('2021-09-26');
		expect(milestoneDate(many.slice(0, 999))).toBeNull();
	});

	it('refuses a count below 1', () => {
		expect(() => milestoneDate(devices, 0)).toThrow(RangeError);
	});
});

describe('adoption and stragglers', () => {
	// Inventory: ANSC has PC0042, PC0043, PC0044; ENTO has ENTO-PC1; LAB-X names an unknown
	// department (UNASSIGNED); HORT has no inventory.
	// Devices: PC0042 reinstalled (old Deactivated, new Active) → adopted; PC0043 only a
	// Deactivated device → not; ento-pc1 is 'Active, Deauthorized' (host name with a domain) →
	// adopted; home-laptop is active but in no inventory: it adopts nothing.
	const fixture = state({
		departments: [HORT, ENTO, ANSC],
		managed: [
			managed('ANSC-PC0042', 'ANSC'),
			managed('ANSC-PC0043', 'Animal Science'),
			managed('ANSC-PC0044', 'CALS-ANSC'),
			managed('ENTO-PC1', 'ENTO'),
			managed('LAB-X', 'Mystery')
		],
		devices: [
			device('d42-old', { deviceName: 'ANSC-PC0042', status: 'Deactivated' }),
			device('d42-new', { deviceName: 'ANSC-PC0042' }),
			device('d43-old', { deviceName: 'ANSC-PC0043', status: 'Deactivated' }),
			device('ento', {
				deviceName: 'Bug Lab PC',
				shortHostname: 'ento-pc1',
				status: 'Active, Deauthorized'
			}),
			device('home', { deviceName: 'home-laptop', orgName: 'CALS-ANSC' })
		]
	});

	it('divides managed computers matching an active device by managed computers, per department', () => {
		const { overall, byDepartment } = adoptionByDepartment(fixture);
		// ANSC 1/3 = 33.33 → 33.3; ENTO 1/1 → 100; UNASSIGNED 0/1 → 0; HORT none → null
		expect([...byDepartment.entries()]).toEqual([
			['ANSC', { managed: 3, adopted: 1, adoptionPct: 33.3 }],
			['ENTO', { managed: 1, adopted: 1, adoptionPct: 100 }],
			['HORT', { managed: 0, adopted: 0, adoptionPct: null }],
			[UNASSIGNED, { managed: 1, adopted: 0, adoptionPct: 0 }]
		]);
		// college: 2 of 5 → 40.0
		expect(overall).toEqual({ managed: 5, adopted: 2, adoptionPct: 40 });
	});

	it('has no adoption without inventory', () => {
		const { overall, byDepartment } = adoptionByDepartment(state({ devices: fixture.devices }));
		expect(overall.adoptionPct).toBeNull();
		expect([...byDepartment.keys()]).toEqual([UNASSIGNED]);
	});

	it('lists managed computers with no active device, by department then name, UNASSIGNED last', () => {
		const list = stragglers(fixture);
		expect(list.map((s) => [s.department, s.shortName, s.inactiveDeviceUids])).toEqual([
			['ANSC', 'ansc-pc0043', ['d43-old']], // a deactivated device: a reinstall to chase
			['ANSC', 'ansc-pc0044', []],
			[UNASSIGNED, 'lab-x', []]
		]);
		expect(list[0].computerName).toBe('ANSC-PC0043');
		expect(stragglers(state())).toEqual([]);
	});
});

describe('weeklyInstalls', () => {
	// D = 2020-06-30 (a Tuesday), T = 07-01 00:00Z; weeks start on Monday.
	// a Wed 06-10 and b Sun 06-14 23:59 → week of 06-08; c Mon 06-15 00:00 (Deactivated) → 06-15;
	// nothing in 06-22; d 06-30 22:00 → 06-29. e has no date; f is after T: neither is placed.
	const devices = [
		device('a', { creationDate: '2020-06-10T10:00:00Z' }),
		device('b', { creationDate: '2020-06-14T23:59:00Z' }),
		device('c', { creationDate: '2020-06-15T00:00:00Z', status: 'Deactivated' }),
		device('d', { creationDate: '2020-06-30T22:00:00Z' }),
		device('e', { creationDate: null }),
		device('f', { creationDate: '2020-07-02T00:00:00Z' })
	];

	it('counts installs per week and cumulatively, with how many are active now', () => {
		expect(weeklyInstalls(devices, '2020-06-30')).toEqual([
			{ weekStart: '2020-06-08', installs: 2, installed: 2, stillActive: 2 },
			{ weekStart: '2020-06-15', installs: 1, installed: 3, stillActive: 2 },
			{ weekStart: '2020-06-22', installs: 0, installed: 3, stillActive: 2 },
			{ weekStart: '2020-06-29', installs: 1, installed: 4, stillActive: 3 }
		]);
	});

	it('is empty without dated installs', () => {
		expect(weeklyInstalls([], '2020-06-30')).toEqual([]);
		expect(weeklyInstalls([device('e', { creationDate: null })], '2020-06-30')).toEqual([]);
	});
});

describe('paceByDepartment', () => {
	// D = 2020-06-30, T = Wed 07-01. The 8 full weeks before T end on Mon 06-29: they start
	// 05-04, 05-11, 05-18, 05-25, 06-01, 06-08, 06-15, 06-22.
	// ANSC: 20 managed computers pc01..pc20, target ⌈95% × 20⌉ = 19.
	//   pc01–pc04 installed before the window (pc04 at 05-03 23:59:59, just before it);
	//   first installs per week: 05-04 pc05 (at 00:00:00, in), pc06 → 2; 05-11 pc07 → 1;
	//   05-18 pc08 → 1; 05-25 pc09–pc11 → 3; 06-01 pc12 → 1; 06-08 pc13 and pc18 → 2 (pc18's only
	//   device is Deactivated: an install, not an adoption); 06-15 pc14, pc15 → 2;
	//   06-22 pc16 (Sun 23:59:59) → 1. pc17 installed Mon 06-29 00:00: after the window.
	//   pc05 was reinstalled 06-23 (new device): counted once, at its first install.
	//   home-laptop (no inventory, 06-02) is not counted.
	//   Weeks [2,1,1,3,1,2,2,1] = 13, mean 13/8 = 1.625 → 1.6; slowest 1, fastest 3.
	//   Adopted: pc01–pc17 = 17 (pc18 deactivated, pc19, pc20 never installed) → remaining 2.
	//   Days: mean ⌈2 × 7 × 8 / 13⌉ = ⌈8.6⌉ = 9 → 07-09; fastest ⌈14 / 3⌉ = 5 → 07-05;
	//   slowest ⌈14 / 1⌉ = 14 → 07-14.
	// ENTO: 2 managed, both adopted, target ⌈1.9⌉ = 2 → reached.
	// HORT: no inventory. UNASSIGNED: LAB-X never installed, no installs → stalled.
	const ansc: Device[] = [];
	const install = (pc: string, when: string, status = 'Active', uid = pc) =>
		ansc.push(device(uid, { deviceName: pc, creationDate: when, status }));
	for (const pc of ['pc01', 'pc02', 'pc03']) install(pc, '2020-04-01T00:00:00Z');
	install('pc04', '2020-05-03T23:59:59Z');
	install('pc05', '2020-05-04T00:00:00Z', 'Deactivated', 'pc05-old');
	install('pc05', '2020-06-23T09:00:00Z', 'Active', 'pc05-new');
	install('pc06', '2020-05-10T12:00:00Z');
	install('pc07', '2020-05-12T12:00:00Z');
	install('pc08', '2020-05-20T12:00:00Z');
	for (const pc of ['pc09', 'pc10', 'pc11']) install(pc, '2020-05-27T12:00:00Z');
	install('pc12', '2020-06-05T12:00:00Z');
	install('pc13', '2020-06-08T12:00:00Z');
	install('pc18', '2020-06-09T12:00:00Z', 'Deactivated');
	install('pc14', '2020-06-15T12:00:00Z');
	install('pc15', '2020-06-21T12:00:00Z');
	install('pc16', '2020-06-28T23:59:59Z');
	install('pc17', '2020-06-29T00:00:00Z');
	install('home-laptop', '2020-06-02T00:00:00Z');
	const pcs = Array.from({ length: 20 }, (_, i) => `pc${String(i + 1).padStart(2, '0')}`);
	const fixture = state({
		departments: [ANSC, ENTO, HORT],
		managed: [
			...pcs.map((pc) => managed(pc, 'ANSC')),
			managed('ento-1', 'ENTO'),
			managed('ento-2', 'ENTO'),
			managed('LAB-X', 'Mystery')
		],
		devices: [
			...ansc,
			device('e1', { deviceName: 'ento-1', creationDate: '2020-02-01T00:00:00Z' }),
			device('e2', { deviceName: 'ento-2', creationDate: '2020-02-01T00:00:00Z' })
		]
	});
	const { college, byDepartment } = paceByDepartment(fixture);

	it('measures first installs of managed computers over the last 8 full weeks', () => {
		const pace = byDepartment.get('ANSC');
		expect(pace?.weeks).toEqual([
			{ weekStart: '2020-05-04', installs: 2 },
			{ weekStart: '2020-05-11', installs: 1 },
			{ weekStart: '2020-05-18', installs: 1 },
			{ weekStart: '2020-05-25', installs: 3 },
			{ weekStart: '2020-06-01', installs: 1 },
			{ weekStart: '2020-06-08', installs: 2 },
			{ weekStart: '2020-06-15', installs: 2 },
			{ weekStart: '2020-06-22', installs: 1 }
		]);
		expect(pace).toMatchObject({ perWeek: 1.6, slowestWeek: 1, fastestWeek: 3 });
	});

	it('projects the day 95% is reached, with the range of the slowest and fastest weeks', () => {
		expect(byDepartment.get('ANSC')).toMatchObject({
			managed: 20,
			adopted: 17,
			target: 19,
			remaining: 2,
			status: 'projected',
			projectedDate: '2020-07-09',
			earliestDate: '2020-07-05',
			latestDate: '2020-07-14'
		});
	});

	it('says reached, stalled or no inventory where there is no date to give', () => {
		expect(byDepartment.get('ENTO')).toMatchObject({
			status: 'reached',
			target: 2,
			remaining: 0,
			projectedDate: null
		});
		expect(byDepartment.get('HORT')).toMatchObject({
			status: 'no-inventory',
			managed: 0,
			projectedDate: null
		});
		expect(byDepartment.get(UNASSIGNED)).toMatchObject({
			status: 'stalled',
			remaining: 1,
			perWeek: 0,
			projectedDate: null
		});
		expect([...byDepartment.keys()]).toEqual(['ANSC', 'ENTO', 'HORT', UNASSIGNED]);
	});

	it('projects the college over all managed computers', () => {
		// 23 managed, target ⌈21.85⌉ = 22; adopted 17 + 2 = 19; remaining 3; installs 13 (ENTO's
		// are before the window). Mean ⌈3 × 56 / 13⌉ = ⌈12.9⌉ = 13 → 07-13; fastest ⌈21 / 3⌉ = 7 →
		// 07-07; slowest ⌈21 / 1⌉ = 21 → 07-21.
		expect(college).toMatchObject({
			managed: 23,
			adopted: 19,
			target: 22,
			remaining: 3,
			status: 'projected',
			projectedDate: '2020-07-13',
			earliestDate: '2020-07-07',
			latestDate: '2020-07-21'
		});
	});

	it('leaves the latest day open when the slowest week had no installs', () => {
		// 10 managed, 4 installed (all active) in the week of 06-22 only: target ⌈9.5⌉ = 10,
		// remaining 6; mean 4/8 = 0.5 a week → ⌈6 × 56 / 4⌉ = 84 days → 2020-09-22 (June 30 + 31
		// = July 31, + 31 = Aug 31, + 22 = Sep 22); fastest 4 → ⌈42 / 4⌉ = 11 → 07-11; slowest 0.
		const ten = Array.from({ length: 10 }, (_, i) => `h${i}`);
		const { college: pace } = paceByDepartment(
			state({
				managed: ten.map((h) => managed(h, 'X')),
				devices: ten.slice(0, 4).map((h) => device(h, { creationDate: '2020-06-24T00:00:00Z' }))
			})
		);
		expect(pace).toMatchObject({
			perWeek: 0.5,
			slowestWeek: 0,
			fastestWeek: 4,
			status: 'projected',
			projectedDate: '2020-09-22',
			earliestDate: '2020-07-11',
			latestDate: null
		});
	});

	it('takes another target and window when asked', () => {
		// ANSC at 80%: target 16 ≤ 17 adopted → reached; over 4 weeks (06-01..06-22): [1,2,2,1]
		const { byDepartment: other } = paceByDepartment(fixture, { targetPct: 80, weeks: 4 });
		expect(other.get('ANSC')).toMatchObject({ target: 16, status: 'reached', perWeek: 1.5 });
		expect(other.get('ANSC')?.weeks.map((w) => w.installs)).toEqual([1, 2, 2, 1]);
		expect(() => paceByDepartment(fixture, { targetPct: 95.5 })).toThrow(RangeError);
	});

	it('works on an empty state', () => {
		const { college: empty, byDepartment: none } = paceByDepartment(state());
		expect(empty).toMatchObject({ status: 'no-inventory', managed: 0, perWeek: 0 });
		expect([...none.keys()]).toEqual([UNASSIGNED]);
	});
});
