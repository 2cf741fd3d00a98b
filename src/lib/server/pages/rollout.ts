import { error } from '@sveltejs/kit';
import { pageAsked, pageInfo, type PageInfo } from '$lib/paging';
import { breathe, figures, scopeKey } from '../cache';
import { csvFile, csvFileName, type CsvColumn, type CsvFile } from '../csv';
import type { Db } from '../db';
import { countDevices, deviceHealthPage } from '../figures/devices';
import { withNodesAt } from '../figures/nodes';
import {
	countStragglers,
	departmentNames,
	departmentSummaries,
	stragglerPage,
	type DepartmentName
} from '../figures/rollout';
import { countTurnOff, nodePage, savingsSentenceOf, type NodeFilter } from '../figures/savings';
import type { SavingsSentence } from '../metrics/nodes';
import { OS_FAMILIES, type OsFamily } from '../metrics/firstbackup';
import type { PaceStatus, PaceWeek } from '../metrics/rollout';
import { weeksSince, type StragglerRow } from '../metrics/stragglers';
import type { DepartmentSummary, DeviceHealthRow } from '../metrics/summary';
import type { HealthBucket } from '../metrics/types';
import type { TurnOff } from '$lib/turn-off';
import { inScope, type FiguresContext } from './context';
import { NODE_COLUMNS, nodeView, type NodeView } from './nodes';

// Shapes the rollout figures (overview pace, departments, backup health) for the pages and their
// CSV exports: which departments the person may see, then the figures of exactly those, read
// from the kept tables (figures/). Nothing here decides a rule.

export type DepartmentChoice = DepartmentName;

/** The departments (UNASSIGNED last) the person may see. */
export function visibleDepartments(db: Db, scope: string[] | null): DepartmentChoice[] {
	return departmentNames(db).filter((d) => inScope(scope, d.code));
}

/** A department code from a URL: 404 when it is unknown or outside the person's scope. */
export function departmentFromUrl(
	choices: readonly DepartmentChoice[],
	asked: string
): DepartmentChoice {
	const code = asked.trim().toUpperCase();
	const found = choices.find((d) => d.code === code);
	if (!found) error(404, 'No such department.');
	return found;
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
export async function rolloutFigures(ctx: FiguresContext): Promise<RolloutFigures> {
	const { college, departments } = departmentSummaries(ctx.db, ctx.at);
	return {
		college: { ...departmentRow(college), weeks: college.pace.weeks },
		departments: departments.filter((d) => inScope(ctx.scope, d.code)).map(departmentRow)
	};
}

/** The departments list's figures, kept per kept version (cache.ts) for the page and its CSV. */
export function departmentsFigures(ctx: FiguresContext) {
	return figures(ctx.db, `departments:${ctx.asOf}:${scopeKey(ctx.scope)}`, async () => ({
		asOf: ctx.asOf,
		...(await rolloutFigures(ctx))
	}));
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

/** First backups in progress, as the health page and a department page list them. */
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

/** A department's tables that download as CSV. */
export type DepartmentTable = 'stragglers' | 'failures' | 'first-backups' | 'pace-weeks' | 'nodes';

export interface DepartmentPage {
	asOf: string;
	code: string;
	department: DepartmentRow & { weeks: PaceWeek[] };
	savings: SavingsSentence;
	stragglers: StragglerRow[];
	failures: DeviceHealthRow[];
	firstBackups: DeviceHealthRow[];
	/** its nodes still billed that cannot be turned off yet, by why */
	nodes: NodeView[];
	/** how many of them for each reason, in the rule's order */
	notYet: { turnOff: TurnOff; nodes: number }[];
	pages: Record<'stragglers' | 'failures' | 'firstBackups' | 'nodes', PageInfo>;
	uploadMbps: number;
	dataCapBytes: number;
	graceDays: number;
}

type Rows = { limit: number; offset: number } | null;

/** A department's stragglers: a page of them, or all (`page` null). */
function stragglerRows(ctx: FiguresContext, summary: DepartmentSummary, page: Rows) {
	return stragglerPage(ctx.db, ctx.at, [summary.code], page).map((s): StragglerRow => ({
		...s,
		rolloutBegan: summary.rolloutBegan,
		weeksSinceRolloutBegan:
			summary.rolloutBegan === null ? null : weeksSince(summary.rolloutBegan, ctx.asOf)
	}));
}

/** A department's failing devices, or those in their first backup: a page, or all. */
function deviceRows(
	ctx: FiguresContext,
	code: string,
	bucket: 'failures' | 'progress',
	page: Rows
) {
	return deviceHealthPage(ctx.db, ctx.at, { departments: [code], bucket }, page);
}

/** A department's nodes still billed that cannot be turned off yet. */
const notYet = (code: string): NodeFilter => ({ codes: [code], turnOff: 'not-yet' });

/**
 * One of a department's tables, every row, as CSV (404 outside the person's scope): kept per kept
 * version (cache.ts).
 */
export function departmentCsv(
	ctx: FiguresContext,
	asked: string,
	table: DepartmentTable
): Promise<CsvFile> {
	const { code } = departmentFromUrl(visibleDepartments(ctx.db, ctx.scope), asked);
	const name = (what: string) => csvFileName(what, code, ctx.asOf);
	return figures(ctx.db, `department-csv:${code}:${ctx.asOf}:${table}`, async () => {
		if (table === 'nodes') {
			const rows = await withNodesAt(ctx.db, ctx.at, () =>
				nodePage(ctx.db, ctx.at, notYet(code), null)
			);
			return csvFile(rows, NODE_COLUMNS, name('ez-backup-nodes-not-turned-off'));
		}
		const summary = await departmentSummary(ctx, code);
		switch (table) {
			case 'stragglers':
				return csvFile(stragglerRows(ctx, summary, null), stragglerColumns, name('stragglers'));
			case 'pace-weeks':
				return csvFile(summary.pace.weeks, paceWeekColumns, name('installs-per-week'));
			case 'failures':
				return csvFile(
					deviceRows(ctx, code, 'failures', null),
					deviceHealthColumns,
					name('failures')
				);
			default:
				return csvFile(
					deviceRows(ctx, code, 'progress', null),
					inProgressColumns,
					name('first-backups')
				);
		}
	});
}

async function departmentSummary(ctx: FiguresContext, code: string): Promise<DepartmentSummary> {
	const summary = departmentSummaries(ctx.db, ctx.at, {}, code).departments[0];
	if (!summary) error(404, 'No such department.');
	return summary;
}

/**
 * A department's page: adoption, pace, health, the savings sentence, and a page of each list
 * (stragglers, failures, first backups in progress, nodes not to turn off yet) as the URL asks.
 * 404 for a department that does not exist or is outside the person's scope.
 */
export function departmentPage(ctx: FiguresContext, asked: string, url: URL) {
	const { code } = departmentFromUrl(visibleDepartments(ctx.db, ctx.scope), asked);
	const pages = ['stragglersPage', 'failuresPage', 'firstBackupsPage', 'nodesPage']
		.map((p) => url.searchParams.get(p) ?? '')
		.join('|');
	return figures(
		ctx.db,
		`department:${code}:${ctx.asOf}:${pages}`,
		async (): Promise<DepartmentPage> => {
			const summary = await departmentSummary(ctx, code);
			await breathe();
			const {
				savings,
				nodes,
				notYet: counts
			} = await withNodesAt(ctx.db, ctx.at, (latest) => {
				const byWhy = countTurnOff(ctx.db, notYet(code));
				const total = [...byWhy.values()].reduce((sum, n) => sum + n, 0);
				const nodes = pageAsked(total, url, 'nodesPage');
				return {
					savings: savingsSentenceOf(ctx.db, latest, code),
					nodes: {
						rows: nodePage(ctx.db, ctx.at, notYet(code), nodes).map(nodeView),
						page: pageInfo(nodes)
					},
					notYet: [...byWhy].map(([turnOff, n]) => ({ turnOff, nodes: n }))
				};
			});
			await breathe();
			const departments = [code];
			const asked = {
				stragglers: pageAsked(countStragglers(ctx.db, ctx.at, departments), url, 'stragglersPage'),
				failures: pageAsked(
					countDevices(ctx.db, ctx.at, { departments, bucket: 'failures' }),
					url,
					'failuresPage'
				),
				firstBackups: pageAsked(
					countDevices(ctx.db, ctx.at, { departments, bucket: 'progress' }),
					url,
					'firstBackupsPage'
				)
			};
			return {
				asOf: ctx.asOf,
				code,
				department: { ...departmentRow(summary), weeks: summary.pace.weeks },
				savings,
				stragglers: stragglerRows(ctx, summary, asked.stragglers),
				failures: deviceRows(ctx, code, 'failures', asked.failures),
				firstBackups: deviceRows(ctx, code, 'progress', asked.firstBackups),
				nodes: nodes.rows,
				notYet: counts,
				pages: {
					stragglers: pageInfo(asked.stragglers),
					failures: pageInfo(asked.failures),
					firstBackups: pageInfo(asked.firstBackups),
					nodes: nodes.page
				},
				uploadMbps: ctx.at.uploadMbps,
				dataCapBytes: ctx.at.dataCapBytes,
				graceDays: ctx.at.thresholds.firstBackupGraceDays
			};
		}
	);
}

// ---------------------------------------------------------------------------------------------
// Backup health filters

export const BUCKETS: readonly HealthBucket[] = ['ok', 'warning', 'critical', 'never'];
export type BucketChoice = HealthBucket | 'failures' | 'all';

const isOsFamily = (text: string): text is OsFamily =>
	(OS_FAMILIES as readonly string[]).includes(text);
const isBucketChoice = (text: string): text is BucketChoice =>
	text === 'failures' || text === 'all' || (BUCKETS as readonly string[]).includes(text);

/** The health page's filters from its URL; a department outside the scope is a 404. */
export function healthFilterFrom(
	url: URL,
	choices: readonly DepartmentChoice[]
): { department: string | null; os: OsFamily | null; bucket: BucketChoice } {
	const department = url.searchParams.get('department')?.trim() || null;
	const os = url.searchParams.get('os')?.trim() || null;
	const bucket = url.searchParams.get('bucket')?.trim() || 'failures';
	if (os !== null && !isOsFamily(os)) {
		error(
			400,
			`"${os}" is not an operating system the page knows: pick ${OS_FAMILIES.join(', ')}.`
		);
	}
	if (!isBucketChoice(bucket)) {
		error(400, `"${bucket}" is not a health bucket: pick failures, all, ${BUCKETS.join(', ')}.`);
	}
	return {
		department: department === null ? null : departmentFromUrl(choices, department).code,
		os,
		bucket
	};
}
