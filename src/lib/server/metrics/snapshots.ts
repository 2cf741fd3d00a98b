// Backup health over time: the four buckets counted in each Code42 device backup report in force,
// as of that report's own as-of date, with the thresholds of today.
import { asOfInstant } from './asof';
import type { ReportSnapshot } from './firstbackup';
import { addToHealthCounts, emptyHealthCounts, healthAt, type HealthCounts } from './health';
import { isActiveStatus } from './rollout';
import type { Device, HealthThresholds } from './types';

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

export interface HealthOverTime {
	add(snapshot: ReportSnapshot): void;
	result(): GroupedHealth;
}

function emptyPoint(asOf: string): HealthPoint {
	return { asOf, devices: 0, active: 0, ...emptyHealthCounts() };
}

/**
 * Counts each report's devices by bucket as of the end of its as-of day, per group. A device
 * missing from a report is not counted in it (it was gone that day); a device whose group is null
 * is left out.
 */
export function createHealthOverTime(
	thresholds: HealthThresholds,
	groupOf: (device: Device) => string | null = () => ''
): HealthOverTime {
	const reports: string[] = [];
	const groups = new Map<string, HealthPoint[]>();
	return {
		add(snapshot) {
			const T = asOfInstant(snapshot.asOf);
			const points = new Map<string, HealthPoint>();
			for (const device of snapshot.devices) {
				const group = groupOf(device);
				if (group === null) continue;
				let point = points.get(group);
				if (!point) {
					point = emptyPoint(snapshot.asOf);
					points.set(group, point);
				}
				point.devices += 1;
				if (isActiveStatus(device.status)) point.active += 1;
				addToHealthCounts(point, device, healthAt(device, T, thresholds));
			}
			reports.push(snapshot.asOf);
			for (const [group, point] of points) {
				const list = groups.get(group);
				if (list) list.push(point);
				else groups.set(group, [point]);
			}
		},
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
	include: (device: Device) => boolean = () => true
): HealthPoint[] {
	const over = createHealthOverTime(thresholds, (d) => (include(d) ? '' : null));
	for (const snapshot of snapshots) over.add(snapshot);
	return sumHealthGroups(over.result(), () => true);
}
