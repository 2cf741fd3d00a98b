import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
	deviceStates,
	devices,
	firstBackups,
	placements,
	reportDates,
	reportHealth
} from '../db/schema';
import {
	durationStatsByOs,
	largestReportGapDays,
	OS_FAMILIES,
	type DurationStats,
	type OsFamily
} from '../metrics/firstbackup';
import { addHealthCode, emptyHealthCounts, isActiveCode } from '../metrics/health';
import type { HealthPoint } from '../metrics/snapshots';
import type { At } from './at';
import { healthCode, qualified, stateColumns } from './sql';

// Health over time and first-backup durations, as of a day D. Each device report's counts are
// kept by the group (department, OS family) of their rows (report_health); the history counts a
// device under its group as of D (docs/rules.md), so the few devices whose group changed over
// time (devices.varies) are moved from the one to the other here.

/** The devices the history covers: of some departments, of one OS family or any. */
export interface HistoryFilter {
	departments: readonly string[];
	os: OsFamily | null;
}

export interface HealthHistory {
	/** one point per device backup report on or before D, oldest first */
	points: HealthPoint[];
	durations: DurationStats[];
	/** the longest stretch between two reports, in days: how coarse the durations are */
	largestGapDays: number | null;
}

const COUNTED = [
	'devices',
	'active',
	'ok',
	'warning',
	'critical',
	'never',
	'failures',
	'unknown'
] as const;

function emptyPoint(asOf: string): HealthPoint {
	return { asOf, devices: 0, active: 0, ...emptyHealthCounts() };
}

export function healthHistory(db: Db, at: At, filter: HistoryFilter): HealthHistory {
	const { points, reports } = healthPointsOf(db, at, filter);
	return {
		points,
		durations: firstBackupDurations(db, at, filter),
		largestGapDays: largestReportGapDays(reports)
	};
}

/** One point per device backup report on or before D, of the devices of the filter. */
export function healthPoints(db: Db, at: At, filter: HistoryFilter): HealthPoint[] {
	return healthPointsOf(db, at, filter).points;
}

function healthPointsOf(db: Db, at: At, filter: HistoryFilter) {
	const wanted = new Set(filter.departments);
	const osIndex = filter.os === null ? null : OS_FAMILIES.indexOf(filter.os);
	const keep = (department: string, family: number) =>
		wanted.has(department) && (osIndex === null || family === osIndex);

	const reports = db
		.select({ asOf: reportDates.asOf })
		.from(reportDates)
		.where(and(isNotNull(reportDates.deviceReport), lte(reportDates.asOf, at.asOf)))
		.orderBy(reportDates.asOf)
		.all()
		.map((r) => r.asOf);
	const points = new Map(reports.map((asOf) => [asOf, emptyPoint(asOf)]));
	const kept = db
		.select()
		.from(reportHealth)
		.where(
			and(
				lte(reportHealth.asOf, at.asOf),
				inArray(reportHealth.department, [...wanted]),
				osIndex === null ? undefined : eq(reportHealth.osFamily, osIndex)
			)
		)
		.all();
	for (const row of kept) {
		const point = points.get(row.asOf);
		if (point) for (const key of COUNTED) point[key] += row[key];
	}
	for (const move of movedDevices(db, at)) {
		const point = points.get(move.asOf);
		if (!point) continue;
		const was = keep(move.rowDepartment, move.rowFamily);
		const is = keep(move.department, move.family);
		if (was === is) continue;
		const one = emptyPoint(move.asOf);
		one.devices = 1;
		if (isActiveCode(move.code)) one.active = 1;
		addHealthCode(one, move.code);
		for (const key of COUNTED) point[key] += is ? one[key] : -one[key];
	}
	return { points: [...points.values()], reports };
}

/**
 * The report rows (on or before D) of the devices whose group changed over time, each with its
 * row's group and health code and the device's group as of D.
 */
function movedDevices(db: Db, at: At) {
	if (at.state === null) return [];
	// the devices whose group changed over time: few or none, so the rest reads their rows alone
	const moved = db
		.select({ id: devices.id })
		.from(devices)
		// as the partial index devices_varies is written: `varies = ?` would not use it
		.where(sql`${devices.varies}`)
		.all()
		.map((d) => d.id);
	if (moved.length === 0) return [];
	const row = alias(deviceStates, 'row');
	const rowPlace = alias(placements, 'row_place');
	const rowState = stateColumns(row);
	// each report's own day, and its row's own install, as the report gives it
	const T = sql`as_of_instant(${qualified(row.asOf)})`;
	return db
		.select({
			asOf: row.asOf,
			rowDepartment: rowPlace.department,
			rowFamily: row.osFamily,
			code: healthCode(rowState, rowState.creationMs, { T, thresholds: at.thresholds }),
			department: placements.department,
			family: deviceStates.osFamily
		})
		.from(reportDates)
		.innerJoin(row, eq(row.asOf, reportDates.asOf))
		.innerJoin(rowPlace, eq(rowPlace.id, row.placement))
		.innerJoin(
			deviceStates,
			and(eq(deviceStates.asOf, at.state), eq(deviceStates.deviceId, row.deviceId))
		)
		.innerJoin(placements, eq(placements.id, deviceStates.placement))
		.where(
			and(
				isNotNull(reportDates.deviceReport),
				lte(reportDates.asOf, at.asOf),
				inArray(row.deviceId, moved),
				eq(row.inDeviceReport, true)
			)
		)
		.all();
}

/**
 * Median and 90th percentile of the first-backup durations the reports on or before D measured,
 * of the devices of the filter (their department and OS family as of D).
 */
function firstBackupDurations(db: Db, at: At, filter: HistoryFilter): DurationStats[] {
	if (at.state === null) return durationStatsByOs([]);
	const osIndex = filter.os === null ? null : OS_FAMILIES.indexOf(filter.os);
	const rows = db
		.select({ durationMs: firstBackups.durationMs, family: deviceStates.osFamily })
		.from(firstBackups)
		.innerJoin(
			deviceStates,
			and(eq(deviceStates.asOf, at.state), eq(deviceStates.deviceId, firstBackups.deviceId))
		)
		.innerJoin(placements, eq(placements.id, deviceStates.placement))
		.where(
			and(
				lte(firstBackups.asOf, at.asOf),
				isNotNull(firstBackups.durationMs),
				inArray(placements.department, [...filter.departments]),
				osIndex === null ? undefined : eq(deviceStates.osFamily, osIndex)
			)
		)
		.all();
	return durationStatsByOs(
		rows.flatMap((r) =>
			r.durationMs === null ? [] : [{ durationMs: r.durationMs, osFamily: OS_FAMILIES[r.family] }]
		)
	);
}
