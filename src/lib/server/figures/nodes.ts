import { and, asc, lte, max, sql, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { breathe, inChunks } from '../cache';
import type { Db } from '../db';
import {
	billedMonths,
	departmentList,
	deviceStates,
	devices,
	handLinks,
	nodeMonths,
	nodes,
	NOT_BILLED_AGAIN,
	placements,
	unnamedNodeMonths
} from '../db/schema';
import { chargeDepartment } from '../kept/nodes';
import { monthNumber } from '../metrics/asof';
import { UNASSIGNED } from '../metrics/departments';
import type { At } from './at';
import { healthCodeAsOf, installOf, stateColumns } from './sql';

// The EZ-Backup nodes as of a day D (metrics/savings.ts's nodeSavings, in SQL over the kept
// tables): each node's charge in force for its last billed month not after D's month, its
// department, whether it is retired, and whether a device linked to it (domain.md's name rule,
// hand links winning) is backed up well enough to turn its account off. A page works them out
// once, into a temporary table its queries read (`withNodesAt`), then lets it go.

/** The place of a department not in the list (UNASSIGNED): after every other. */
const UNLISTED = 1000000000;

/** The temporary table of the nodes as of D: one row per node billed up to D's month. */
export const nodesAt = sqliteTable('nodes_at', {
	nodeId: integer('node_id').notNull(),
	nodeKey: text('node_key').notNull(),
	/** as written on its latest charge */
	nodename: text('nodename').notNull(),
	account: text('account').notNull(),
	/** its latest charge's Department cell, as written */
	departmentCell: text('department_cell'),
	matchKey: text('match_key').notNull(),
	department: text('department').notNull(),
	departmentSource: text('department_source', {
		enum: ['charge', 'account', 'device', 'unassigned']
	}).notNull(),
	/** the department's place in the list (UNASSIGNED last): nodes sort by it, then by key */
	position: integer('position').notNull(),
	firstMonth: text('first_month').notNull(),
	lastMonth: text('last_month').notNull(),
	billedMonths: integer('billed_months').notNull(),
	latestChargeCents: integer('latest_charge_cents').notNull(),
	sizeBytes: integer('size_bytes'),
	baselineCents: integer('baseline_cents').notNull(),
	retired: integer('retired', { mode: 'boolean' }).notNull(),
	monthsSinceLastBill: integer('months_since_last_bill').notNull(),
	realizedCents: integer('realized_cents').notNull(),
	eligible: integer('eligible', { mode: 'boolean' }).notNull(),
	eligibleMonthlyCents: integer('eligible_monthly_cents').notNull(),
	/** its links are in node_links_at */
	linked: integer('linked', { mode: 'boolean' }).notNull()
});

/** The temporary table of the links as of D between those nodes and the devices' states. */
export const nodeLinksAt = sqliteTable('node_links_at', {
	nodeId: integer('node_id').notNull(),
	deviceId: integer('device_id').notNull(),
	/** an administrator linked them (the name rule did not) */
	byHand: integer('by_hand', { mode: 'boolean' }).notNull(),
	active: integer('active', { mode: 'boolean' }).notNull(),
	/** its health bucket as of D (0 none, 1 ok, 2 warning, 3 critical, 4 never) */
	bucket: integer('bucket').notNull(),
	/** its department as of D */
	department: text('department').notNull(),
	install: integer('install')
});

/**
 * The latest word of an administrator on each pair (node, device) of the nodes and devices kept:
 * for the same node and device written twice (nodenames differing in case), the later wins.
 */
const HAND = sql`
	SELECT n.id AS node_id, d.id AS device_id, h.linked FROM ${handLinks} h
	JOIN ${nodes} n ON n.key = h.node_key JOIN ${devices} d ON d.uid = h.device_uid
	WHERE h.rowid = (SELECT max(x.rowid) FROM ${handLinks} x
		WHERE x.node_key = h.node_key AND x.device_uid = h.device_uid)`;

export interface NodesAtOptions {
	/** nodes worked out between two breaths */
	chunk?: number;
	/**
	 * Only the nodes whose figures depend on the day's devices: those still billed, and those
	 * whose charge names no department. The others, retired, are added up in retired_sums, which
	 * is all a page that only adds up savings needs of them (savings.ts, daySavingsOf).
	 */
	dayOnly?: boolean;
}

/** The last turn to work out nodes_at on a connection: one at a time, in the order asked. */
const turns = new WeakMap<Db, Promise<void>>();

/**
 * Works out the nodes as of `at` into the temporary table nodes_at, runs `read` on it, and drops
 * it. Other requests run between its statements (`breathe`), so that it does not block them in
 * one stretch; one that also needs nodes_at waits for its turn.
 * The links of nodes to devices (node_links_at) are worked out for the nodes whose figures need
 * them (those still billed, and those whose charge names no department); `linksOf` adds those of
 * any other node a page lists, inside `read`.
 */
export async function withNodesAt<T>(
	db: Db,
	at: At,
	read: (latestBilledMonth: string | null) => T,
	{ chunk = NODE_CHUNK, dayOnly = false }: NodesAtOptions = {}
): Promise<T> {
	const before = turns.get(db) ?? Promise.resolve();
	let done = () => {};
	const mine = new Promise<void>((resolve) => (done = resolve));
	turns.set(
		db,
		before.then(() => mine)
	);
	await before;
	try {
		const latest = await workOutNodes(db, at, chunk, dayOnly);
		return read(latest);
	} finally {
		db.run(sql`DROP TABLE IF EXISTS temp.nodes_at`);
		db.run(sql`DROP TABLE IF EXISTS temp.node_links_at`);
		done();
	}
}

/** Nodes worked out between two breaths: each statement a few milliseconds at any scale. */
const NODE_CHUNK = 5_000;

/** A node month's place in node_months_next: a chunk of the nodes as of a month ends at one. */
interface NodeMonthKey {
	next: string;
	month: string;
	node: number;
}

/** node_months as the statements of nodes_at name it */
const m = alias(nodeMonths, 'm');

/** The node months of `table` in force at month M: their last billed month not after M. */
const inForceAt = (table: typeof m, M: string): SQL =>
	sql`${table.nextMonth} > ${M} AND ${table.month} <= ${M}`;

/** The node months of `table` after `after` in node_months_next's order (all when null). */
const nodeMonthsAfter = (table: typeof m, after: NodeMonthKey | null): SQL =>
	after === null
		? sql`1`
		: sql`(${table.nextMonth}, ${table.month}, ${table.nodeId})
			> (${after.next}, ${after.month}, ${after.node})`;

/** nodes_at and node_links_at as of `at`; the latest billed month not after D's. */
async function workOutNodes(
	db: Db,
	at: At,
	chunk: number,
	dayOnly: boolean
): Promise<string | null> {
	const M = at.month;
	db.run(sql`DROP TABLE IF EXISTS temp.nodes_at`);
	db.run(sql`DROP TABLE IF EXISTS temp.node_links_at`);
	const latest =
		db
			.select({ month: max(billedMonths.month) })
			.from(billedMonths)
			.where(lte(billedMonths.month, M))
			.get()?.month ?? null;
	// the latest billed month as a count of months (a constant: a subquery would scan node_months)
	const L = latest === null ? null : monthNumber(latest);
	// each node's row in force at M: its last billed month not after M (node_months_next); the
	// department its charge names (its Department cell, else its account), devices' later
	const rows = (which: SQL) => sql`
		SELECT m.node_id, n.key AS node_key, m.nodename, m.account, m.department AS department_cell,
			m.match_key, ${chargeDepartment.code} AS department,
			CASE WHEN t.code IS NOT NULL THEN 'charge' WHEN a.code IS NOT NULL THEN 'account'
				ELSE 'unassigned' END AS department_source,
			coalesce(p.position, ${UNLISTED}) AS position, n.first_month, m.month AS last_month, m.billed_months,
			m.total_cents AS latest_charge_cents, m.total_bytes AS size_bytes, m.baseline_cents,
			m.month < ${latest} AS retired, ${L} - m.month_number AS months_since_last_bill,
			CASE WHEN m.month < ${latest} THEN m.baseline_cents * (${L} - m.month_number) ELSE 0 END
				AS realized_cents,
			0 AS eligible, 0 AS eligible_monthly_cents, 0 AS linked
		FROM ${nodeMonths} m INDEXED BY node_months_next
		JOIN ${nodes} n ON n.id = m.node_id
		${chargeDepartment.joins}
		LEFT JOIN ${departmentList} p ON p.code = ${chargeDepartment.code}
		WHERE ${inForceAt(m, M)} AND ${which}`;
	db.run(sql`CREATE TEMP TABLE nodes_at AS ${rows(sql`0`)}`);
	if (dayOnly) {
		// those billed in the latest month (one range of node_months_next for each later billed
		// month), and the retired ones whose charge names no department
		db.run(
			sql`INSERT INTO temp.nodes_at ${rows(sql`m.month = ${latest} AND m.next_month IN
			(SELECT ${billedMonths.month} FROM ${billedMonths} WHERE ${billedMonths.month} > ${M}
				UNION ALL SELECT ${NOT_BILLED_AGAIN})`)}`
		);
		db.run(
			sql`INSERT INTO temp.nodes_at ${rows(sql`m.month < ${latest}
			AND (m.next_month, m.month, m.node_id) IN (SELECT u.next_month, u.month, u.node_id
				FROM ${unnamedNodeMonths} u WHERE u.next_month > ${M} AND u.month < ${latest})`)}`
		);
	} else {
		// every node, a chunk at a time, in the index's order, with other requests let in between
		await inChunks<NodeMonthKey>(
			(after) =>
				db
					.select({ next: m.nextMonth, month: m.month, node: m.nodeId })
					.from(m)
					.where(and(inForceAt(m, M), nodeMonthsAfter(m, after)))
					.orderBy(asc(m.nextMonth), asc(m.month), asc(m.nodeId))
					.limit(1)
					.offset(chunk - 1)
					.get() ?? null,
			({ after, upTo }) =>
				db.run(
					sql`INSERT INTO temp.nodes_at ${rows(
						sql`${nodeMonthsAfter(m, after)} AND ${upTo === null ? sql`1` : sql`NOT ${nodeMonthsAfter(m, upTo)}`}`
					)}`
				)
		);
	}
	db.run(sql`CREATE INDEX temp.nodes_at_match ON nodes_at (match_key)`);
	db.run(sql`CREATE UNIQUE INDEX temp.nodes_at_node ON nodes_at (node_id)`);
	db.run(sql`
		CREATE TEMP TABLE node_links_at (node_id INTEGER NOT NULL, device_id INTEGER NOT NULL,
			by_hand INTEGER NOT NULL, active INTEGER NOT NULL, bucket INTEGER NOT NULL,
			department TEXT NOT NULL, install INTEGER)`);
	db.run(sql`CREATE INDEX temp.node_links_at_node ON node_links_at (node_id)`);
	if (latest === null) return null;
	// the links of the nodes whose figures need them, a chunk of nodes at a time
	const count =
		db
			.select({ n: sql<number>`max(rowid)`.mapWith(Number) })
			.from(nodesAt)
			.get()?.n ?? 0;
	for (let from = 0; from < count; from += chunk) {
		await breathe();
		addLinks(
			db,
			at,
			sql`x.rowid > ${from} AND x.rowid <= ${from + chunk} AND (NOT x.retired OR x.department IS NULL)`
		);
	}
	await breathe();
	finish(db);
	return latest;
}

/**
 * The links as of D of the nodes of nodes_at (alias x) that `which` picks and that have none
 * worked out yet: the name rule (short hostname or device name), less the pairs unlinked by
 * hand, and the pairs linked by hand; each with the device's activity, health, department and
 * install as of D.
 */
function addLinks(db: Db, at: At, which: SQL): void {
	const R = at.state ?? '';
	const code = healthCodeAsOf(deviceStates, at);
	const install = installOf(stateColumns(deviceStates));
	db.run(sql`
		INSERT INTO temp.node_links_at (node_id, device_id, by_hand, active, bucket, department, install)
		WITH wanted AS MATERIALIZED (SELECT x.node_id, x.match_key FROM temp.nodes_at x
			WHERE NOT x.linked AND (${which})),
		hand AS MATERIALIZED (${HAND}),
		-- CROSS JOIN keeps the nodes wanted as the outer loop, each a seek of its name, and below
		-- the links, each a seek of its device: SQLite otherwise read every state of the report
		-- date and looked each up among them (171 ms at 100,000 computers, 83 ms this way), and
		-- did so again for every chunk of nodes
		named AS (
			SELECT w.node_id, s.device_id FROM wanted w
			CROSS JOIN ${deviceStates} s ON s.as_of = ${R} AND s.short_name = w.match_key
			WHERE w.match_key <> ''
			UNION SELECT w.node_id, s.device_id FROM wanted w
			CROSS JOIN ${deviceStates} s ON s.as_of = ${R} AND s.name_key = w.match_key
			WHERE w.match_key <> ''),
		links AS (
			SELECT node_id, device_id, 0 AS by_hand FROM named
			WHERE NOT EXISTS (SELECT 1 FROM hand h
				WHERE h.node_id = named.node_id AND h.device_id = named.device_id AND NOT h.linked)
			UNION SELECT h.node_id, h.device_id, 1 FROM hand h
			WHERE h.linked AND h.node_id IN (SELECT node_id FROM wanted)
				AND NOT EXISTS (SELECT 1 FROM named
					WHERE named.node_id = h.node_id AND named.device_id = h.device_id))
		SELECT l.node_id, l.device_id, l.by_hand, ${deviceStates}.active, ${code} >> 2,
			${placements}.department, ${install}
		FROM links l
		CROSS JOIN ${deviceStates} ON ${deviceStates}.as_of = ${R}
			AND ${deviceStates}.device_id = l.device_id
		JOIN ${placements} ON ${placements}.id = ${deviceStates}.placement`);
	db.run(sql`UPDATE temp.nodes_at AS x SET linked = 1 WHERE NOT x.linked AND (${which})`);
}

/** Adds the links of some nodes a page lists, or of every node (null), where not there yet. */
export function linksOf(db: Db, at: At, nodeIds: readonly number[] | null): void {
	if (nodeIds === null) addLinks(db, at, sql`1`);
	else if (nodeIds.length > 0)
		addLinks(db, at, sql`x.node_id IN (${sql.join([...nodeIds], sql`, `)})`);
}

/**
 * Eligibility, and the department of the nodes whose charge names none: that of their linked
 * devices (active ones first, then the most recently installed).
 */
function finish(db: Db): void {
	db.run(sql`
		UPDATE temp.nodes_at SET eligible = 1, eligible_monthly_cents = latest_charge_cents
		WHERE NOT retired AND EXISTS (SELECT 1 FROM temp.node_links_at l
			WHERE l.node_id = nodes_at.node_id AND l.bucket IN (1, 2))`);
	db.run(sql`
		UPDATE temp.nodes_at SET department = coalesce((
				SELECT l.department FROM temp.node_links_at l
				WHERE l.node_id = nodes_at.node_id AND l.department <> ${UNASSIGNED}
				ORDER BY l.active DESC, l.install DESC NULLS LAST,
					(SELECT d.uid FROM ${devices} d WHERE d.id = l.device_id)
				LIMIT 1), ${UNASSIGNED})
		WHERE department IS NULL`);
	db.run(sql`
		UPDATE temp.nodes_at SET department_source = 'device'
		WHERE department_source = 'unassigned' AND department <> ${UNASSIGNED}`);
	// the others have their department's place since nodes_at was made
	db.run(sql`
		UPDATE temp.nodes_at SET position = coalesce((SELECT p.position FROM ${departmentList} p
			WHERE p.code = nodes_at.department), ${UNLISTED})
		WHERE department_source IN ('device', 'unassigned')`);
}
