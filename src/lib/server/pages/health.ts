import { pageAsked, pageInfo } from '$lib/paging';
import { breathe, figures, scopeKey } from '../cache';
import { csvFile, csvFileName, type CsvColumn, type CsvFile } from '../csv';
import {
	countDevices,
	deviceHealthPage,
	healthCountsOf,
	type DeviceFilter
} from '../figures/devices';
import { healthHistory } from '../figures/history';
import type { DurationStats } from '../metrics/firstbackup';
import type { HealthCounts } from '../metrics/health';
import type { HealthPoint } from '../metrics/snapshots';
import type { FiguresContext } from './context';
import {
	deviceHealthColumns,
	healthFilterFrom,
	inProgressColumns,
	visibleDepartments
} from './rollout';

// The backup health page: today's buckets and failures, a page of each list, and the history
// (health over time, first-backup durations), of the departments and OS family of its filters.

/** The filters of the page's URL, the devices they list, and the person's department choices. */
function healthQuery(ctx: FiguresContext, url: URL) {
	const choices = visibleDepartments(ctx.db, ctx.scope);
	const filter = healthFilterFrom(url, choices);
	const departments = filter.department === null ? choices.map((c) => c.code) : [filter.department];
	const devices: DeviceFilter = {
		departments,
		os: filter.os,
		bucket: filter.bucket === 'all' ? null : filter.bucket
	};
	const key = `${ctx.asOf}:${scopeKey(ctx.scope)}:${filter.department ?? '*'}:${filter.os ?? '*'}:${filter.bucket}`;
	return { choices, filter, devices, key };
}

/**
 * Everything the health page shows for the filters of `url`, with a page of each list: kept per
 * kept version (cache.ts).
 */
export function healthFigures(ctx: FiguresContext, url: URL) {
	const { choices, filter, devices, key } = healthQuery(ctx, url);
	const pages = ['page', 'firstBackupsPage'].map((p) => url.searchParams.get(p) ?? '').join('|');
	return figures(ctx.db, `health:${key}:${pages}`, async () => {
		const { db, at } = ctx;
		const counts = healthCountsOf(db, at, devices);
		const rowsPage = pageAsked(countDevices(db, at, devices), url);
		const progress: DeviceFilter = { ...devices, bucket: 'progress' };
		const progressPage = pageAsked(countDevices(db, at, progress), url, 'firstBackupsPage');
		const overDataCap = countDevices(db, at, { ...progress, toSendOver: at.dataCapBytes });
		await breathe();
		const rows = deviceHealthPage(db, at, devices, rowsPage);
		const inProgress = deviceHealthPage(db, at, progress, progressPage);
		await breathe();
		const history = healthHistory(db, at, { departments: devices.departments, os: filter.os });
		return {
			asOf: ctx.asOf,
			filter,
			choices,
			thresholds: at.thresholds,
			uploadMbps: at.uploadMbps,
			dataCapBytes: at.dataCapBytes,
			overDataCap,
			counts,
			rows,
			rowsPage: pageInfo(rowsPage),
			inProgress,
			inProgressPage: pageInfo(progressPage),
			history
		};
	});
}

export type HealthTable = 'devices' | 'counts' | 'first-backups' | 'history' | 'durations';

/**
 * One of the health page's tables with the filters of `url`, every row, as CSV: kept per kept
 * version (cache.ts).
 */
export function healthCsv(ctx: FiguresContext, url: URL, table: HealthTable): Promise<CsvFile> {
	const { filter, devices, key } = healthQuery(ctx, url);
	return figures(ctx.db, `health-csv:${key}:${table}`, () => {
		const { db, at } = ctx;
		const name = (what: string) =>
			csvFileName(what, filter.department ?? '', filter.os ?? '', ctx.asOf);
		const history = () =>
			healthHistory(db, at, { departments: devices.departments, os: filter.os });
		switch (table) {
			case 'devices':
				return csvFile(
					deviceHealthPage(db, at, devices, null),
					deviceHealthColumns,
					name(`health-${filter.bucket}`)
				);
			case 'first-backups':
				return csvFile(
					deviceHealthPage(db, at, { ...devices, bucket: 'progress' }, null),
					inProgressColumns,
					name('first-backups')
				);
			case 'counts':
				return csvFile(
					countRows(healthCountsOf(db, at, devices)),
					countColumns,
					name('health-counts')
				);
			case 'history':
				return csvFile(history().points, healthPointColumns, name('health-over-time'));
			default:
				return csvFile(history().durations, durationColumns, name('first-backup-durations'));
		}
	});
}

// ---------------------------------------------------------------------------------------------
// CSV

export const healthPointColumns: CsvColumn<HealthPoint>[] = [
	{ header: 'Report as of', value: 'asOf' },
	{ header: 'Devices', value: 'devices' },
	{ header: 'Active', value: 'active' },
	{ header: 'OK', value: 'ok' },
	{ header: 'Warning', value: 'warning' },
	{ header: 'Critical', value: 'critical' },
	{ header: 'Never backed up', value: 'never' },
	{ header: 'Failures', value: 'failures' },
	{ header: 'No backup state', value: 'unknown' }
];

const days = (ms: number | null) => (ms === null ? null : Math.round((ms / 86_400_000) * 10) / 10);

export const durationColumns: CsvColumn<DurationStats>[] = [
	{ header: 'OS', value: 'osFamily' },
	{ header: 'Devices measured', value: 'devices' },
	{ header: 'Median (days)', value: (r) => days(r.medianMs) },
	{ header: '90th percentile (days)', value: (r) => days(r.p90Ms) }
];

export const countColumns: CsvColumn<{ bucket: string; devices: number }>[] = [
	{ header: 'Health', value: 'bucket' },
	{ header: 'Active devices', value: 'devices' }
];

export function countRows(counts: HealthCounts): { bucket: string; devices: number }[] {
	return [
		{ bucket: 'ok', devices: counts.ok },
		{ bucket: 'warning', devices: counts.warning },
		{ bucket: 'critical', devices: counts.critical },
		{ bucket: 'never', devices: counts.never },
		{ bucket: 'failures', devices: counts.failures }
	];
}
