import { error } from '@sveltejs/kit';
import { pageAsked, pageInfo } from '$lib/paging';
import { breathe, figures, scopeKey } from '../cache';
import { csvFile, csvFileName, type CsvColumn, type CsvFile } from '../csv';
import type { Db } from '../db';
import { withNodesAt } from '../figures/nodes';
import { activeDevices } from '../figures/rollout';
import {
	countNodes,
	nodePage,
	projectionOf,
	retirementsOf,
	savingsOf,
	spendOf,
	turnOffTotals,
	type NodeStatus,
	type TurnOffAccountTotal
} from '../figures/savings';
import { turnOffList, type NodeRow } from '../metrics/nodes';
import {
	collegeNet,
	largestDepartments,
	spendWithout,
	type DepartmentSpendMonth
} from '../metrics/spend';
import { CODE42_COST_SHAPE } from '../savings-settings';
import { CODE42_COST_KEY, hasSetting, loadSetting } from '../settings';
import type { FiguresContext } from './context';
import { centsToDecimal, NODE_COLUMNS, nodeView } from './nodes';
import { visibleDepartments, type DepartmentChoice } from './rollout';

// Shapes the savings figures for the pages under /savings: which departments the person may see,
// then the figures of exactly those, read from the nodes as of the day (figures/nodes.ts).
// Nothing here decides a rule.

/**
 * The departments a page covers: those in the person's scope, or the one asked for with
 * `?department=` (404 when it is unknown or outside their scope, as if it did not exist).
 */
export function pageDepartments(
	db: Db,
	scope: string[] | null,
	asked: string | null
): { choices: DepartmentChoice[]; codes: string[]; selected: string | null } {
	const choices = visibleDepartments(db, scope);
	const visible = choices.map((c) => c.code);
	if (asked === null || asked.trim() === '') return { choices, codes: visible, selected: null };
	const code = asked.trim().toUpperCase();
	if (!visible.includes(code)) error(404, 'No such department.');
	return { choices, codes: [code], selected: code };
}

export type NodeFilter = NodeStatus;

export function nodeFilter(text: string | null): NodeFilter {
	return text === 'retired' || text === 'all' ? text : 'billed';
}

/** The departments and node list a savings URL asks for, and the key of what it shows. */
function savingsQuery(ctx: FiguresContext, url: URL) {
	const { choices, codes, selected } = pageDepartments(
		ctx.db,
		ctx.scope,
		url.searchParams.get('department')
	);
	const show = nodeFilter(url.searchParams.get('nodes'));
	const key = `${ctx.asOf}:${scopeKey(ctx.scope)}:${selected ?? '*'}`;
	return { choices, codes, selected, show, key };
}

/**
 * The central cost of Code42 in force in D's month, in cents per device per month: null while no
 * administrator has entered one (a cost never set is not a cost of $0.00).
 */
export function code42CostOf(db: Db, month: string): number | null {
	if (!hasSetting(db, CODE42_COST_KEY)) return null;
	return loadSetting(db, CODE42_COST_KEY, CODE42_COST_SHAPE, 0, month);
}

/**
 * Everything the savings page shows for the departments and node list of `url`, with a page of
 * each list: kept per kept version (cache.ts).
 */
export function savingsFigures(ctx: FiguresContext, url: URL) {
	const { choices, codes, selected, show, key } = savingsQuery(ctx, url);
	const pages = ['page', 'waitingPage'].map((p) => url.searchParams.get(p) ?? '').join('|');
	const college = ctx.scope === null && selected === null;
	return figures(ctx.db, `savings:${key}:${show}:${pages}`, async () => {
		const { db, at } = ctx;
		const active = college ? activeDevices(db, at) : 0;
		await breathe();
		return withNodesAt(db, at, (latestBilledMonth) => {
			const { byDepartment, totals } = savingsOf(db, codes);
			const spend = spendOf(db, codes, latestBilledMonth);
			const projection = projectionOf(db, at, codes, latestBilledMonth);
			const waiting = pageAsked(projection.firstBackupNodes.length, url, 'waitingPage');
			const nodesPage = pageAsked(countNodes(db, { codes, show }), url);
			const cost = code42CostOf(db, at.month);
			return {
				asOf: ctx.asOf,
				latestBilledMonth,
				totals,
				byDepartment: codes.map((code) => {
					const d = byDepartment.get(code) ?? totals;
					return {
						code,
						realizedCents: d.realizedCents,
						runRateCents: d.runRateCents,
						eligibleMonthlyCents: d.eligibleMonthlyCents,
						eligibleNodes: d.eligibleNodes,
						projectedAnnualCents: d.projectedAnnualCents
					};
				}),
				spend: spendTable(spend, codes),
				comparison: spendWithout(spend, retirementsOf(db, codes)),
				// the central cost is the college's: shown only on the college-wide view
				net: college ? collegeNet(totals, active, cost) : null,
				nodeCounts: { billed: totals.billedNodes, retired: totals.retiredNodes },
				projection: {
					months: projection.months,
					lowTotalCents: projection.lowTotalCents,
					highTotalCents: projection.highTotalCents,
					withinProjection: projection.firstBackupNodes.filter((n) => n.withinProjection).length,
					firstBackupNodes: projection.firstBackupNodes
						.slice(waiting.offset, waiting.offset + waiting.limit)
						.map((n): WaitingNodeView => ({
							nodename: n.nodename,
							department: n.department,
							monthlyCents: n.monthlyCents,
							percent: n.percent,
							finishDay: n.finishDay,
							firstSavingMonth: n.firstSavingMonth,
							withinProjection: n.withinProjection
						}))
				},
				waitingPage: pageInfo(waiting),
				nodes: nodePage(db, at, { codes, show }, nodesPage).map(nodeView),
				nodesPage: pageInfo(nodesPage),
				choices,
				selected,
				show
			};
		});
	});
}

/** A node waiting for a first backup, as the projection's table shows it. */
export interface WaitingNodeView {
	nodename: string;
	department: string;
	monthlyCents: number;
	percent: number | null;
	finishDay: string | null;
	firstSavingMonth: string | null;
	withinProjection: boolean;
}

export type SavingsCsv = 'nodes' | 'spend';

/**
 * Every row of the savings page's node list, or its charges by month, as CSV: kept per kept
 * version (cache.ts).
 */
export function savingsCsv(ctx: FiguresContext, url: URL, table: SavingsCsv): Promise<CsvFile> {
	const { codes, selected, show, key } = savingsQuery(ctx, url);
	return figures(ctx.db, `savings-csv:${key}:${show}:${table}`, () =>
		withNodesAt(ctx.db, ctx.at, (latestBilledMonth) => {
			if (table === 'nodes') {
				return csvFile(
					nodePage(ctx.db, ctx.at, { codes, show }, null),
					NODE_COLUMNS,
					csvFileName('ez-backup-nodes', show, selected ?? '', ctx.asOf)
				);
			}
			const spend = spendOf(ctx.db, codes, latestBilledMonth);
			return csvFile(
				spend,
				spendColumns(spend, codes),
				csvFileName('ez-backup-charges-by-month', selected ?? '', ctx.asOf)
			);
		})
	);
}

/** A department's part of the "Turn off now" list, with what all of it adds up to. */
export interface TurnOffGroup {
	department: string;
	name: string;
	nodeCount: number;
	monthlyCents: number;
	/** its accounts on the page shown, each with the nodes shown and what all of its nodes add up to */
	accounts: { account: string; nodeCount: number; monthlyCents: number; nodes: NodeRow[] }[];
}

/**
 * The "Turn off now" list of the departments of `url`: what it adds up to (in all, by department
 * and by account), and its nodes grouped by department then account. One department's list is
 * the one its manager prints, so it is shown whole; the list of several is a page at a time
 * (?page=, docs/rules.md "Long tables"), and its CSV holds every node. Kept per kept version.
 */
export function turnOffFigures(ctx: FiguresContext, url: URL) {
	const { choices, codes, selected, key } = savingsQuery(ctx, url);
	const whole = codes.length === 1;
	const asked = whole ? '' : (url.searchParams.get('page') ?? '');
	return figures(ctx.db, `turn-off:${key}:${asked}`, () =>
		withNodesAt(ctx.db, ctx.at, (latestBilledMonth) => {
			const totals = turnOffTotals(ctx.db, codes);
			const names = new Map(choices.map((c) => [c.code, c.name]));
			const departments = new Map<string, Omit<TurnOffGroup, 'accounts'>>();
			const accounts = new Map<string, TurnOffAccountTotal>();
			for (const t of totals) {
				const d = departments.get(t.department) ?? {
					department: t.department,
					name: names.get(t.department) ?? t.department,
					nodeCount: 0,
					monthlyCents: 0
				};
				d.nodeCount += t.nodes;
				d.monthlyCents += t.monthlyCents;
				departments.set(t.department, d);
				accounts.set(`${t.department}\u0000${t.account}`, t);
			}
			const nodeCount = totals.reduce((sum, t) => sum + t.nodes, 0);
			const page = whole ? null : pageAsked(nodeCount, url);
			const rows = nodePage(ctx.db, ctx.at, { codes, turnOff: 'now' }, page);
			const groups = turnOffList(rows).map((g): TurnOffGroup => {
				const d = departments.get(g.department);
				return {
					department: g.department,
					name: d?.name ?? g.department,
					nodeCount: d?.nodeCount ?? g.nodeCount,
					monthlyCents: d?.monthlyCents ?? g.monthlyCents,
					accounts: g.accounts.map((a) => {
						const t = accounts.get(`${g.department}\u0000${a.account}`);
						return {
							account: a.account,
							nodeCount: t?.nodes ?? a.nodes.length,
							monthlyCents: t?.monthlyCents ?? a.monthlyCents,
							nodes: a.nodes
						};
					})
				};
			});
			return {
				asOf: ctx.asOf,
				latestBilledMonth,
				monthlyCents: totals.reduce((sum, t) => sum + t.monthlyCents, 0),
				nodeCount,
				departments: [...departments.values()],
				groups,
				page: page === null ? null : pageInfo(page),
				choices,
				selected
			};
		})
	);
}

/** Every node of the "Turn off now" list of the departments of `url`, in the list's order. */
export function turnOffRows(ctx: FiguresContext, url: URL): Promise<NodeRow[]> {
	const { codes } = savingsQuery(ctx, url);
	return withNodesAt(ctx.db, ctx.at, () =>
		nodePage(ctx.db, ctx.at, { codes, turnOff: 'now' }, null)
	);
}

/** The "Turn off now" list of the departments of `url` as CSV, every node: kept per kept version. */
export function turnOffCsv(ctx: FiguresContext, url: URL): Promise<CsvFile> {
	const { selected, key } = savingsQuery(ctx, url);
	return figures(ctx.db, `turn-off-csv:${key}`, async () =>
		csvFile(
			await turnOffRows(ctx, url),
			TURN_OFF_COLUMNS,
			csvFileName('ez-backup-turn-off', selected ?? '', ctx.asOf)
		)
	);
}

/** How many departments the spend chart stacks one by one (the others are one band). */
export const SPEND_CHART_DEPARTMENTS = 6;

/**
 * What was charged each month, as the spend chart and its table show it: one row of cents per
 * month, one column per department of `departments` (the ones charged most, largest first), then,
 * when `others` is above 0, one column for that many other departments added up.
 */
export interface SpendTable {
	months: string[];
	departments: string[];
	others: number;
	cents: number[][];
	totalCents: number[];
}

export function spendTable(
	spend: readonly DepartmentSpendMonth[],
	codes: readonly string[],
	n = SPEND_CHART_DEPARTMENTS
): SpendTable {
	const { shown, others } = largestDepartments(spend, codes, n);
	return {
		months: spend.map((m) => m.month),
		departments: shown,
		others: others.length,
		cents: spend.map((m) => {
			const row = shown.map((code) => m.byDepartment[code] ?? 0);
			if (others.length > 0)
				row.push(others.reduce((sum, code) => sum + (m.byDepartment[code] ?? 0), 0));
			return row;
		}),
		totalCents: spend.map((m) => m.totalCents)
	};
}

/**
 * The spend CSV: a line per month, a column of cents for each department of the page charged at
 * all in the period (in the page's order), and the month's total.
 */
export function spendColumns(
	spend: readonly DepartmentSpendMonth[],
	codes: readonly string[]
): CsvColumn<DepartmentSpendMonth>[] {
	const charged = codes.filter((code) => spend.some((m) => (m.byDepartment[code] ?? 0) > 0));
	return [
		{ header: 'Month', value: 'month' },
		...charged.map((code): CsvColumn<DepartmentSpendMonth> => ({
			header: `${code} (cents)`,
			value: (m) => m.byDepartment[code] ?? 0
		})),
		{ header: 'Total (cents)', value: 'totalCents' }
	];
}

/** What the cancellation form needs, one line per node: money as dollars with two decimals. */
export const TURN_OFF_COLUMNS: readonly CsvColumn<NodeRow>[] = [
	{ header: 'Account', value: 'account' },
	{ header: 'Nodename', value: 'nodename' },
	{ header: 'Department', value: 'department' },
	{ header: 'Last billed month', value: 'lastMonth' },
	{ header: 'Monthly charge (USD)', value: (r) => centsToDecimal(r.latestChargeCents) }
];
