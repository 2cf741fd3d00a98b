import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { imported } from '../db/imported';
import {
	accountDepartments,
	billedMonths,
	departmentNames,
	departmentSpend,
	nodeMonths,
	nodes,
	NOT_BILLED_AGAIN,
	retiredSums,
	unnamedNodeMonths
} from '../db/schema';

// Each EZ-Backup node's charge in force for every month it was billed, with what its savings
// need as of then: months billed so far, the baseline if that month were its last bill, and its
// next billed month. The charge in force for a (month, nodename) is the latest import's; of
// nodenames that differ only in case and spaces (one node), the one last in nodename order wins,
// as metrics/savings.ts reads charges sorted by nodename.

/**
 * The department a node month's charge names (domain.md): its Department cell's (t), else its
 * account's (a); null when neither names one. `joins` follow node_months named m.
 */
export const chargeDepartment = {
	code: sql<string | null>`coalesce(t.code, a.code)`,
	joins: sql`LEFT JOIN ${departmentNames} t ON t.key = m.department_key
		LEFT JOIN ${accountDepartments} a ON a.account = m.account`
};

/**
 * Rebuilds the node months of the nodes billed in `months` (every month when null), after an
 * import or an undo of billing. Only those nodes' rows are touched: a monthly file is one month.
 */
export function keepNodeMonths(db: Db, months: string[] | null): void {
	const inMonths = (column: SQL) =>
		months === null ? sql`1` : sql`${column} IN (${sql.join(months, sql`, `)})`;
	db.run(sql`DROP TABLE IF EXISTS temp.touched`);
	db.run(sql`
		CREATE TEMP TABLE touched (key TEXT PRIMARY KEY) WITHOUT ROWID`);
	db.run(sql`
		INSERT OR IGNORE INTO temp.touched
		SELECT node_key FROM charges c WHERE ${inMonths(sql.raw('c.month'))} AND c.node_key <> ''
			AND ${sql.raw(imported('c.import_id'))}
		UNION SELECT n.key FROM ${nodes} n JOIN ${nodeMonths} m ON m.node_id = n.id
		WHERE ${inMonths(sql.raw('m.month'))}`);
	db.run(sql`
		INSERT INTO ${nodes} (key, first_month) SELECT key, '' FROM temp.touched WHERE true
		ON CONFLICT (key) DO NOTHING`);
	db.run(sql`
		DELETE FROM ${nodeMonths} WHERE node_id IN
			(SELECT n.id FROM temp.touched t JOIN ${nodes} n ON n.key = t.key)`);
	// every charge in force of those nodes, with its savings facts, each row written once: the
	// covering index node_months_next holds every column, so a row inserted and then updated
	// was written into it twice, at random places (2,000,000 charges: 25.4 s, 22.6 s once).
	// Of one node's charges in a month the nodename last in order wins (pick), and rows go in
	// in that index's order.
	db.run(sql`
		INSERT INTO ${nodeMonths} (node_id, month, month_number, nodename, account, department,
			department_key, total_bytes, total_cents, billed_months, baseline_cents, next_month,
			match_key)
		SELECT node_id, month, month_number(month), nodename, account, department,
			name_key(department), total_bytes, total_cents, row_number() OVER byMonth,
			baseline_of(total_cents) OVER (byMonth ROWS 2 PRECEDING),
			lead(month, 1, ${NOT_BILLED_AGAIN}) OVER byMonth AS next, node_match_key(nodename)
		FROM (SELECT n.id AS node_id, c.month, c.nodename, c.account, c.department, c.total_bytes,
				c.total_cents,
				row_number() OVER (PARTITION BY n.id, c.month ORDER BY c.nodename DESC) AS pick
			FROM temp.touched t
			JOIN ${nodes} n ON n.key = t.key
			JOIN charges c ON c.node_key = t.key
			WHERE month_number(c.month) IS NOT NULL
				AND c.import_id = (SELECT max(d.import_id) FROM charges d
					WHERE d.month = c.month AND d.nodename = c.nodename
						AND ${sql.raw(imported('d.import_id'))}))
		WHERE pick = 1
		WINDOW byMonth AS (PARTITION BY node_id ORDER BY month)
		ORDER BY next, month, node_id`);
	db.run(sql`
		UPDATE ${nodes} SET first_month = coalesce(
			(SELECT min(m.month) FROM ${nodeMonths} m WHERE m.node_id = ${nodes.id}), '')
		WHERE key IN (SELECT key FROM temp.touched)`);
	db.run(sql`DELETE FROM ${nodes} WHERE first_month = ''`);
	db.run(sql`DROP TABLE temp.touched`);
	db.delete(billedMonths).run();
	db.run(sql`INSERT INTO ${billedMonths} SELECT DISTINCT month FROM ${nodeMonths}`);
	keepSpend(db);
}

/**
 * Each node's department by its latest charge, every month's charges added up by it, and the node
 * months added up by the department their own charge names (retired_sums), those that name none
 * listed (unnamed_node_months): after billing, and after the departments (their names and
 * aliases) changed.
 */
export function keepSpend(db: Db): void {
	// its latest charge is its last month in the primary key: asked as next_month = '9999-99',
	// SQLite read every node's last row from node_months_next for each node (2,000,000 charges:
	// 10 minutes)
	db.run(sql`
		UPDATE ${nodes} SET spend_department = coalesce((
			SELECT ${chargeDepartment.code} FROM ${nodeMonths} m ${chargeDepartment.joins}
			WHERE m.node_id = ${nodes}.id ORDER BY m.month DESC LIMIT 1), '')`);
	db.delete(departmentSpend).run();
	db.run(sql`
		INSERT INTO ${departmentSpend} (month, department, cents, charges)
		SELECT m.month, n.spend_department, sum(m.total_cents), count(*) FROM ${nodeMonths} m
		JOIN ${nodes} n ON n.id = m.node_id GROUP BY m.month, n.spend_department`);
	// each node month with the department its charge names, if any: added up, or listed
	const named = sql`(SELECT m.node_id, m.month, m.next_month, m.baseline_cents, m.month_number,
			${chargeDepartment.code} AS named
		FROM ${nodeMonths} m ${chargeDepartment.joins})`;
	db.delete(retiredSums).run();
	db.run(sql`
		INSERT INTO ${retiredSums} (month, next_month, department, nodes, baseline_cents,
			baseline_month_cents)
		SELECT month, next_month, named, count(*), sum(baseline_cents), sum(baseline_cents * month_number)
		FROM ${named} WHERE named IS NOT NULL
		GROUP BY month, next_month, named`);
	db.delete(unnamedNodeMonths).run();
	db.run(sql`
		INSERT INTO ${unnamedNodeMonths} (next_month, month, node_id)
		SELECT next_month, month, node_id FROM ${named} WHERE named IS NULL`);
}
