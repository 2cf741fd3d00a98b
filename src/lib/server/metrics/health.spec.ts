import { describe, expect, it } from 'vitest';
import { UNASSIGNED } from './departments';
import { archive, device, managed, state } from './fixtures';
import {
	assessHealth,
	DEFAULT_THRESHOLDS,
	healthCounts,
	listFailures,
	parseAlerts
} from './health';
import type { Archive, Device } from './types';

// All as of D = 2020-06-30: T = 2020-07-01T00:00:00Z. Defaults: warning > 3 days, critical > 5,
// first-backup grace 14.
const D = '2020-06-30';

function backedUp(last: string | null, alertStates = 'OK', fields: Partial<Device> = {}): Device {
	return device('d', {
		archives: [archive({ lastCompletedBackup: last, alertStates })],
		...fields
	});
}
function withArchives(archives: Archive[], fields: Partial<Device> = {}): Device {
	return device('d', { archives, ...fields });
}

describe('assessHealth: buckets by days', () => {
	it('is ok for a backup 16 hours before T', () => {
		const health = assessHealth(backedUp('2020-06-30T08:00:00Z'), D);
		expect(health).toMatchObject({
			bucket: 'ok',
			failure: false,
			reasons: [],
			notes: [],
			worstAlert: null
		});
		expect(health?.backupAgeDays).toBeCloseTo(16 / 24, 10);
	});

	it('is ok at exactly 3 days: "more than 3 days" is strict', () => {
		expect(assessHealth(backedUp('2020-06-28T00:00:00Z'), D)?.bucket).toBe('ok');
	});

	it('is warning past 3 days, saying "more than 3 days" while the whole days are still 3', () => {
		expect(assessHealth(backedUp('2020-06-27T23:59:59.999Z'), D)).toMatchObject({
			bucket: 'warning',
			failure: false,
			reasons: ['last completed backup more than 3 days ago']
		});
		// 4.5 days → 4 whole days
		expect(assessHealth(backedUp('2020-06-26T12:00:00Z'), D)?.reasons).toEqual([
			'last completed backup 4 days ago'
		]);
	});

	it('is still warning at exactly 5 days, critical (and a failure) past them', () => {
		expect(assessHealth(backedUp('2020-06-26T00:00:00Z'), D)).toMatchObject({
			bucket: 'warning',
			reasons: ['last completed backup 5 days ago']
		});
		expect(assessHealth(backedUp('2020-06-25T23:59:59Z'), D)).toMatchObject({
			bucket: 'critical',
			failure: true,
			reasons: ['last completed backup more than 5 days ago']
		});
		// 9 days 4 hours → "9 days ago"
		expect(assessHealth(backedUp('2020-06-21T20:00:00Z'), D)).toMatchObject({
			bucket: 'critical',
			failure: true,
			reasons: ['last completed backup 9 days ago'],
			lastCompletedBackup: '2020-06-21T20:00:00Z'
		});
	});

	it('reads thresholds from the settings', () => {
		// warning > 1 day, critical > 2: a backup 2.5 days old is critical
		const strict = { warningDays: 1, criticalDays: 2, firstBackupGraceDays: 7 };
		expect(assessHealth(backedUp('2020-06-28T12:00:00Z'), D, strict)?.bucket).toBe('critical');
		expect(assessHealth(backedUp('2020-06-29T12:00:00Z'), D, strict)?.bucket).toBe('warning');
		expect(assessHealth(backedUp('2020-06-28T12:00:00Z'), D, DEFAULT_THRESHOLDS)?.bucket).toBe(
			'ok'
		);
	});
});

describe('assessHealth: alerts', () => {
	it('is critical when Code42 says CriticalBackupAlert, however fresh the backup', () => {
		expect(assessHealth(backedUp('2020-06-30T20:00:00Z', 'CriticalBackupAlert'), D)).toMatchObject({
			bucket: 'critical',
			failure: true,
			worstAlert: 'CriticalBackupAlert',
			reasons: ['Code42 says CriticalBackupAlert']
		});
	});

	it('is warning when Code42 says WarningBackupAlert', () => {
		expect(assessHealth(backedUp('2020-06-30T20:00:00Z', 'WarningBackupAlert'), D)).toMatchObject({
			bucket: 'warning',
			failure: false,
			reasons: ['Code42 says WarningBackupAlert']
		});
	});

	it('gives every cause of the bucket', () => {
		expect(
			assessHealth(backedUp('2020-06-21T20:00:00Z', 'CriticalBackupAlert'), D)?.reasons
		).toEqual(['last completed backup 9 days ago', 'Code42 says CriticalBackupAlert']);
	});

	it('does not let CriticalConnectionAlert change the bucket, but notes it', () => {
		expect(
			assessHealth(backedUp('2020-06-30T20:00:00Z', 'CriticalConnectionAlert'), D)
		).toMatchObject({
			bucket: 'ok',
			failure: false,
			connectionAlert: true,
			reasons: [],
			notes: ['Code42 says CriticalConnectionAlert']
		});
		// stale as well: critical by the days, the note stays a note
		expect(
			assessHealth(backedUp('2020-06-24T00:00:00Z', 'CriticalConnectionAlert'), D)
		).toMatchObject({
			bucket: 'critical',
			reasons: ['last completed backup 7 days ago'],
			notes: ['Code42 says CriticalConnectionAlert']
		});
	});

	it('reads several alerts in one cell', () => {
		expect([...parseAlerts('WarningBackupAlert, CriticalConnectionAlert')]).toEqual([
			'warningbackupalert',
			'criticalconnectionalert'
		]);
		expect(
			assessHealth(
				backedUp('2020-06-30T20:00:00Z', 'WarningBackupAlert,CriticalConnectionAlert'),
				D
			)
		).toMatchObject({
			bucket: 'warning',
			connectionAlert: true
		});
		expect(parseAlerts(null).size).toBe(0);
	});
});

describe('assessHealth: several destinations', () => {
	it('takes the most recent completed backup and the worst alert', () => {
		// A: 10+ days old, OK. B: 12 hours old, WarningBackupAlert → age 0.5 d, alert Warning → warning
		const health = assessHealth(
			withArchives([
				archive({
					destinationName: 'A',
					lastCompletedBackup: '2020-06-20T00:00:00Z',
					alertStates: 'OK'
				}),
				archive({
					destinationName: 'B',
					lastCompletedBackup: '2020-06-30T12:00:00Z',
					alertStates: 'WarningBackupAlert'
				})
			]),
			D
		);
		expect(health).toMatchObject({
			bucket: 'warning',
			lastCompletedBackup: '2020-06-30T12:00:00Z',
			worstAlert: 'WarningBackupAlert',
			reasons: ['Code42 says WarningBackupAlert']
		});
	});

	it('takes a critical alert from a destination that never completed', () => {
		const health = assessHealth(
			withArchives([
				archive({ lastCompletedBackup: null, alertStates: 'CriticalBackupAlert' }),
				archive({ lastCompletedBackup: '2020-06-30T12:00:00Z', alertStates: 'OK' })
			]),
			D
		);
		expect(health).toMatchObject({ bucket: 'critical', worstAlert: 'CriticalBackupAlert' });
	});

	it('is ok when a fresh destination makes up for a stale one', () => {
		const health = assessHealth(
			withArchives([
				archive({ lastCompletedBackup: '2020-06-01T00:00:00Z' }),
				archive({ lastCompletedBackup: '2020-06-30T00:00:00Z' })
			]),
			D
		);
		expect(health?.bucket).toBe('ok');
	});
});

describe('assessHealth: never', () => {
	it('is never without a completed backup on any destination, even with an alert', () => {
		const health = assessHealth(
			withArchives([archive({ lastCompletedBackup: null, alertStates: 'CriticalBackupAlert' })], {
				creationDate: '2020-06-25T00:00:00Z'
			}),
			D
		);
		// installed 6 days before T: within the 14-day grace, no failure
		expect(health).toMatchObject({
			bucket: 'never',
			failure: false,
			backupAgeDays: null,
			reasons: ['first backup not finished 6 days after install']
		});
		expect(assessHealth(withArchives([]), D)?.bucket).toBe('never');
	});

	it('is a failure past the grace: 21 days after install', () => {
		expect(
			assessHealth(withArchives([], { creationDate: '2020-06-10T00:00:00Z' }), D)
		).toMatchObject({
			bucket: 'never',
			failure: true,
			reasons: ['first backup not finished 21 days after install']
		});
	});

	it('is no failure at exactly 14 days, one past them', () => {
		expect(
			assessHealth(withArchives([], { creationDate: '2020-06-17T00:00:00Z' }), D)?.failure
		).toBe(false);
		expect(
			assessHealth(withArchives([], { creationDate: '2020-06-16T23:00:00Z' }), D)
		).toMatchObject({
			failure: true,
			reasons: ['first backup not finished more than 14 days after install']
		});
	});

	it('is no failure without an install date', () => {
		expect(assessHealth(withArchives([], { creationDate: null }), D)).toMatchObject({
			bucket: 'never',
			failure: false,
			reasons: ['first backup not finished (install date unknown)']
		});
	});
});

describe('assessHealth: devices without health', () => {
	it('has none for a device that is not active', () => {
		expect(
			assessHealth(backedUp('2020-06-01T00:00:00Z', 'OK', { status: 'Deactivated' }), D)
		).toBeNull();
		expect(
			assessHealth(backedUp('2020-06-01T00:00:00Z', 'OK', { status: 'Blocked' }), D)
		).toBeNull();
	});

	it('has none for a device known only from enrollment lists', () => {
		expect(assessHealth(device('d', { archives: null }), D)).toBeNull();
	});

	it("assesses 'Active, Deauthorized' like Active", () => {
		expect(
			assessHealth(backedUp('2020-06-20T00:00:00Z', 'OK', { status: 'Active, Deauthorized' }), D)
				?.bucket
		).toBe('critical');
	});
});

describe('healthCounts and listFailures', () => {
	// ok: a (fresh). warning: b (4 days). critical: c (9 days) → failure. never: e1 (6 days after
	// install, no failure), e2 (21 days) → failure. Not counted: f (Deactivated, stale),
	// g (enrollment only: unknown), h (Blocked, never).
	const devices = [
		device('a', { archives: [archive({ lastCompletedBackup: '2020-06-30T10:00:00Z' })] }),
		device('b', { archives: [archive({ lastCompletedBackup: '2020-06-26T12:00:00Z' })] }),
		device('c', {
			deviceName: 'ANSC-PC0043',
			archives: [archive({ lastCompletedBackup: '2020-06-21T20:00:00Z' })]
		}),
		device('e1', { creationDate: '2020-06-25T00:00:00Z', archives: [] }),
		device('e2', {
			deviceName: 'xyz-pc',
			orgName: 'Nobody',
			creationDate: '2020-06-10T00:00:00Z',
			archives: []
		}),
		device('f', {
			status: 'Deactivated',
			archives: [archive({ lastCompletedBackup: '2019-01-01T00:00:00Z' })]
		}),
		device('g', { archives: null }),
		device('h', { status: 'Blocked', archives: [] })
	];

	it('counts devices per bucket, failures and active devices without backup state', () => {
		expect(healthCounts(devices, D)).toEqual({
			ok: 1,
			warning: 1,
			critical: 1,
			never: 2,
			failures: 2,
			unknown: 1
		});
		expect(healthCounts([], D)).toEqual({
			ok: 0,
			warning: 0,
			critical: 0,
			never: 0,
			failures: 0,
			unknown: 0
		});
	});

	it('lists failures with their department and reasons, UNASSIGNED last', () => {
		const failures = listFailures(
			state({
				departments: [{ code: 'ANSC', name: 'Animal Science', aliases: [] }],
				managed: [managed('ANSC-PC0043', 'ANSC')],
				devices
			})
		);
		expect(failures.map((f) => [f.deviceUid, f.department, f.bucket, f.reason])).toEqual([
			['c', 'ANSC', 'critical', 'last completed backup 9 days ago'],
			['e2', UNASSIGNED, 'never', 'first backup not finished 21 days after install']
		]);
		expect(failures[0]).toMatchObject({
			shortHostname: 'ansc-pc0043',
			lastCompletedBackup: '2020-06-21T20:00:00Z'
		});
		expect(listFailures(state())).toEqual([]);
	});
});
