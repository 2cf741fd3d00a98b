import { error, type RequestEvent } from '@sveltejs/kit';
import { cached, scopeKey } from '../cache';
import type { CsvColumn } from '../csv';
import { getDb, type Db } from '../db';
import { departmentCodes, UNASSIGNED } from '../metrics/departments';
import { departmentSavingsSentence } from '../metrics/nodes';
import { OS_FAMILIES, type OsFamily } from '../metrics/firstbackup';
import type { PaceStatus, PaceWeek } from '../metrics/rollout';
import { stragglerRows, type StragglerRow } from '../metrics/stragglers';
import {
	departmentSummaries,
	deviceHealthRows,
	type DepartmentSummary,
	type DeviceHealthRow
} from '../metrics/summary';
import type { DashboardState, HealthBucket } from '../metrics/types';
import { loadHealthSettings } from '../health-settings';
import { asOfFrom, stateAsOf } from './asof';
import { departmentScope, inScope } from './scope';

// Shapes the rollout figures (overview pace, departments, backup health) for the pages and their
// CSV exports: which departments the person may see, then the metric functions over exactly
// those. Nothing here decides a rule.

export interface RolloutContext {
	db: Db;
	asOf: string;
	/** null: every department; else the codes the person may read */
	scope: string[] | null;
}

export function rolloutContext(event: Pick<RequestEvent, 'url' | 'locals'>): RolloutContext {
	const db = getDb();
	return { db, asOf: asOfFrom(event.url, db), scope: departmentScope(event) };
}

export interface DepartmentChoice {
	code: string;
	name: string;
}

export function departmentName(state: Pick<DashboardState, 'departments'>, code: string): string {
	if (code === UNASSIGNED) return 'Unassigned';
	return state.departments.find((d) => d.code === code)?.name ?? code;
}

/** The departments (UNASSIGNED last) the person may see. */
export function visibleDepartments(
	state: Pick<DashboardState, 'departments'>,
	scope: string[] | null
): DepartmentChoice[] {
	return departmentCodes(state.departments)
		.filter((code) => inScope(scope, code))
		.map((code) => ({ code, name: departmentName(state, code) }));
}

/** A department code from a URL: 404 when it is unknown or outside the person's scope. */
export function departmentFromUrl(
	state: Pick<DashboardState, 'departments'>,
	scope: string[] | null,
	asked: string
): string {
	const code = asked.trim().toUpperCase();
	if (!visibleDepartments(state, scope).some((d) => d.code === code)) {
		error(404, 'No such department.');
	}
	return code;
}

// ---------------------------------------------------------------------------------------------
// Departments and pace

export interface DepartmentRow {
	code: string;
	name: string;
	managed: number;
	adopted: number;
	adoptionPct: number | null;
	installed: number;
	active: number;
	ok: number;
	warning: number;
	critical: number;
	never: number;
	failures: number;
	stragglers: number;
	rolloutBegan: string | null;
	/** managed computers first installed per week, over the last 8 full weeks */
	perWeek: number;
	slowestWeek: number;
	fastestWeek: number;
	/** managed computers still to adopt to reach 95% */
	remaining: number;
	paceStatus: PaceStatus;
	/** the day 95% is reached at the mean pace, and at the fastest and slowest weeks' */
	projectedDate: string | null;
	earliestDate: string | null;
	latestDate: string | null;
}

export function departmentRow(s: DepartmentSummary): DepartmentRow {
	return {
		code: s.code,
		name: s.name,
		managed: s.managed,
		adopted: s.adopted,
		adoptionPct: s.adoptionPct,
		installed: s.installed,
		active: s.active,
		ok: s.health.ok,
		warning: s.health.warning,
		critical: s.health.critical,
		never: s.health.never,
		failures: s.health.failures,
		stragglers: s.stragglers,
		rolloutBegan: s.rolloutBegan,
		perWeek: s.pace.perWeek,
		slowestWeek: s.pace.slowestWeek,
		fastestWeek: s.pace.fastestWeek,
		remaining: s.pace.remaining,
		paceStatus: s.pace.status,
		projectedDate: s.pace.projectedDate,
		earliestDate: s.pace.earliestDate,
		latestDate: s.pace.latestDate
	};
}

export interface RolloutFigures {
	college: DepartmentRow & { weeks: PaceWeek[] };
	departments: DepartmentRow[];
}

/** The college's figures and those of the departments in scope. */
export function rolloutFigures(state: DashboardState, scope: string[] | null): RolloutFigures {
	const { college, departments } = departmentSummaries(state);
	return {
		college: { ...departmentRow(college), weeks: college.pace.weeks },
		departments: departments.filter((d) => inScope(scope, d.code)).map(departmentRow)
	};
}

export const SORT_KEYS = [
	'code',
	'name',
	'managed',
	'adoptionPct',
	'stragglers',
	'active',
	'failures',
	'perWeek',
	'projectedDate'
] as const satisfies readonly (keyof DepartmentRow)[];
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export function sortFrom(url: URL): { key: SortKey; dir: SortDirection } {
	const asked = url.searchParams.get('sort');
	const key = (SORT_KEYS as readonly string[]).includes(asked ?? '') ? (asked as SortKey) : 'code';
	const dir = url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc';
	return { key, dir };
}

/**
 * Rows sorted by a column. Blanks (no adoption without inventory, no projected date) go last in
 * either direction; ties keep the departments' own order (by code, UNASSIGNED last).
 */
export function sortDepartmentRows(
	rows: readonly DepartmentRow[],
	key: SortKey,
	dir: SortDirection
): DepartmentRow[] {
	const sign = dir === 'asc' ? 1 : -1;
	return rows
		.map((row, i) => ({ row, i }))
		.sort((a, b) => {
			const x = a.row[key];
			const y = b.row[key];
			if (x === null || y === null) {
				if (x === y) return a.i - b.i;
				return x === null ? 1 : -1;
			}
			if (key === 'code') return sign * (a.i - b.i);
			const order =
				typeof x === 'number' && typeof y === 'number'
					? x - y
					: String(x).localeCompare(String(y), 'en');
			return sign * order || a.i - b.i;
		})
		.map(({ row }) => row);
}

export const departmentColumns: CsvColumn<DepartmentRow>[] = [
	{ header: 'Department', value: 'code' },
	{ header: 'Name', value: 'name' },
	{ header: 'Managed computers', value: 'managed' },
	{ header: 'Adopted', value: 'adopted' },
	{ header: 'Adoption (%)', value: 'adoptionPct' },
	{ header: 'Devices installed', value: 'installed' },
	{ header: 'Active devices', value: 'active' },
	{ header: 'OK', value: 'ok' },
	{ header: 'Warning', value: 'warning' },
	{ header: 'Critical', value: 'critical' },
	{ header: 'Never backed up', value: 'never' },
	{ header: 'Failures', value: 'failures' },
	{ header: 'Stragglers', value: 'stragglers' },
	{ header: 'Rollout began (week of)', value: 'rolloutBegan' },
	{ header: 'Installs per week (last 8 weeks)', value: 'perWeek' },
	{ header: 'Pace', value: 'paceStatus' },
	{ header: '95% on', value: 'projectedDate' },
	{ header: '95% at the earliest', value: 'earliestDate' },
	{ header: '95% at the latest', value: 'latestDate' }
];

export const paceWeekColumns: CsvColumn<PaceWeek>[] = [
	{ header: 'Week of', value: 'weekStart' },
	{ header: 'Managed computers installed', value: 'installs' }
];

// ---------------------------------------------------------------------------------------------
// A department's follow-up lists

export const stragglerColumns: CsvColumn<StragglerRow>[] = [
	{ header: 'Department', value: 'department' },
	{ header: 'Computer', value: 'computerName' },
	{ header: 'OS', value: 'os' },
	{ header: 'Last seen', value: 'lastSeen' },
	{ header: 'Rollout began (week of)', value: 'rolloutBegan' },
	{ header: 'Weeks since the rollout began', value: 'weeksSinceRolloutBegan' },
	{ header: 'Deactivated devices of the same name', value: (r) => r.inactiveDeviceUids.join(' ') }
];

export const deviceHealthColumns: CsvColumn<DeviceHealthRow>[] = [
	{ header: 'Department', value: 'department' },
	{ header: 'Device', value: 'deviceName' },
	{ header: 'Device UID', value: 'deviceUid' },
	{ header: 'User', value: 'username' },
	{ header: 'OS', value: 'os' },
	{ header: 'Health', value: 'bucket' },
	{ header: 'Failure', value: (r) => (r.failure ? 'yes' : 'no') },
	{ header: 'Reason', value: 'reason' },
	{ header: 'Note', value: 'note' },
	{ header: 'Last completed backup', value: 'lastCompletedBackup' },
	{ header: 'Installed', value: 'creationDate' }
];

export interface DepartmentPage {
	department: DepartmentRow & { weeks: PaceWeek[] };
	stragglers: StragglerRow[];
	failures: DeviceHealthRow[];
	firstBackups: DeviceHealthRow[];
	uploadMbps: number;
	graceDays: number;
}

/**
 * The rollout part of a department's page: adoption, pace, health, stragglers, failures and
 * first backups in progress. `code` must already be checked against the person's scope.
 */
export function departmentPage(
	ctx: RolloutContext,
	state: DashboardState,
	code: string
): DepartmentPage {
	const { uploadMbps } = loadHealthSettings(ctx.db);
	const summary = departmentSummaries(state).departments.find((d) => d.code === code);
	if (!summary) error(404, 'No such department.');
	const health = deviceHealthRows(state, uploadMbps).filter((r) => r.department === code);
	return {
		department: { ...departmentRow(summary), weeks: summary.pace.weeks },
		stragglers: stragglerRows(state).filter((s) => s.department === code),
		failures: health
			.filter((r) => r.failure)
			.sort((a, b) => (a.bucket === b.bucket ? 0 : a.bucket === 'critical' ? -1 : 1)),
		firstBackups: health
			.filter((r) => r.progress !== null)
			.sort((a, b) => (b.progress?.bytesToSend ?? -1) - (a.progress?.bytesToSend ?? -1)),
		uploadMbps,
		graceDays: state.thresholds.firstBackupGraceDays
	};
}

/**
 * A department's page, its lists whole: built once per data version (cache.ts), shared by the
 * page (which shows a page of each list) and its CSV export (every row). 404 for a department
 * that does not exist or is outside the person's scope.
 */
export function departmentFigures(ctx: RolloutContext, asked: string) {
	const code = asked.trim().toUpperCase();
	return cached(ctx.db, `department:${code}:${ctx.asOf}:${scopeKey(ctx.scope)}`, () => {
		const state = stateAsOf(ctx.db, ctx.asOf);
		departmentFromUrl(state, ctx.scope, code);
		return {
			asOf: state.asOf,
			code,
			rollout: departmentPage(ctx, state, code),
			savings: departmentSavingsSentence(state, code)
		};
	});
}

// ---------------------------------------------------------------------------------------------
// Backup health filters

export const BUCKETS: readonly HealthBucket[] = ['ok', 'warning', 'critical', 'never'];
export type BucketChoice = HealthBucket | 'failures' | 'all';

/** The health page's filters from its URL; a department outside the scope is a 404. */
export function healthFilterFrom(
	url: URL,
	state: Pick<DashboardState, 'departments'>,
	scope: string[] | null
): { department: string | null; os: OsFamily | null; bucket: BucketChoice } {
	const department = url.searchParams.get('department')?.trim() || null;
	const os = url.searchParams.get('os')?.trim() || null;
	const bucket = url.searchParams.get('bucket')?.trim() || 'failures';
	if (os !== null && !(OS_FAMILIES as readonly string[]).includes(os)) {
		error(
			400,
			`"${os}" is not an operating system the page knows: pick ${OS_FAMILIES.join(', ')}.`
		);
	}
	if (
		bucket !== 'failures' &&
		bucket !== 'all' &&
		!(BUCKETS as readonly string[]).includes(bucket)
	) {
		error(400, `"${bucket}" is not a health bucket: pick failures, all, ${BUCKETS.join(', ')}.`);
	}
	return {
		department: department === null ? null : departmentFromUrl(state, scope, department),
		os: os as OsFamily | null,
		bucket: bucket as BucketChoice
	};
}
