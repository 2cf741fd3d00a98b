// Backup health over time: the four buckets counted in each Code42 device backup report in force,
// as of that report's own as-of date, with the thresholds of today.
import { asOfInstant } from './asof';
import type { ReportSnapshot } from './firstbackup';
import {
	addHealthCode,
	emptyHealthCounts,
	healthAt,
	healthCode,
	isActiveCode,
	type HealthCounts
} from './health';
import type { HealthThresholds } from './types';

export interface HealthPoint extends HealthCounts {
	/** the report's as-of date */
	asOf: string;
	/** devices of the report (in the group) */
	devices: number;
	/** of those, active */
	active: number;
}

/** Each report's counts split by a group of the caller's choosing (department and OS, say). */
export interface GroupedHealth {
	/** the as-of date of every report added, oldest first */
	reports: string[];
	/** group → the points of the reports that had devices in it, oldest first */
	groups: Map<string, HealthPoint[]>;
}

/**
 * One report reduced to what health over time counts of each device, in the report's order: its
 * uid, OS and health code (health.ts) as of the report's day. A report never changes once
 * imported, so the history keeps these per report and thresholds.
 */
export interface HealthFacts {
	/** the report's as-of date, YYYY-MM-DD */
	asOf: string;
	uids: readonly string[];
	os: readonly (string | null)[];
	codes: Uint8Array;
}

/** Each device's health code as of the end of the report's as-of day, in the report's order. */
export function healthCodes(snapshot: ReportSnapshot, thresholds: HealthThresholds): Uint8Array {
	const T = asOfInstant(snapshot.asOf);
	return Uint8Array.from(snapshot.devices, (device) =>
		healthCode(device, healthAt(device, T, thresholds))
	);
}

export interface HealthOverTime {
	add(snapshot: ReportSnapshot): void;
	/** the same, from the report's facts (made with the same thresholds) */
	addFacts(facts: HealthFacts): void;
	result(): GroupedHealth;
}

function emptyPoint(asOf: string): HealthPoint {
	return { asOf, devices: 0, active: 0, ...emptyHealthCounts() };
}

/**
 * Counts each report's devices by bucket as of the end of its as-of day, per group (of a device's
 * uid and OS). A device missing from a report is not counted in it (it was gone that day); a
 * device whose group is null is left out.
 */
export function createHealthOverTime(
	thresholds: HealthThresholds,
	groupOf: (uid: string, os: string | null) => string | null = () => ''
): HealthOverTime {
	const reports: string[] = [];
	const groups = new Map<string, HealthPoint[]>();
	const addFacts = (facts: HealthFacts) => {
		const points = new Map<string, HealthPoint>();
		for (let i = 0; i < facts.uids.length; i++) {
			const group = groupOf(facts.uids[i], facts.os[i]);
			if (group === null) continue;
			let point = points.get(group);
			if (!point) {
				point = emptyPoint(facts.asOf);
				points.set(group, point);
			}
			const code = facts.codes[i];
			point.devices += 1;
			if (isActiveCode(code)) point.active += 1;
			addHealthCode(point, code);
		}
		reports.push(facts.asOf);
		for (const [group, point] of points) {
			const list = groups.get(group);
			if (list) list.push(point);
			else groups.set(group, [point]);
		}
	};
	return {
		add: (snapshot) =>
			addFacts({
				asOf: snapshot.asOf,
				uids: snapshot.devices.map((d) => d.deviceUid),
				os: snapshot.devices.map((d) => d.os),
				codes: healthCodes(snapshot, thresholds)
			}),
		addFacts,
		result() {
			const byDate = (a: HealthPoint, b: HealthPoint) =>
				a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0;
			for (const list of groups.values()) list.sort(byDate);
			return { reports: [...reports].sort(), groups };
		}
	};
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

/** The points of the groups kept, summed per report: one point for every report, zeros included. */
export function sumHealthGroups(
	grouped: GroupedHealth,
	keep: (group: string) => boolean
): HealthPoint[] {
	const byDate = new Map(grouped.reports.map((asOf) => [asOf, emptyPoint(asOf)]));
	for (const [group, points] of grouped.groups) {
		if (!keep(group)) continue;
		for (const point of points) {
			const sum = byDate.get(point.asOf);
			if (!sum) continue;
			for (const key of COUNTED) sum[key] += point[key];
		}
	}
	return [...byDate.values()];
}

/** Health counts of every report given, oldest first; `include` keeps part of the devices. */
export function healthOverTime(
	snapshots: Iterable<ReportSnapshot>,
	thresholds: HealthThresholds,
	include: (uid: string, os: string | null) => boolean = () => true
): HealthPoint[] {
	const over = createHealthOverTime(thresholds, (uid, os) => (include(uid, os) ? '' : null));
	for (const snapshot of snapshots) over.add(snapshot);
	return sumHealthGroups(over.result(), () => true);
}
