import { describe, expect, it } from 'vitest';
import { DAY_MS } from './asof';
import { archive, device } from './fixtures';
import {
	createFirstBackupTracker,
	durationStatsByOs,
	firstBackupDurations,
	firstBackupProgress,
	largestReportGapDays,
	median,
	nearestRankPercentile,
	osFamily,
	secondsToSend,
	type ReportSnapshot
} from './firstbackup';
import type { Device } from './types';

describe('osFamily', () => {
	it('reads Code42 and inventory spellings', () => {
		expect(['win', 'win64', 'Windows 10'].map(osFamily)).toEqual(['Windows', 'Windows', 'Windows']);
		expect(['mac', 'mac_arm64', 'macOS 11.1', 'OS X 10.11'].map(osFamily)).toEqual([
			'Mac',
			'Mac',
			'Mac',
			'Mac'
		]);
		expect(['linux', 'Ubuntu 20.04', 'RHEL 8'].map(osFamily)).toEqual(['Linux', 'Linux', 'Linux']);
		expect([null, '', 'solaris'].map(osFamily)).toEqual(['Other', 'Other', 'Other']);
	});
});

describe('time left of a first backup', () => {
	it('sends 8 bits a byte at 10^6 bits per Mbit/s, rounded up to the second', () => {
		expect(secondsToSend(1e9, 10)).toBe(800); // 8e9 bits / 1e7 bits/s
		expect(secondsToSend(1, 10)).toBe(1);
		expect(secondsToSend(0, 10)).toBe(0);
		expect(() => secondsToSend(1, 0)).toThrow(RangeError);
	});

	it('takes what is left of the selection at Code42’s percentage', () => {
		// AEM-PC0051 of the sample: 92,988,774,294 bytes at 87.4% → 12.6% left =
		// 11,716,585,561.04 → 11,716,585,561 bytes; × 8 / 10^7 = 9,373.27 s → 9,374 s.
		const d = device('d', {
			archives: [archive({ selectedBytes: 92_988_774_294, backupCompletePercentage: 87.4 })]
		});
		expect(firstBackupProgress(d, 10)).toEqual({
			destinationName: 'Code42 Cloud',
			percent: 87.4,
			selectedBytes: 92_988_774_294,
			bytesToSend: 11_716_585_561,
			secondsLeft: 9374
		});
	});

	it('follows the destination closest to done, a known amount before an unknown one', () => {
		const d = device('d', {
			archives: [
				archive({ destinationName: 'A', selectedBytes: null, backupCompletePercentage: 99 }),
				archive({ destinationName: 'B', selectedBytes: 100e9, backupCompletePercentage: 40 }),
				archive({ destinationName: 'C', selectedBytes: 50e9, backupCompletePercentage: 10 })
			]
		});
		// B: 60e9 left; C: 45e9 left → C; 45e9 × 8 / 1e7 = 36,000 s
		expect(firstBackupProgress(d, 10)).toMatchObject({
			destinationName: 'C',
			bytesToSend: 45e9,
			secondsLeft: 36_000
		});
		// at 100 Mbit/s, a tenth of that
		expect(firstBackupProgress(d, 100)?.secondsLeft).toBe(3600);
	});

	it('says unknown without a selection size or a percentage', () => {
		const d = device('d', {
			archives: [archive({ selectedBytes: null, backupCompletePercentage: 0 })]
		});
		expect(firstBackupProgress(d, 10)).toMatchObject({ bytesToSend: null, secondsLeft: null });
	});

	it('is null for a device that finished a backup, is not active, or has no backup state', () => {
		const done = archive({ lastCompletedBackup: '2020-06-01T00:00:00Z', selectedBytes: 1 });
		const waiting = archive({ selectedBytes: 10, backupCompletePercentage: 50 });
		expect(firstBackupProgress(device('a', { archives: [waiting, done] }), 10)).toBeNull();
		expect(
			firstBackupProgress(device('b', { archives: [waiting], status: 'Deactivated' }), 10)
		).toBeNull();
		expect(firstBackupProgress(device('c', { archives: null }), 10)).toBeNull();
		expect(firstBackupProgress(device('d', { archives: [] }), 10)).toBeNull();
	});
});

describe('first-backup durations from the reports', () => {
	const waiting = (uid: string, created: string, fields: Partial<Device> = {}) =>
		device(uid, { creationDate: created, archives: [archive()], ...fields });
	const done = (uid: string, created: string, last: string, fields: Partial<Device> = {}) =>
		device(uid, {
			creationDate: created,
			archives: [archive({ lastCompletedBackup: last })],
			...fields
		});

	// Three weekly reports. R1 is the first: nothing done in it can be measured.
	const r1: ReportSnapshot = {
		asOf: '2020-06-01',
		devices: [
			done('A', '2020-05-01T00:00:00Z', '2020-05-31T00:00:00Z'), // done before the reports
			waiting('B', '2020-05-30T00:00:00Z', { os: 'win64' }),
			waiting('F', '2020-05-31T00:00:00Z', { os: 'win' }),
			waiting('H', '2020-05-31T00:00:00Z'),
			device('G', { archives: null }) // enrollment list only
		]
	};
	const r2: ReportSnapshot = {
		asOf: '2020-06-08',
		devices: [
			// waited in R1, done by R2: 05-30 → 06-05 12:00 = 6.5 days
			done('B', '2020-05-30T00:00:00Z', '2020-06-05T12:00:00Z', { os: 'win64' }),
			// installed after R1's as-of day began, done in R2: 1 day
			done('C', '2020-06-03T00:00:00Z', '2020-06-04T00:00:00Z', { os: 'mac' }),
			// installed on R1's as-of day (after its export): 2 days
			done('D', '2020-06-01T10:00:00Z', '2020-06-03T10:00:00Z', { os: 'mac_arm64' }),
			// installed well before R1 but missing from it: its first backup was not seen
			done('E', '2020-05-20T00:00:00Z', '2020-06-07T00:00:00Z'),
			waiting('F', '2020-05-31T00:00:00Z', { os: 'win' }),
			waiting('H', '2020-05-31T00:00:00Z'),
			// a completed backup before the install: bad data, not measured
			done('I', '2020-06-05T00:00:00Z', '2020-06-04T00:00:00Z')
		]
	};
	const r3: ReportSnapshot = {
		asOf: '2020-06-15',
		devices: [
			// later reports do not change a measured device
			done('B', '2020-05-30T00:00:00Z', '2020-06-14T00:00:00Z', { os: 'win64' }),
			// waited in R1 and R2: 05-31 → 06-14 = 14 days
			done('F', '2020-05-31T00:00:00Z', '2020-06-14T00:00:00Z', { os: 'win' }),
			waiting('H', '2020-05-31T00:00:00Z')
		]
	};
	const durations = firstBackupDurations([r1, r2, r3]);

	it('measures the devices whose first backup the reports saw finish, shortest first', () => {
		expect(durations.map((d) => [d.deviceUid, d.durationMs / DAY_MS, d.reportAsOf])).toEqual([
			['C', 1, '2020-06-08'],
			['D', 2, '2020-06-08'],
			['B', 6.5, '2020-06-08'],
			['F', 14, '2020-06-15']
		]);
		expect(durations[2]).toMatchObject({
			installed: '2020-05-30T00:00:00.000Z',
			firstCompletedSeen: '2020-06-05T12:00:00.000Z',
			osFamily: 'Windows'
		});
	});

	it('gives the median and the nearest-rank 90th percentile, by OS family', () => {
		// All [1, 2, 6.5, 14]: median (2 + 6.5) / 2 = 4.25; p90 rank ⌈3.6⌉ = 4 → 14.
		// Windows [6.5, 14]: 10.25, rank ⌈1.8⌉ = 2 → 14. Mac [1, 2]: 1.5, → 2.
		expect(
			durationStatsByOs(durations).map((s) => [
				s.osFamily,
				s.devices,
				s.medianMs === null ? null : s.medianMs / DAY_MS,
				s.p90Ms === null ? null : s.p90Ms / DAY_MS
			])
		).toEqual([
			['All', 4, 4.25, 14],
			['Windows', 2, 10.25, 14],
			['Mac', 2, 1.5, 2]
		]);
		expect(durationStatsByOs([])).toEqual([
			{ osFamily: 'All', devices: 0, medianMs: null, p90Ms: null }
		]);
	});

	it('refuses reports out of as-of order', () => {
		const tracker = createFirstBackupTracker();
		tracker.add(r2);
		expect(() => tracker.add(r1)).toThrow(RangeError);
		expect(() => tracker.add(r2)).toThrow(RangeError);
	});
});

describe('median and percentiles', () => {
	it('takes the middle, or the mean of the two middle values', () => {
		expect(median([])).toBeNull();
		expect(median([5])).toBe(5);
		expect(median([1, 3])).toBe(2);
		expect(median([1, 2, 3])).toBe(2);
	});

	it('takes the ⌈p × n / 100⌉-th smallest value', () => {
		const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		expect(nearestRankPercentile(ten, 90)).toBe(9);
		expect(nearestRankPercentile([...ten, ...ten.map((v) => v + 10)], 90)).toBe(18);
		expect(nearestRankPercentile([1, 2, 3, 4], 50)).toBe(2);
		expect(nearestRankPercentile([1, 2, 3, 4], 100)).toBe(4);
		expect(nearestRankPercentile([7], 90)).toBe(7);
		expect(nearestRankPercentile([], 90)).toBeNull();
		expect(() => nearestRankPercentile(ten, 0)).toThrow(RangeError);
	});
});

describe('largestReportGapDays', () => {
	it('is the longest stretch between two consecutive reports', () => {
		// 06-30 → 10-12 = 104 days; 10-12 → 11-30 = 49 days
		expect(largestReportGapDays(['2020-11-30', '2020-06-30', '2020-10-12'])).toBe(104);
		expect(largestReportGapDays(['2020-06-30'])).toBeNull();
	});
});
