import { error, type RequestEvent } from '@sveltejs/kit';
import { cached, scopeKey } from '../cache';
import type { CsvColumn } from '../csv';
import { getDb } from '../db';
import { asOfInstant } from '../metrics/asof';
import { departmentCodes, UNASSIGNED } from '../metrics/departments';
import {
	assessDevices,
	nodeRows,
	turnOffList,
	type LinkedDevice,
	type NodeRow
} from '../metrics/nodes';
import { projectSavings } from '../metrics/projection';
import { countActive } from '../metrics/rollout';
import { nodeSavings, savingsByDepartment, sumSavings } from '../metrics/savings';
import {
	collegeNet,
	type DepartmentSpendMonth,
	largestDepartments,
	spendByMonth,
	spendWithoutRetirements
} from '../metrics/spend';
import type { DashboardState } from '../metrics/types';
import { loadDepartments } from '../state';
import { asOfFrom, stateAsOf } from './asof';
import { departmentScope, inScope } from './scope';

// Shapes the savings figures for the pages under /savings: which departments the person may see,
// then the metric functions over exactly those. Nothing here decides a rule.

export interface DepartmentChoice {
	code: string;
	name: string;
}

export const departmentName = (state: Pick<DashboardState, 'departments'>, code: string) =>
	code === UNASSIGNED
		? 'Unassigned'
		: (state.departments.find((d) => d.code === code)?.name ?? code);

/**
 * The departments a page covers: those in the person's scope, or the one asked for with
 * `?department=` (404 when it is unknown or outside their scope, as if it did not exist).
 */
export function pageDepartments(
	state: Pick<DashboardState, 'departments'>,
	scope: string[] | null,
	asked: string | null
): { choices: DepartmentChoice[]; codes: string[]; selected: string | null } {
	const visible = departmentCodes(state.departments).filter((code) => inScope(scope, code));
	const choices = visible.map((code) => ({ code, name: departmentName(state, code) }));
	if (asked === null || asked.trim() === '') return { choices, codes: visible, selected: null };
	const code = asked.trim().toUpperCase();
	if (!visible.includes(code)) error(404, 'No such department.');
	return { choices, codes: [code], selected: code };
}

export type NodeFilter = 'billed' | 'retired' | 'all';

export function nodeFilter(text: string | null): NodeFilter {
	return text === 'retired' || text === 'all' ? text : 'billed';
}

/** Everything the savings page shows, for the departments in `codes`. */
export function savingsPage(
	state: DashboardState,
	codes: readonly string[],
	options: { college: boolean; show: NodeFilter }
) {
	const devices = assessDevices(state);
	const result = nodeSavings(state, devices);
	const wanted = new Set(codes);
	const nodes = result.nodes.filter((n) => wanted.has(n.department));
	const byDepartment = savingsByDepartment(nodes, codes);
	const totals = sumSavings(nodes);
	const spend = spendByMonth(state.charges, result, codes);
	const rows = nodeRows(state, nodes, devices);
	const projection = projectSavings(
		nodes,
		result.latestBilledMonth,
		devices.byUid,
		devices.health,
		asOfInstant(state.asOf)
	);
	const centsPerDeviceMonth = state.code42CentsPerDeviceMonth ?? 0;
	return {
		asOf: state.asOf,
		latestBilledMonth: result.latestBilledMonth,
		totals,
		byDepartment: codes.map((code) => ({
			code,
			name: departmentName(state, code),
			...byDepartment.get(code)!
		})),
		spend,
		comparison: spendWithoutRetirements(spend, nodes, codes),
		projection,
		// the central cost is the college's: shown only on the college-wide view
		net: options.college
			? collegeNet(totals, countActive(state.devices), centsPerDeviceMonth)
			: null,
		nodes: rows.filter((r) => options.show === 'all' || r.status === options.show),
		nodeCounts: {
			billed: rows.filter((r) => r.status === 'billed').length,
			retired: rows.filter((r) => r.status === 'retired').length
		}
	};
}

/**
 * The savings page's figures for the person asking and the department and node filter of the
 * URL, the node lists whole: built once per data version (cache.ts), shared by the page (which
 * shows a page of each list) and its CSV export (every row).
 */
export function savingsFigures(event: Pick<RequestEvent, 'url' | 'locals'>) {
	const db = getDb();
	const asOf = asOfFrom(event.url, db);
	const scope = departmentScope(event);
	// 404 for a department outside the scope, before any figure is computed
	const { choices, codes, selected } = pageDepartments(
		{ departments: cached(db, 'departments', () => loadDepartments(db)) },
		scope,
		event.url.searchParams.get('department')
	);
	const show = nodeFilter(event.url.searchParams.get('nodes'));
	const college = scope === null && selected === null;
	const figures = cached(db, `savings:${asOf}:${scopeKey(scope)}:${selected ?? '*'}:${show}`, () =>
		savingsPage(stateAsOf(db, asOf), codes, { college, show })
	);
	return { figures, choices, selected, show };
}

export type SavingsFigures = ReturnType<typeof savingsPage>;

/** A node as the savings page's table shows it. */
export interface NodeView {
	nodename: string;
	account: string;
	department: string;
	sizeBytes: number | null;
	latestChargeCents: number;
	status: NodeRow['status'];
	sinceMonth: string;
	eligible: boolean;
	devices: Pick<LinkedDevice, 'deviceUid' | 'deviceName' | 'status' | 'health' | 'byHand'>[];
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

/** How many departments the spend chart stacks one by one (the others are one band). */
export const SPEND_CHART_DEPARTMENTS = 10;

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
	spend: SavingsFigures['spend'],
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

function savingsViewOf(figures: SavingsFigures) {
	const { projection } = figures;
	return {
		asOf: figures.asOf,
		latestBilledMonth: figures.latestBilledMonth,
		totals: figures.totals,
		byDepartment: figures.byDepartment.map((d) => ({
			code: d.code,
			realizedCents: d.realizedCents,
			runRateCents: d.runRateCents,
			eligibleMonthlyCents: d.eligibleMonthlyCents,
			eligibleNodes: d.eligibleNodes,
			projectedAnnualCents: d.projectedAnnualCents
		})),
		spend: spendTable(
			figures.spend,
			figures.byDepartment.map((d) => d.code)
		),
		comparison: figures.comparison,
		net: figures.net,
		nodeCounts: figures.nodeCounts,
		projection: {
			months: projection.months,
			lowTotalCents: projection.lowTotalCents,
			highTotalCents: projection.highTotalCents,
			withinProjection: projection.firstBackupNodes.filter((n) => n.withinProjection).length
		},
		waitingNodes: projection.firstBackupNodes.map((n): WaitingNodeView => ({
			nodename: n.nodename,
			department: n.department,
			monthlyCents: n.monthlyCents,
			percent: n.percent,
			finishDay: n.finishDay,
			firstSavingMonth: n.firstSavingMonth,
			withinProjection: n.withinProjection
		})),
		nodes: figures.nodes.map((r): NodeView => ({
			nodename: r.nodename,
			account: r.account,
			department: r.department,
			sizeBytes: r.sizeBytes,
			latestChargeCents: r.latestChargeCents,
			status: r.status,
			sinceMonth: r.sinceMonth,
			eligible: r.eligible,
			devices: r.devices.map((d) => ({
				deviceUid: d.deviceUid,
				deviceName: d.deviceName,
				status: d.status,
				health: d.health,
				byHand: d.byHand
			}))
		}))
	};
}

export type SavingsView = ReturnType<typeof savingsViewOf>;

// keyed by the figures, which cache.ts keeps per data version: a view lives as long as they do
const views = new WeakMap<SavingsFigures, SavingsView>();

/**
 * The savings page's data: the figures with only what the page renders, shaped once per data
 * version rather than on every request. SvelteKit serializes a page's data into it on every
 * request, so each field left out is work and bytes saved each time (the node lists' months,
 * baselines and backup dates, the departments' node counts and names, which the department
 * choices hold already, and the spend table's department codes repeated in every month).
 */
export function savingsView(figures: SavingsFigures): SavingsView {
	let view = views.get(figures);
	if (!view) views.set(figures, (view = savingsViewOf(figures)));
	return view;
}

/**
 * The spend CSV: a line per month, a column of cents for each department of the page charged at
 * all in the period (in the page's order), and the month's total.
 */
export function spendColumns(figures: SavingsFigures): CsvColumn<DepartmentSpendMonth>[] {
	const codes = figures.byDepartment
		.map((d) => d.code)
		.filter((code) => figures.spend.some((m) => (m.byDepartment[code] ?? 0) > 0));
	return [
		{ header: 'Month', value: 'month' },
		...codes.map((code): CsvColumn<DepartmentSpendMonth> => ({
			header: `${code} (cents)`,
			value: (m) => m.byDepartment[code] ?? 0
		})),
		{ header: 'Total (cents)', value: 'totalCents' }
	];
}

/** The savings page's node list, every row, as the page shows it. */
export const NODE_COLUMNS: readonly CsvColumn<NodeRow>[] = [
	{ header: 'Nodename', value: 'nodename' },
	{ header: 'Account', value: 'account' },
	{ header: 'Department', value: 'department' },
	{ header: 'Size (bytes)', value: 'sizeBytes' },
	{ header: 'Latest charge (USD)', value: (r) => centsToDecimal(r.latestChargeCents) },
	{ header: 'Billed or retired', value: 'status' },
	{ header: 'Since (month)', value: 'sinceMonth' },
	{ header: 'Can be turned off now', value: (r) => (r.eligible ? 'yes' : 'no') },
	{
		header: 'Linked devices',
		value: (r) =>
			r.devices
				.map((d) => `${d.deviceName} (${d.health ?? d.status}${d.byHand ? ', by hand' : ''})`)
				.join('; ')
	}
];

/** The eligible nodes of the departments in `codes`, grouped for the "Turn off now" page. */
export function turnOffPage(state: DashboardState, codes: readonly string[]) {
	const devices = assessDevices(state);
	const result = nodeSavings(state, devices);
	const wanted = new Set(codes);
	const nodes = result.nodes.filter((n) => wanted.has(n.department) && n.eligible);
	const rows = nodeRows(state, nodes, devices);
	const groups = turnOffList(rows);
	return {
		asOf: state.asOf,
		latestBilledMonth: result.latestBilledMonth,
		groups: groups.map((g) => ({ ...g, name: departmentName(state, g.department) })),
		monthlyCents: groups.reduce((s, g) => s + g.monthlyCents, 0),
		nodeCount: rows.length
	};
}

/** What the cancellation form needs, one line per node: money as dollars with two decimals. */
export const TURN_OFF_COLUMNS: readonly CsvColumn<NodeRow>[] = [
	{ header: 'Account', value: 'account' },
	{ header: 'Nodename', value: 'nodename' },
	{ header: 'Department', value: 'department' },
	{ header: 'Last billed month', value: 'lastMonth' },
	{ header: 'Monthly charge (USD)', value: (r) => centsToDecimal(r.latestChargeCents) }
];

/** 1234 → '12.34', −5 → '-0.05': exact, with no float on the way. */
export function centsToDecimal(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
