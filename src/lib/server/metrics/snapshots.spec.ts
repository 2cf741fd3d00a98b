import { describe, expect, it } from 'vitest';
import { archive, device } from './fixtures';
import type { ReportSnapshot } from './firstbackup';
import { createHealthOverTime, healthOverTime, sumHealthGroups } from './snapshots';
import type { Device } from './types';

const thresholds = { warningDays: 3, criticalDays: 5, firstBackupGraceDays: 14 };
const backedUp = (uid: string, last: string | null, fields: Partial<Device> = {}) =>
	device(uid, { archives: [archive({ lastCompletedBackup: last })], ...fields });

// R1 as of 2020-06-01 (T = 06-02 00:00Z); R2 as of 2020-06-08 (T = 06-09 00:00Z).
const r1: ReportSnapshot = {
	asOf: '2020-06-01',
	devices: [
		backedUp('a', '2020-06-01T12:00:00Z', { os: 'mac' }), // 12 h → ok
		backedUp('b', '2020-05-28T00:00:00Z'), // exactly 5 days → warning, not critical
		backedUp('c', null, { creationDate: '2020-05-01T00:00:00Z' }), // 32 days, none → never, failure
		backedUp('d', '2020-05-01T00:00:00Z', { status: 'Deactivated' }) // in no bucket
	]
};
const r2: ReportSnapshot = {
	asOf: '2020-06-08',
	devices: [
		backedUp('a', '2020-06-02T00:00:00Z', { os: 'mac' }), // 7 days → critical, failure
		backedUp('c', '2020-06-08T00:00:00Z') // 1 day → ok
	]
};

describe('healthOverTime', () => {
	it('counts each report’s devices by bucket as of its own as-of date', () => {
		expect(healthOverTime([r2, r1], thresholds)).toEqual([
			{
				asOf: '2020-06-01',
				devices: 4,
				active: 3,
				ok: 1,
				warning: 1,
				critical: 0,
				never: 1,
				failures: 1,
				unknown: 0
			},
			{
				asOf: '2020-06-08',
				devices: 2,
				active: 2,
				ok: 1,
				warning: 0,
				critical: 1,
				never: 0,
				failures: 1,
				unknown: 0
			}
		]);
	});

	it('counts only the devices a filter keeps', () => {
		const macs = healthOverTime([r1, r2], thresholds, (_uid, os) => os === 'mac');
		expect(macs.map((p) => [p.asOf, p.devices, p.ok, p.critical, p.failures])).toEqual([
			['2020-06-01', 1, 1, 0, 0],
			['2020-06-08', 1, 0, 1, 1]
		]);
	});

	it('uses the thresholds it is given', () => {
		// warning past 10 days, critical past 20: b (5 days) and a in R2 (7 days) are ok
		const lenient = { warningDays: 10, criticalDays: 20, firstBackupGraceDays: 40 };
		const points = healthOverTime([r1, r2], lenient);
		expect(points.map((p) => [p.ok, p.warning, p.critical, p.never, p.failures])).toEqual([
			[2, 0, 0, 1, 0],
			[2, 0, 0, 0, 0]
		]);
	});

	it('splits each report by group, and sums the groups kept with a point for every report', () => {
		const over = createHealthOverTime(thresholds, (_uid, os) => os ?? '');
		over.add(r1);
		over.add(r2);
		const grouped = over.result();
		expect(grouped.reports).toEqual(['2020-06-01', '2020-06-08']);
		expect([...grouped.groups.keys()].sort()).toEqual(['mac', 'win64']);
		const windows = sumHealthGroups(grouped, (g) => g === 'win64');
		// R1: b warning, c never (failure), d deactivated; R2: c ok
		expect(windows.map((p) => [p.devices, p.active, p.ok, p.warning, p.never, p.failures])).toEqual(
			[
				[3, 2, 0, 1, 1, 1],
				[1, 1, 1, 0, 0, 0]
			]
		);

		// a group absent from a report still gets that report's point, at zero
		const byUid = createHealthOverTime(thresholds, (uid) => uid);
		byUid.add(r1);
		byUid.add(r2);
		const b = sumHealthGroups(byUid.result(), (g) => g === 'b');
		expect(b.map((p) => [p.asOf, p.devices, p.warning])).toEqual([
			['2020-06-01', 1, 1],
			['2020-06-08', 0, 0]
		]);
	});

	it('is empty without reports', () => {
		expect(healthOverTime([], thresholds)).toEqual([]);
	});
});
