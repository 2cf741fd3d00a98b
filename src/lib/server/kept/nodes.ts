import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { imported } from '../db/imported';
import {
	accountDepartments,
	billedMonths,
	departmentNames,
	departmentSpend,
	nodeMonths,
	nodes
} from '../db/schema';

// Each EZ-Backup node's charge in force for every month it was billed, with what its savings
// need as of then: months billed so far, the baseline if that month were its last bill, and its
// next billed month. The charge in force for a (month, nodename) is the latest import's; of
// nodenames that differ only in case and spaces (one node), the one last in nodename order wins,
// as metrics/savings.ts reads charges sorted by nodename.

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
	// every charge in force of those nodes, the winning nodename last so that it replaces the others
	db.run(sql`
		INSERT OR REPLACE INTO ${nodeMonths} (node_id, month, month_number, nodename, account,
			department, department_key, total_bytes, total_cents, billed_months, baseline_cents,
			next_month, match_key)
		SELECT n.id, c.month, month_number(c.month), c.nodename, c.account, c.department,
			name_key(c.department), c.total_bytes, c.total_cents, 0, 0, '', node_match_key(c.nodename)
		FROM temp.touched t
		JOIN ${nodes} n ON n.key = t.key
		JOIN charges c ON c.node_key = t.key
		WHERE month_number(c.month) IS NOT NULL
			AND c.import_id = (SELECT max(d.import_id) FROM charges d
				WHERE d.month = c.month AND d.nodename = c.nodename
					AND ${sql.raw(imported('d.import_id'))})
		ORDER BY c.nodename`);
	db.run(sql`
		UPDATE ${nodeMonths} SET billed_months = w.billed, baseline_cents = w.baseline,
			next_month = w.next
		FROM (SELECT node_id, month, row_number() OVER byMonth AS billed,
				lead(month, 1, '9999-99') OVER byMonth AS next,
				baseline_of(total_cents) OVER (byMonth ROWS 2 PRECEDING) AS baseline
			FROM ${nodeMonths}
			WHERE node_id IN (SELECT n.id FROM temp.touched t JOIN ${nodes} n ON n.key = t.key)
			WINDOW byMonth AS (PARTITION BY node_id ORDER BY month)) w
		WHERE ${nodeMonths.nodeId} = w.node_id AND ${nodeMonths.month} = w.month`);
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
 * Each node's department by its latest charge, and every month's charges added up by it: after
 * billing, and after the departments (their names and aliases) changed.
 */
export function keepSpend(db: Db): void {
	db.run(sql`
		UPDATE ${nodes} SET spend_department = coalesce((
			SELECT coalesce(t.code, a.code) FROM ${nodeMonths} m
			LEFT JOIN ${departmentNames} t ON t.key = m.department_key
			LEFT JOIN ${accountDepartments} a ON a.account = m.account
			WHERE m.node_id = ${nodes}.id AND m.next_month = '9999-99'), '')`);
	db.delete(departmentSpend).run();
	db.run(sql`
		INSERT INTO ${departmentSpend} (month, department, cents, charges)
		SELECT m.month, n.spend_department, sum(m.total_cents), count(*) FROM ${nodeMonths} m
		JOIN ${nodes} n ON n.id = m.node_id GROUP BY m.month, n.spend_department`);
}
