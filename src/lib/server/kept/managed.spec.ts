import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { deviceStates, managed } from '../db/schema';
import { departmentOf } from './departments';
import { managedNow } from './managed';

// The row in force now of a short name is looked up once per device state, when the import keeps
// the states' departments and when a page lists devices: the lookup must be one index seek. SQLite
// once answered it from managed_days (every row in force scanned for each device: 2.4 s for the
// health page at 20,000 computers), which no figure shows; the plan does.

/** How SQLite reads `managed` in a statement. */
function managedPlan(
	db: ReturnType<typeof openDatabase>,
	query: { sql: string; params: unknown[] }
) {
	const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as {
		detail: string;
	}[];
	return plan.map((p) => p.detail).filter((d) => / (inv|managed) /.test(`${d} `));
}

describe("a short name's computer in force now", () => {
	const db = openDatabase(':memory:');

	it('is one lookup of managed_now from the department rule of a device state', () => {
		const query = db
			.select({
				department: departmentOf(sql`${deviceStates.shortName}`, sql`${deviceStates.orgKey}`)
			})
			.from(deviceStates)
			.toSQL();
		expect(managedPlan(db, query)).toEqual([
			'SEARCH inv USING INDEX managed_now (short_name=? AND until_day=?)'
		]);
	});

	it('is one lookup of managed_now from a list of device states', () => {
		const query = db
			.select({ known: managed.known })
			.from(deviceStates)
			.leftJoin(managed, and(eq(managed.shortName, deviceStates.shortName), managedNow()))
			.toSQL();
		expect(managedPlan(db, query)).toEqual([
			'SEARCH managed USING INDEX managed_now (short_name=? AND until_day=?) LEFT-JOIN'
		]);
	});
});
