import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db';
import { deviceStates, managed } from '../db/schema';
import { departmentOf } from './departments';
import { managedNow } from './managed';
import { keepSpend } from './nodes';
import { figuresAt } from '../figures/at';
import { healthPoints } from '../figures/history';

// Lookups made once per row, by the import's upkeep and by the pages' lists, must each be one
// index seek. No figure shows it when SQLite picks another index; the plan does. Both below were
// found by the bench as O(n²) scans:
// - a short name's computer in force now, answered from managed_days (every row in force scanned
//   for each device): 2.4 s for the health page at 20,000 computers;
// - a node's latest charge, answered from node_months_next (every node's latest row read for each
//   node): a 2,000,000-charge billing file took 10 minutes to import.

const db = openDatabase(':memory:');

/** Every step of a statement's plan that reads the table named `alias` (a scan as well as a seek). */
function planOf(source: string, params: unknown[], alias: string): string[] {
	const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as {
		detail: string;
	}[];
	return plan.map((p) => p.detail).filter((d) => ` ${d} `.includes(` ${alias} `));
}

describe("a short name's computer in force now", () => {
	it('is one seek of managed_now from the department rule of a device state', () => {
		const query = db
			.select({
				department: departmentOf(sql`${deviceStates.shortName}`, sql`${deviceStates.orgKey}`)
			})
			.from(deviceStates)
			.toSQL();
		expect(planOf(query.sql, query.params, 'inv')).toEqual([
			'SEARCH inv USING INDEX managed_now (short_name=? AND until_day=?)'
		]);
	});

	it('is one seek of managed_now from a list of device states', () => {
		const query = db
			.select({ known: managed.known })
			.from(deviceStates)
			.leftJoin(managed, and(eq(managed.shortName, deviceStates.shortName), managedNow()))
			.toSQL();
		expect(planOf(query.sql, query.params, 'managed')).toEqual([
			'SEARCH managed USING INDEX managed_now (short_name=? AND until_day=?) LEFT-JOIN'
		]);
	});
});

describe("a node's latest charge", () => {
	it('is one seek of node_months by its primary key', () => {
		// the statement is keepSpend's own: caught as it is prepared
		const prepare = vi.spyOn(db.$client, 'prepare');
		keepSpend(db);
		const update = prepare.mock.calls
			.map(([source]) => source)
			.find((source) => /UPDATE "nodes" SET spend_department/.test(source));
		prepare.mockRestore();
		expect(update).toBeDefined();
		expect(planOf(update ?? '', [], 'm')).toEqual([
			'SEARCH m USING INDEX sqlite_autoindex_node_months_1 (node_id=?)'
		]);
	});
});

describe('the devices that vary', () => {
	it('are read from the partial index devices_varies, not by a scan of every device', () => {
		const prepare = vi.spyOn(db.$client, 'prepare');
		// as of a report date: before the first, no device is read at all
		const at = { ...figuresAt(db, '2020-11-30'), state: '2020-11-30' };
		healthPoints(db, at, { departments: [], os: null });
		const read = prepare.mock.calls
			.map(([source]) => source)
			.find((source) => /from "devices" where/.test(source));
		prepare.mockRestore();
		expect(read).toBeDefined();
		expect(planOf(read ?? '', [], 'devices')).toEqual(['SCAN devices USING INDEX devices_varies']);
	});
});
