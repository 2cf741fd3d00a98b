import { describe, expect, it } from 'vitest';
import { asOfInstant } from './asof';
import { archive, charge, device, state } from './fixtures';
import { assessDevices } from './nodes';
import { firstBackupPace, projectSavings } from './projection';
import { nodeSavings, sumSavings } from './savings';

const T = asOfInstant('2020-06-30'); // 2020-07-01T00:00Z
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('firstBackupPace', () => {
	it('finishes the rest at the pace kept since the install, on its best destination', () => {
		// 11 days since the install; 55% done → 45% more takes 11 × 45 / 55 = 9 days → July 10
		const pace = firstBackupPace(
			{
				creationDate: '2020-06-20T00:00:00Z',
				archives: [
					archive({ backupCompletePercentage: 40 }),
					archive({ backupCompletePercentage: 55 })
				]
			},
			T
		);
		expect(pace.percent).toBe(55);
		expect(day(pace.finishesAt)).toBe('2020-07-10T00:00:00.000Z');
		// 40% alone: 11 × 60 / 40 = 16.5 days → July 17, noon
		const slower = firstBackupPace(
			{
				creationDate: '2020-06-20T00:00:00Z',
				archives: [archive({ backupCompletePercentage: 40 })]
			},
			T
		);
		expect(day(slower.finishesAt)).toBe('2020-07-17T12:00:00.000Z');
	});

	it('gives no estimate at 0%, without a percentage, or without an install date', () => {
		const at = (fields: object) =>
			firstBackupPace({ creationDate: '2020-06-20T00:00:00Z', archives: [archive()], ...fields }, T)
				.finishesAt;
		expect(at({ archives: [archive({ backupCompletePercentage: 0 })] })).toBeNull();
		expect(at({ archives: [archive({ backupCompletePercentage: null })] })).toBeNull();
		expect(at({ archives: null })).toBeNull();
		expect(
			at({ creationDate: null, archives: [archive({ backupCompletePercentage: 50 })] })
		).toBeNull();
	});
});

describe('projectSavings', () => {
	// D = 2020-06-30, L = 2020-06: the projection runs July 2020 to June 2021.
	// R retired after May, baseline 300 → run rate 300.
	// E billed 500 in June, its device backed up yesterday (ok) → eligible: low = 300 + 500 = 800.
	// F1 billed 400, two devices in their first backup, 40% and 55% eleven days after install:
	//   the 55% one finishes July 10 → saves from August.
	// F4 billed 80, installed the day before D, 99% → finishes 14 minutes after T, in July → August.
	// F2 billed 250, 10% in 182 days → 1,638 days more → 2024-12-25: after the 12 months.
	// F3 billed 120, 0% → no pace, no estimate.
	// C billed 90, its device critical: neither low nor high.
	// High: July 800; August to June 800 + 400 + 80 = 1,280. Totals: low 12 × 800 = 9,600;
	// high 800 + 11 × 1,280 = 14,880.
	const never = (percent: number, creationDate: string) => ({
		creationDate,
		archives: [archive({ backupCompletePercentage: percent })]
	});
	const fixture = state({
		asOf: '2020-06-30',
		devices: [
			device('e', {
				deviceName: 'E',
				archives: [archive({ lastCompletedBackup: '2020-06-30T12:00:00Z' })]
			}),
			device('f1a', { deviceName: 'F1', ...never(40, '2020-06-20T00:00:00Z') }),
			device('f1b', { deviceName: 'F1', ...never(55, '2020-06-20T00:00:00Z') }),
			device('f4', { deviceName: 'F4', ...never(99, '2020-06-30T00:00:00Z') }),
			device('f2', { deviceName: 'F2', ...never(10, '2020-01-01T00:00:00Z') }),
			device('f3', { deviceName: 'F3', ...never(0, '2020-06-01T00:00:00Z') }),
			device('c', {
				deviceName: 'C',
				archives: [archive({ lastCompletedBackup: '2020-06-20T00:00:00Z' })]
			})
		],
		charges: [
			charge('2020-03', 'R@S', 300),
			charge('2020-04', 'R@S', 300),
			charge('2020-05', 'R@S', 300),
			charge('2020-06', 'E@S', 500),
			charge('2020-06', 'F1@S', 400),
			charge('2020-06', 'F4@S', 80),
			charge('2020-06', 'F2@S', 250),
			charge('2020-06', 'F3@S', 120),
			charge('2020-06', 'C@S', 90)
		]
	});
	const devices = assessDevices(fixture);
	const result = nodeSavings(fixture, devices);
	const projection = projectSavings(
		result.nodes,
		result.latestBilledMonth,
		devices.byUid,
		devices.health,
		T
	);

	it('projects twelve months from the month after the latest billed month', () => {
		expect(projection.months.map((m) => m.month)).toEqual([
			'2020-07',
			'2020-08',
			'2020-09',
			'2020-10',
			'2020-11',
			'2020-12',
			'2021-01',
			'2021-02',
			'2021-03',
			'2021-04',
			'2021-05',
			'2021-06'
		]);
	});

	it('has a low edge of run rate plus eligible, which is the projected annual saving', () => {
		expect(projection.months.every((m) => m.lowCents === 800)).toBe(true);
		expect(projection.lowTotalCents).toBe(9600);
		expect(projection.lowTotalCents).toBe(sumSavings(result.nodes).projectedAnnualCents);
	});

	it('raises the high edge from the month after each first backup should finish', () => {
		expect(projection.months.map((m) => m.highCents)).toEqual([800, ...Array(11).fill(1280)]);
		expect(projection.months.slice(0, 3).map((m) => m.cumulativeHighCents)).toEqual([
			800, 2080, 3360
		]);
		expect(projection.highTotalCents).toBe(14880);
		expect(projection.months.at(-1)?.cumulativeLowCents).toBe(9600);
	});

	it('lists the first-backup nodes, soonest first, with their estimate', () => {
		expect(
			projection.firstBackupNodes.map((n) => [
				n.nodeKey,
				n.deviceUid,
				n.percent,
				n.finishDay,
				n.firstSavingMonth,
				n.withinProjection
			])
		).toEqual([
			['f1@s', 'f1b', 55, '2020-07-10', '2020-08', true],
			['f4@s', 'f4', 99, '2020-07-01', '2020-08', true],
			['f2@s', 'f2', 10, '2024-12-25', '2025-01', false],
			['f3@s', 'f3', 0, null, null, false]
		]);
	});

	it('is empty without any charge', () => {
		expect(projectSavings([], null, devices.byUid, devices.health, T)).toEqual({
			months: [],
			lowTotalCents: 0,
			highTotalCents: 0,
			firstBackupNodes: []
		});
	});
});
