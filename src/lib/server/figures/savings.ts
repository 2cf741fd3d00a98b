import { and, asc, eq, getTableColumns, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { TURN_OFF, type TurnOff } from '../../turn-off';
import type { Db } from '../db';
import {
	departmentSpend,
	deviceRows,
	deviceStates,
	devices,
	nodeMonths,
	nodes,
	retiredSums
} from '../db/schema';
import { monthNumber } from '../metrics/asof';
import type { LinkedDevice, NodeRow, SavingsSentence } from '../metrics/nodes';
import {
	firstBackupPace,
	projectFrom,
	type SavingsProjection,
	type WaitingNode
} from '../metrics/projection';
import { emptySavings, projectedAnnualCents, type SavingsFigures } from '../metrics/savings';
import {
	addMonths,
	monthOfNumber,
	monthRange,
	type DepartmentSpendMonth,
	type Retirements
} from '../metrics/spend';
import type { HealthBucket } from '../metrics/types';
import type { At } from './at';
import { linksOf, nodeLinksAt, nodesAt } from './nodes';
import { qualified } from './sql';

// The savings figures of some departments as of a day, read from the nodes as of that day: call
// these inside withNodesAt (figures/nodes.ts), which keeps them for the page's queries.

const BUCKETS: readonly (HealthBucket | null)[] = [null, 'ok', 'warning', 'critical', 'never'];

const whole = (expression: SQL) => sql<number>`coalesce(${expression}, 0)`.mapWith(Number);

/** Savings per department (every code asked for, zeros included) and over all of them. */
export function savingsOf(
	db: Db,
	codes: readonly string[]
): { byDepartment: Map<string, SavingsFigures>; totals: SavingsFigures } {
	const rows = db
		.select({
			department: nodesAt.department,
			realizedCents: whole(sql`sum(${nodesAt.realizedCents})`),
			eligibleMonthlyCents: whole(sql`sum(${nodesAt.eligibleMonthlyCents})`),
			runRateCents: whole(sql`sum(CASE WHEN ${nodesAt.retired} THEN ${nodesAt.baselineCents} END)`),
			billedNodes: whole(sql`sum(NOT ${nodesAt.retired})`),
			retiredNodes: whole(sql`sum(${nodesAt.retired})`),
			eligibleNodes: whole(sql`sum(${nodesAt.eligible})`)
		})
		.from(nodesAt)
		.where(inArray(nodesAt.department, [...codes]))
		.groupBy(nodesAt.department)
		.all();
	const figures = ({ department: _, ...r }: (typeof rows)[number]): SavingsFigures => ({
		...r,
		projectedAnnualCents: projectedAnnualCents(r)
	});
	const byDepartment = new Map(codes.map((code) => [code, emptySavings()]));
	const totals = emptySavings();
	for (const row of rows) {
		const f = figures(row);
		byDepartment.set(row.department, f);
		for (const key of Object.keys(totals) as (keyof SavingsFigures)[]) totals[key] += f[key];
	}
	totals.projectedAnnualCents = projectedAnnualCents(totals);
	return { byDepartment, totals };
}

/**
 * savingsOf, inside withNodesAt with `dayOnly`: the nodes worked out are those whose figures
 * depend on the day; the retired ones whose charge names their department are added up from
 * retired_sums, as of the latest billed month.
 */
export function daySavingsOf(
	db: Db,
	latestBilledMonth: string | null,
	codes: readonly string[]
): { byDepartment: Map<string, SavingsFigures>; totals: SavingsFigures } {
	const savings = savingsOf(db, codes);
	if (latestBilledMonth === null) return savings;
	const L = latestBilledMonth;
	const rows = db
		.select({
			department: retiredSums.department,
			nodes: whole(sql`sum(${retiredSums.nodes})`),
			baselineCents: whole(sql`sum(${retiredSums.baselineCents})`),
			baselineMonthCents: whole(sql`sum(${retiredSums.baselineMonthCents})`)
		})
		.from(retiredSums)
		.where(
			and(
				gt(retiredSums.nextMonth, L),
				lt(retiredSums.month, L),
				inArray(retiredSums.department, [...codes])
			)
		)
		.groupBy(retiredSums.department)
		.all();
	const months = monthNumber(L) as number;
	for (const r of rows) {
		for (const f of [savings.byDepartment.get(r.department), savings.totals]) {
			if (!f) continue;
			// Σ baseline × (L − month) over the nodes, without a row for each
			f.realizedCents += months * r.baselineCents - r.baselineMonthCents;
			f.runRateCents += r.baselineCents;
			f.retiredNodes += r.nodes;
			f.projectedAnnualCents = projectedAnnualCents(f);
		}
	}
	return savings;
}

/** A manager's sentence: saved since when, and what turning the eligible nodes off adds. */
export function savingsSentenceOf(
	db: Db,
	latestBilledMonth: string | null,
	department: string
): SavingsSentence {
	const row = db
		.select({
			realizedCents: whole(sql`sum(${nodesAt.realizedCents})`),
			firstRetired: sql<
				string | null
			>`min(CASE WHEN ${nodesAt.retired} THEN ${nodesAt.lastMonth} END)`,
			eligibleMonthlyCents: whole(sql`sum(${nodesAt.eligibleMonthlyCents})`),
			eligibleNodes: whole(sql`sum(${nodesAt.eligible})`)
		})
		.from(nodesAt)
		.where(eq(nodesAt.department, department))
		.get();
	const first = row?.firstRetired ?? null;
	return {
		department,
		latestBilledMonth,
		realizedCents: row?.realizedCents ?? 0,
		sinceMonth: first === null ? null : monthOfNumber((monthNumber(first) as number) + 1),
		eligibleMonthlyCents: row?.eligibleMonthlyCents ?? 0,
		eligibleNodes: row?.eligibleNodes ?? 0
	};
}

export type NodeStatus = 'billed' | 'retired' | 'all';

/** A linked device of the node, as node_links_at has it, that meets `condition` (on `l`). */
const linkWhere = (condition: SQL = sql`1`) =>
	sql`EXISTS (SELECT 1 FROM ${nodeLinksAt} l
		WHERE l.node_id = ${qualified(nodesAt.nodeId)} AND ${condition})`;
const standing = (status: TurnOff) => sql.raw(String(TURN_OFF.indexOf(status)));

/**
 * Whether a node is on the "Turn off now" list, or the first reason it is not, as an index of
 * TURN_OFF (metrics/nodes.ts: turnOffStatus, the rule, in the same order). Health buckets are
 * those of active devices only: an inactive device's is 0. It reads the links withNodesAt works
 * out for every node still billed; a retired node needs none.
 */
const turnOffOf = sql<number>`CASE
	WHEN ${qualified(nodesAt.retired)} THEN ${standing('retired')}
	WHEN ${qualified(nodesAt.eligible)} THEN ${standing('now')}
	WHEN NOT ${linkWhere()} THEN ${standing('no-device')}
	WHEN NOT ${linkWhere(sql`l.active`)} THEN ${standing('not-active')}
	WHEN ${linkWhere(sql`l.bucket = ${BUCKETS.indexOf('never')}`)} THEN ${standing('first-backup')}
	WHEN ${linkWhere(sql`l.bucket = ${BUCKETS.indexOf('critical')}`)} THEN ${standing('critical')}
	ELSE ${standing('no-backup-data')} END`.mapWith(Number);

/** Which nodes a list holds. */
export interface NodeFilter {
	/** the departments listed; every one when left out */
	codes?: readonly string[];
	show?: NodeStatus;
	/**
	 * only those to turn off now, or only those still billed that are not (listed by why, in the
	 * rule's order)
	 */
	turnOff?: 'now' | 'not-yet';
	/** only those linked to no device */
	unlinked?: boolean;
	/** only the node of this key */
	key?: string;
}

const nodeConditions = (filter: NodeFilter) =>
	and(
		filter.codes === undefined ? undefined : inArray(nodesAt.department, [...filter.codes]),
		filter.show === undefined || filter.show === 'all'
			? undefined
			: eq(nodesAt.retired, filter.show === 'retired'),
		filter.turnOff === 'now' ? eq(nodesAt.eligible, true) : undefined,
		filter.turnOff === 'not-yet'
			? and(eq(nodesAt.retired, false), eq(nodesAt.eligible, false))
			: undefined,
		// (the links of every node must be worked out first: linksOf(db, at, null))
		filter.unlinked
			? sql`${nodesAt.nodeId} NOT IN (SELECT ${nodeLinksAt.nodeId} FROM ${nodeLinksAt})`
			: undefined,
		filter.key === undefined ? undefined : eq(nodesAt.nodeKey, filter.key)
	);

/** How many nodes a list holds. */
export function countNodes(db: Db, filter: NodeFilter): number {
	return (
		db
			.select({ n: sql<number>`count(*)`.mapWith(Number) })
			.from(nodesAt)
			.where(nodeConditions(filter))
			.get()?.n ?? 0
	);
}

/** The nodes to turn off now of some departments, added up by department and by account. */
export interface TurnOffAccountTotal {
	department: string;
	account: string;
	nodes: number;
	monthlyCents: number;
}

/**
 * The "Turn off now" list of some departments added up by account, in the list's order
 * (department, UNASSIGNED last, then account): what its headings say, whatever page is shown.
 */
export function turnOffTotals(db: Db, codes: readonly string[]): TurnOffAccountTotal[] {
	return db
		.select({
			department: nodesAt.department,
			account: nodesAt.account,
			nodes: sql<number>`count(*)`.mapWith(Number),
			monthlyCents: whole(sql`sum(${nodesAt.latestChargeCents})`)
		})
		.from(nodesAt)
		.where(nodeConditions({ codes, turnOff: 'now' }))
		.groupBy(nodesAt.position, nodesAt.department, nodesAt.account)
		.orderBy(asc(nodesAt.position), asc(nodesAt.department), asc(nodesAt.account))
		.all();
}

/** How many nodes of a list stand where, on the "Turn off now" list or not and why, in that order. */
export function countTurnOff(db: Db, filter: NodeFilter): Map<TurnOff, number> {
	const rows = db
		.select({ turnOff: turnOffOf, n: sql<number>`count(*)`.mapWith(Number) })
		.from(nodesAt)
		.where(nodeConditions(filter))
		.groupBy(turnOffOf)
		.orderBy(turnOffOf)
		.all();
	return new Map(rows.map((r) => [TURN_OFF[r.turnOff], r.n]));
}

/**
 * A page of the nodes of a filter, by department (UNASSIGNED last) then node (the unlinked, still
 * billed ones first; those not to turn off yet by why), each with its linked devices. Every one
 * when `page` is null.
 */
export function nodePage(
	db: Db,
	at: At,
	filter: NodeFilter,
	page: { limit: number; offset: number } | null
): NodeRow[] {
	let query = db
		.select({ ...getTableColumns(nodesAt), turnOff: turnOffOf })
		.from(nodesAt)
		.where(nodeConditions(filter))
		.orderBy(
			// the ones that keep costing first, when the list mixes both
			...(filter.unlinked ? [asc(nodesAt.retired)] : []),
			...(filter.turnOff === 'not-yet' ? [asc(turnOffOf)] : []),
			asc(nodesAt.position),
			// the turn-off list is grouped by account within a department (turnOffList)
			...(filter.turnOff === 'now' ? [asc(nodesAt.account)] : []),
			asc(nodesAt.nodeKey)
		)
		.$dynamic();
	if (page) query = query.limit(page.limit).offset(page.offset);
	const rows = query.all();
	const ids = rows.map((r) => r.nodeId);
	linksOf(db, at, ids);
	const linked = linkedDevices(db, at, ids);
	return rows.map((node) => ({
		nodeKey: node.nodeKey,
		nodename: node.nodename,
		account: node.account,
		department: node.department,
		sizeBytes: node.sizeBytes,
		latestChargeCents: node.latestChargeCents,
		firstMonth: node.firstMonth,
		lastMonth: node.lastMonth,
		status: node.retired ? 'retired' : 'billed',
		sinceMonth: node.retired ? addMonths(node.lastMonth, 1) : node.firstMonth,
		baselineCents: node.baselineCents,
		realizedCents: node.realizedCents,
		eligible: node.eligible,
		turnOff: TURN_OFF[node.turnOff],
		devices: linked.get(node.nodeId) ?? []
	}));
}

/** The devices linked to some nodes, active ones first, then by name (metrics/nodes.ts). */
function linkedDevices(db: Db, at: At, nodeIds: number[]): Map<number, LinkedDevice[]> {
	const byNode = new Map<number, LinkedDevice[]>();
	if (nodeIds.length === 0) return byNode;
	const rows = db
		.select({
			nodeId: nodeLinksAt.nodeId,
			deviceUid: devices.uid,
			deviceName: deviceRows.deviceName,
			username: deviceRows.username,
			status: deviceRows.status,
			active: nodeLinksAt.active,
			bucket: nodeLinksAt.bucket,
			lastCompletedMs: deviceStates.lastCompletedMs,
			byHand: nodeLinksAt.byHand
		})
		.from(nodeLinksAt)
		.innerJoin(devices, eq(devices.id, nodeLinksAt.deviceId))
		.innerJoin(
			deviceStates,
			and(eq(deviceStates.asOf, at.state ?? ''), eq(deviceStates.deviceId, nodeLinksAt.deviceId))
		)
		.innerJoin(deviceRows, eq(deviceRows.id, deviceStates.rowId))
		.where(inArray(nodeLinksAt.nodeId, nodeIds))
		.all();
	for (const r of rows) {
		const health = BUCKETS[r.bucket];
		const device: LinkedDevice = {
			deviceUid: r.deviceUid,
			deviceName: r.deviceName,
			username: r.username,
			status: r.status,
			active: r.active,
			health,
			lastCompletedBackup:
				health === null || r.lastCompletedMs === null
					? null
					: new Date(r.lastCompletedMs).toISOString(),
			byHand: r.byHand
		};
		const list = byNode.get(r.nodeId);
		if (list) list.push(device);
		else byNode.set(r.nodeId, [device]);
	}
	for (const list of byNode.values()) {
		list.sort(
			(a, b) =>
				Number(b.health !== null) - Number(a.health !== null) ||
				a.deviceName.localeCompare(b.deviceName) ||
				a.deviceUid.localeCompare(b.deviceUid)
		);
	}
	return byNode;
}

/**
 * The twelve months after the latest billed month (metrics/projection.ts): the retired nodes'
 * baselines and the eligible nodes' charges from next month, and the nodes still billed whose
 * linked devices are in their first backup, from the month after each should finish.
 */
export function projectionOf(
	db: Db,
	at: At,
	codes: readonly string[],
	latestBilledMonth: string | null
): SavingsProjection {
	const { totals } = savingsOf(db, codes);
	const candidates = db
		.select({
			nodeId: nodesAt.nodeId,
			nodeKey: nodesAt.nodeKey,
			nodename: nodesAt.nodename,
			account: nodesAt.account,
			department: nodesAt.department,
			latestChargeCents: nodesAt.latestChargeCents,
			deviceUid: devices.uid,
			bestPercent: deviceStates.bestPercent,
			install: nodeLinksAt.install
		})
		.from(nodesAt)
		.innerJoin(nodeLinksAt, eq(nodeLinksAt.nodeId, nodesAt.nodeId))
		.innerJoin(devices, eq(devices.id, nodeLinksAt.deviceId))
		.innerJoin(
			deviceStates,
			and(eq(deviceStates.asOf, at.state ?? ''), eq(deviceStates.deviceId, nodeLinksAt.deviceId))
		)
		.where(
			and(
				inArray(nodesAt.department, [...codes]),
				eq(nodesAt.retired, false),
				eq(nodesAt.eligible, false),
				eq(nodeLinksAt.bucket, BUCKETS.indexOf('never'))
			)
		)
		.orderBy(asc(nodesAt.nodeId), asc(devices.uid))
		.all();
	const waiting = new Map<number, WaitingNode>();
	for (const c of candidates) {
		let node = waiting.get(c.nodeId);
		if (!node) {
			const { nodeId: _, deviceUid: __, bestPercent: ___, install: ____, ...fields } = c;
			waiting.set(c.nodeId, (node = { ...fields, candidates: [] }));
		}
		const pace = firstBackupPace(
			{
				archives: [
					{
						archiveGuid: null,
						destinationName: '',
						alertStates: '',
						lastCompletedBackup: null,
						backupCompletePercentage: c.bestPercent,
						selectedBytes: null,
						archiveBytes: null
					}
				],
				creationDate: c.install === null ? null : new Date(c.install).toISOString()
			},
			at.T
		);
		node.candidates.push({ deviceUid: c.deviceUid, ...pace });
	}
	return projectFrom(
		totals.runRateCents + totals.eligibleMonthlyCents,
		[...waiting.values()],
		latestBilledMonth
	);
}

/**
 * What each department was charged month by month, from the first billed month of those
 * departments to the latest billed month (metrics/spend.ts's spendByMonth): every charge of a
 * node counts to the node's department as of D. Read from the months kept added up by each node's
 * department by its latest charge (department_spend), the nodes whose department as of D is
 * another (its devices', or an older charge's) moved from the one to the other.
 */
export function spendOf(
	db: Db,
	codes: readonly string[],
	latestBilledMonth: string | null
): DepartmentSpendMonth[] {
	if (latestBilledMonth === null) return [];
	const wanted = new Set(codes);
	// month → department → cents and charges
	const cells = new Map<string, Map<string, { cents: number; charges: number }>>();
	const add = (month: string, department: string, cents: number, charges: number) => {
		if (!wanted.has(department)) return;
		let row = cells.get(month);
		if (!row) cells.set(month, (row = new Map()));
		const cell = row.get(department) ?? { cents: 0, charges: 0 };
		row.set(department, { cents: cell.cents + cents, charges: cell.charges + charges });
	};
	for (const r of db
		.select()
		.from(departmentSpend)
		.where(
			and(
				lte(departmentSpend.month, latestBilledMonth),
				inArray(departmentSpend.department, [...codes])
			)
		)
		.all()) {
		add(r.month, r.department, r.cents, r.charges);
	}
	// the nodes kept under another department than theirs as of D
	const moved = db
		.select({
			month: nodeMonths.month,
			kept: nodes.spendDepartment,
			department: nodesAt.department,
			cents: nodeMonths.totalCents
		})
		.from(nodesAt)
		.innerJoin(nodes, eq(nodes.id, nodesAt.nodeId))
		// `+` keeps SQLite from reading every row of node_months first and looking each up in
		// nodes_at, which has no statistics: 1.9 million rows at 100,000 computers, 2 s, where
		// the nodes as of D come first and only the few moved are read by month (42 ms)
		.innerJoin(nodeMonths, eq(nodeMonths.nodeId, sql`+${nodesAt.nodeId}`))
		.where(
			and(
				sql`${nodesAt.department} IS NOT ${nodes.spendDepartment}`,
				lte(nodeMonths.month, latestBilledMonth)
			)
		)
		.all();
	for (const m of moved) {
		add(m.month, m.kept, -m.cents, -1);
		add(m.month, m.department, m.cents, 1);
	}
	// the months of the departments' own charges, from their first to the latest billed one
	const charged = [...cells].filter(([, row]) => [...row.values()].some((c) => c.charges > 0));
	if (charged.length === 0) return [];
	const first = charged.reduce((m, [month]) => (month < m ? month : m), latestBilledMonth);
	return monthRange(first, latestBilledMonth).map((month) => {
		const row = cells.get(month);
		const byDepartment = Object.fromEntries(codes.map((c) => [c, row?.get(c)?.cents ?? 0]));
		return {
			month,
			byDepartment,
			totalCents: Object.values(byDepartment).reduce((a, b) => a + b, 0)
		};
	});
}

/** The retired nodes of some departments, added up by their last billed month. */
export function retirementsOf(db: Db, codes: readonly string[]): Retirements[] {
	return db
		.select({
			lastMonth: nodesAt.lastMonth,
			baselineCents: whole(sql`sum(${nodesAt.baselineCents})`),
			nodes: sql<number>`count(*)`.mapWith(Number)
		})
		.from(nodesAt)
		.where(and(inArray(nodesAt.department, [...codes]), eq(nodesAt.retired, true)))
		.groupBy(nodesAt.lastMonth)
		.all();
}
