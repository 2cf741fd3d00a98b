import { cached, scopeKey, sharedStrings } from '../cache';
import type { CsvColumn } from '../csv';
import type { Db } from '../db';
import { UNASSIGNED } from '../metrics/departments';
import {
	backupFacts,
	createFirstBackupTracker,
	durationStatsByOs,
	largestReportGapDays,
	osFamily,
	type BackupFacts,
	type DurationStats,
	type OsFamily
} from '../metrics/firstbackup';
import type { HealthCounts } from '../metrics/health';
import {
	createHealthOverTime,
	healthCodes,
	sumHealthGroups,
	type GroupedHealth,
	type HealthFacts,
	type HealthPoint
} from '../metrics/snapshots';
import {
	countHealthRows,
	departmentByDevice,
	deviceHealthRows,
	filterHealthRows,
	firstBackupsInProgress,
	type DeviceHealthRow,
	type HealthFilter
} from '../metrics/summary';
import type { DashboardState, HealthThresholds } from '../metrics/types';
import { loadHealthSettings } from '../health-settings';
import { reportSnapshot, reportsInForce, type ReportInForce } from '../snapshots';
import { stateAsOf } from './asof';
import {
	healthFilterFrom,
	visibleDepartments,
	type BucketChoice,
	type DepartmentChoice,
	type RolloutContext
} from './rollout';
import { inScope } from './scope';

// The backup health page: today's buckets and failures from the state, and the history (health
// over time, first-backup durations) from every report in force.

export interface HealthToday {
	state: DashboardState;
	filter: { department: string | null; os: OsFamily | null; bucket: BucketChoice };
	choices: DepartmentChoice[];
	/** the departments the figures cover (the one filtered on, else all in scope) */
	codes: Set<string>;
	thresholds: HealthThresholds;
	uploadMbps: number;
	/** buckets of the department and OS filtered on (the bucket filter does not apply) */
	counts: HealthCounts;
	/** the rows of every filter, worst bucket first */
	rows: DeviceHealthRow[];
	/** devices still in their first backup (department and OS filters), most data to send first */
	inProgress: DeviceHealthRow[];
}

export function healthToday(ctx: RolloutContext, url: URL): HealthToday {
	const state = stateAsOf(ctx.db, ctx.asOf);
	const filter = healthFilterFrom(url, state, ctx.scope);
	const choices = visibleDepartments(state, ctx.scope);
	const codes = new Set(
		filter.department === null ? choices.map((c) => c.code) : [filter.department]
	);
	const { thresholds, uploadMbps } = loadHealthSettings(ctx.db);
	const all = deviceHealthRows(state, uploadMbps).filter((r) => codes.has(r.department));
	const place: HealthFilter = { department: null, os: filter.os, bucket: null };
	const placed = filterHealthRows(all, place);
	const bucket = filter.bucket === 'all' ? null : filter.bucket;
	return {
		state,
		filter,
		choices,
		codes,
		thresholds,
		uploadMbps,
		counts: countHealthRows(placed),
		rows: filterHealthRows(placed, { ...place, bucket }),
		inProgress: firstBackupsInProgress(placed)
	};
}

/**
 * Everything the health page and its CSV export show for the filters of `url`, built once per
 * data version (cache.ts): the lists whole (a campus has 20,000 devices "ok"), for the page to
 * show a page of and the CSV to hold every row of.
 */
export function healthFigures(ctx: RolloutContext, url: URL) {
	const params = url.searchParams;
	const filters = ['department', 'os', 'bucket'].map((k) => params.get(k) ?? '').join('|');
	return cached(ctx.db, `health:${ctx.asOf}:${scopeKey(ctx.scope)}:${filters}`, () => {
		const today = healthToday(ctx, url);
		return {
			asOf: today.state.asOf,
			filter: today.filter,
			choices: today.choices,
			thresholds: today.thresholds,
			uploadMbps: today.uploadMbps,
			counts: today.counts,
			rows: today.rows,
			inProgress: today.inProgress,
			history: healthHistory(ctx, today)
		};
	});
}

// ---------------------------------------------------------------------------------------------
// History: a campus's 26 weekly reports take seconds to read, so each report's facts are kept
// while it is in force, and what the filters need is kept per data version (cache.ts).

interface History {
	grouped: GroupedHealth;
	durations: { durationMs: number; osFamily: OsFamily; department: string }[];
}

const GROUP_SEPARATOR = '\t';

/** What the history reads of a report: both rules' facts about each device. */
type ReportFacts = BackupFacts & HealthFacts;

/**
 * Each report's facts, kept per database connection across data versions: a report's rows never
 * change once imported, so after a weekly import only the new report is read. Keyed by import and
 * thresholds (the health codes depend on them); a report taken out of force (undone, replaced by
 * a re-export) is let go at the next build.
 */
const keptFacts = new WeakMap<
	object,
	{ facts: Map<string, ReportFacts>; intern: (name: string) => string }
>();

function reportFactsInForce(db: Db, asOf: string, thresholds: HealthThresholds): ReportFacts[] {
	let kept = keptFacts.get(db.$client);
	if (!kept) {
		// one string per uid and OS name, however many reports hold it
		kept = { facts: new Map(), intern: sharedStrings() };
		keptFacts.set(db.$client, kept);
	}
	const { facts, intern } = kept;
	const thresholdsKey = JSON.stringify(thresholds);
	const inForce = reportsInForce(db, '9999-12-31', 'code42-devices');
	// the file's hash too: a database restored under a running server has other rows under the same ids
	const keyOf = (report: ReportInForce) =>
		`${report.importId}:${report.sha256}:${report.asOf}:${thresholdsKey}`;
	const current = new Set(inForce.map(keyOf));
	for (const key of facts.keys()) if (!current.has(key)) facts.delete(key);
	return inForce
		.filter((report) => report.asOf <= asOf)
		.map((report) => {
			const key = keyOf(report);
			let found = facts.get(key);
			if (!found) {
				const snapshot = reportSnapshot(db, report);
				const backup = backupFacts(snapshot);
				found = {
					...backup,
					uids: backup.uids.map(intern),
					os: backup.os.map((os) => (os === null ? null : intern(os))),
					codes: healthCodes(snapshot, thresholds)
				};
				facts.set(key, found);
			}
			return found;
		});
}

function readHistory(db: Db, state: DashboardState, thresholds: HealthThresholds): History {
	return cached(db, `health-history:${state.asOf}:${JSON.stringify(thresholds)}`, () => {
		const departments = departmentByDevice(state);
		const families = new Map(state.devices.map((d) => [d.deviceUid, osFamily(d.os)]));
		const groupOf = (uid: string, family: OsFamily) =>
			(departments.get(uid) ?? UNASSIGNED) + GROUP_SEPARATOR + family;
		// a device's group once, not once for each report that holds it
		const groups = new Map([...families].map(([uid, family]) => [uid, groupOf(uid, family)]));
		const over = createHealthOverTime(
			thresholds,
			(uid, os) => groups.get(uid) ?? groupOf(uid, osFamily(os))
		);
		const tracker = createFirstBackupTracker();
		for (const facts of reportFactsInForce(db, state.asOf, thresholds)) {
			over.addFacts(facts);
			tracker.addFacts(facts);
		}
		return {
			grouped: over.result(),
			durations: tracker.durations().map((d) => ({
				durationMs: d.durationMs,
				osFamily: families.get(d.deviceUid) ?? d.osFamily,
				department: departments.get(d.deviceUid) ?? UNASSIGNED
			}))
		};
	});
}

export interface HealthHistory {
	/** one point per Code42 device backup report in force, oldest first */
	points: HealthPoint[];
	/** first-backup durations: all, then by OS family */
	durations: DurationStats[];
	/** the longest stretch between two reports, in days: how coarse the durations are */
	largestGapDays: number | null;
}

export function healthHistory(ctx: RolloutContext, today: HealthToday): HealthHistory {
	const history = readHistory(ctx.db, today.state, today.thresholds);
	const { os } = today.filter;
	const keep = (department: string, family: string) =>
		today.codes.has(department) && inScope(ctx.scope, department) && (os === null || family === os);
	const points = sumHealthGroups(history.grouped, (group) => {
		const [department, family] = group.split(GROUP_SEPARATOR);
		return keep(department, family);
	});
	return {
		points,
		durations: durationStatsByOs(history.durations.filter((d) => keep(d.department, d.osFamily))),
		largestGapDays: largestReportGapDays(history.grouped.reports)
	};
}

/**
 * Failures in each Code42 device backup report of the departments in scope: whether "no
 * failures" ever held, report by report (the overview's check of the claim).
 */
export function failuresByReport(
	ctx: RolloutContext,
	state: DashboardState
): { asOf: string; failures: number; active: number }[] {
	const history = readHistory(ctx.db, state, state.thresholds);
	return sumHealthGroups(history.grouped, (group) =>
		inScope(ctx.scope, group.split(GROUP_SEPARATOR)[0])
	).map((p) => ({ asOf: p.asOf, failures: p.failures, active: p.active }));
}

/** Active devices in each Code42 device backup report in force, college-wide (the overview's chart). */
export function activeByReport(db: Db, state: DashboardState): { asOf: string; active: number }[] {
	const history = readHistory(db, state, state.thresholds);
	return sumHealthGroups(history.grouped, () => true).map((p) => ({
		asOf: p.asOf,
		active: p.active
	}));
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

export const inProgressColumns: CsvColumn<DeviceHealthRow>[] = [
	{ header: 'Department', value: 'department' },
	{ header: 'Device', value: 'deviceName' },
	{ header: 'Device UID', value: 'deviceUid' },
	{ header: 'OS', value: 'os' },
	{ header: 'Installed', value: 'creationDate' },
	{ header: 'Destination', value: (r) => r.progress?.destinationName },
	{ header: 'Done (%)', value: (r) => r.progress?.percent },
	{ header: 'Selected (bytes)', value: (r) => r.progress?.selectedBytes },
	{ header: 'Still to send (bytes)', value: (r) => r.progress?.bytesToSend },
	{ header: 'Time left (seconds)', value: (r) => r.progress?.secondsLeft }
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
