import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
	departmentList,
	deviceRows,
	deviceStates,
	devices,
	managed,
	placements
} from '../db/schema';
import type { DeviceDepartmentSource } from '../metrics/departments';
import {
	OS_FAMILIES,
	secondsToSend,
	type FirstBackupProgress,
	type OsFamily
} from '../metrics/firstbackup';
import { emptyHealthCounts, healthOf, type HealthCounts } from '../metrics/health';
import type { DeviceHealthRow } from '../metrics/summary';
import { managedNow } from '../kept/managed';
import type { HealthBucket } from '../metrics/types';
import type { At } from './at';
import { bucketOf, healthCodeAsOf, installOf, stateColumns } from './sql';

// The devices as of a day, listed a page at a time: the query filters and sorts in SQL and reads
// only the rows shown; each row is then told in words by the rules (metrics/health.ts).

const BUCKETS: readonly (HealthBucket | null)[] = [null, 'ok', 'warning', 'critical', 'never'];

/** What a device list can be narrowed to. */
export interface DeviceFilter {
	/** the departments listed (the one asked for, else those the person may see) */
	departments: readonly string[];
	os?: OsFamily | null;
	/** a bucket, 'failures', 'progress' (first backups in progress), or null for every one */
	bucket?: HealthBucket | 'failures' | 'progress' | null;
	/** only the devices with more than this many bytes still to send in their first backup */
	toSendOver?: number | null;
}

export interface Page {
	limit: number;
	offset: number;
}

/**
 * The device states as of `at` with what the lists filter and sort on: department (and its place
 * in the list), health code and bucket, OS family, install, uid.
 */
function listed(db: Db, at: At) {
	const install = installOf(stateColumns(deviceStates));
	const code = healthCodeAsOf(deviceStates, at);
	return db
		.select({
			deviceId: deviceStates.deviceId,
			rowId: deviceStates.rowId,
			progressRow: deviceStates.progressRow,
			toSend: deviceStates.toSend,
			shortName: deviceStates.shortName,
			osFamily: deviceStates.osFamily,
			active: deviceStates.active,
			hasBackup: deviceStates.hasBackup,
			lastCompletedMs: deviceStates.lastCompletedMs,
			alerts: deviceStates.alerts,
			// names of their own: the lists join tables with columns of these names
			department: sql<string>`${placements.department}`.as('listed_department'),
			code: code.as('listed_code'),
			bucket: bucketOf(code).as('listed_bucket'),
			install: install.as('listed_install')
		})
		.from(deviceStates)
		.innerJoin(placements, eq(placements.id, deviceStates.placement))
		.where(eq(deviceStates.asOf, at.state ?? ''))
		.as('listed');
}

type Listed = ReturnType<typeof listed>;

function conditions(list: Listed, filter: DeviceFilter): SQL | undefined {
	const os = filter.os ?? null;
	const bucket = filter.bucket ?? null;
	const over = filter.toSendOver ?? null;
	return and(
		inArray(list.department, [...filter.departments]),
		os === null ? undefined : eq(list.osFamily, OS_FAMILIES.indexOf(os)),
		over === null ? undefined : sql`over_data_cap(${list.toSend}, ${over}) = 1`,
		bucket === null
			? sql`${list.bucket} > 0`
			: bucket === 'failures'
				? sql`(${list.code} & 2) > 0`
				: bucket === 'progress'
					? and(sql`${list.bucket} = 4`, sql`${list.progressRow} IS NOT NULL`)
					: eq(list.bucket, BUCKETS.indexOf(bucket))
	);
}

/** Health counts of the devices of some departments (and OS family), every bucket. */
export function healthCountsOf(db: Db, at: At, filter: DeviceFilter): HealthCounts {
	const list = listed(db, at);
	const rows = db
		.select({ code: list.code, devices: sql<number>`count(*)`.mapWith(Number) })
		.from(list)
		.where(conditions(list, { ...filter, bucket: null }))
		.groupBy(sql`${list.code}`)
		.all();
	const counts = emptyHealthCounts();
	for (const { code, devices: n } of rows) {
		const bucket = BUCKETS[code >> 2];
		if (bucket === null) continue;
		counts[bucket] += n;
		if (code & 2) counts.failures += n;
	}
	return counts;
}

/** How many devices a filter lists. */
export function countDevices(db: Db, at: At, filter: DeviceFilter): number {
	const list = listed(db, at);
	return (
		db
			.select({ n: sql<number>`count(*)`.mapWith(Number) })
			.from(list)
			.where(conditions(list, filter))
			.get()?.n ?? 0
	);
}

/**
 * A page of the devices of a filter with their health, as the lists show them: worst bucket
 * first, then by department (UNASSIGNED last), short hostname and device UID; first backups in
 * progress with the most still to send first.
 */
export function deviceHealthPage(
	db: Db,
	at: At,
	filter: DeviceFilter,
	page: Page | null
): DeviceHealthRow[] {
	if (at.state === null) return [];
	const list = listed(db, at);
	const position = sql`coalesce((SELECT ${departmentList.position} FROM ${departmentList}
		WHERE ${departmentList.code} = ${list.department}), 1e9)`;
	const progress = alias(deviceRows, 'progress');
	let query = db
		.select({
			list: {
				shortName: list.shortName,
				osFamily: list.osFamily,
				active: list.active,
				hasBackup: list.hasBackup,
				lastCompletedMs: list.lastCompletedMs,
				alerts: list.alerts,
				department: list.department,
				install: list.install,
				toSend: list.toSend,
				progressRow: list.progressRow
			},
			uid: devices.uid,
			deviceName: deviceRows.deviceName,
			username: deviceRows.username,
			os: deviceRows.os,
			managedKnown: managed.known,
			destinationName: progress.destinationName,
			percent: progress.backupCompletePercentage,
			selectedBytes: progress.selectedBytes
		})
		.from(list)
		.innerJoin(devices, eq(devices.id, list.deviceId))
		.innerJoin(deviceRows, eq(deviceRows.id, list.rowId))
		.leftJoin(progress, eq(progress.id, list.progressRow))
		.leftJoin(managed, and(eq(managed.shortName, list.shortName), managedNow()))
		.where(conditions(list, filter))
		.orderBy(
			...(filter.bucket === 'progress'
				? [sql`${list.toSend} IS NULL`, desc(list.toSend)]
				: // worst first: critical, never, warning, ok
					[sql`CASE ${list.bucket} WHEN 3 THEN 0 WHEN 4 THEN 1 WHEN 2 THEN 2 ELSE 3 END`]),
			asc(position),
			asc(list.shortName),
			asc(devices.uid)
		)
		.$dynamic();
	if (page) query = query.limit(page.limit).offset(page.offset);
	return query.all().map((r) => healthRow(r, at));
}

function healthRow(
	r: {
		list: {
			shortName: string;
			osFamily: number;
			active: boolean;
			hasBackup: boolean;
			lastCompletedMs: number | null;
			alerts: number;
			department: string;
			install: number | null;
			toSend: number | null;
			progressRow: number | null;
		};
		uid: string;
		deviceName: string;
		username: string | null;
		os: string | null;
		managedKnown: boolean | null;
		destinationName: string | null;
		percent: number | null;
		selectedBytes: number | null;
	},
	at: At
): DeviceHealthRow {
	const { list } = r;
	const health = healthOf(
		{
			active: list.active,
			hasBackup: list.hasBackup,
			lastCompletedMs: list.lastCompletedMs,
			alerts: list.alerts,
			creationMs: list.install
		},
		at.T,
		at.thresholds
	);
	if (health === null) throw new Error(`The device ${r.uid} has no health to list.`);
	const source: DeviceDepartmentSource = r.managedKnown
		? 'inventory'
		: list.department === 'UNASSIGNED'
			? 'unassigned'
			: 'orgName';
	let progress: FirstBackupProgress | null = null;
	if (health.bucket === 'never' && list.progressRow !== null) {
		const percent = r.percent === null ? null : Math.min(100, Math.max(0, r.percent));
		progress = {
			destinationName: r.destinationName ?? '',
			percent,
			selectedBytes: r.selectedBytes,
			bytesToSend: list.toSend,
			secondsLeft: list.toSend === null ? null : secondsToSend(list.toSend, at.uploadMbps)
		};
	}
	return {
		deviceUid: r.uid,
		deviceName: r.deviceName,
		shortHostname: list.shortName,
		username: r.username,
		department: list.department,
		departmentSource: source,
		os: r.os,
		osFamily: OS_FAMILIES[list.osFamily],
		bucket: health.bucket,
		failure: health.failure,
		reason: health.reasons.join('; '),
		note: health.notes.join('; '),
		lastCompletedBackup: health.lastCompletedBackup,
		creationDate: list.install === null ? null : new Date(list.install).toISOString(),
		worstAlert: health.worstAlert,
		progress
	};
}

/** The distinct names of the devices as of `at`, sorted: what a name field offers to pick. */
export function deviceNamesAt(db: Db, at: At): string[] {
	return db
		.selectDistinct({ name: deviceRows.deviceName })
		.from(deviceStates)
		.innerJoin(deviceRows, eq(deviceRows.id, deviceStates.rowId))
		.where(eq(deviceStates.asOf, at.state ?? ''))
		.orderBy(asc(deviceRows.deviceName))
		.all()
		.map((r) => r.name);
}
