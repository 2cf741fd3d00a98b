import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db';
import { keepSpend } from './nodes';

// A node's department is read from its latest charge, once per node, whenever billing or the
// departments change. Asked as "its row whose next month is none", SQLite read every node's latest
// row from node_months_next for each node (a 2,000,000-charge file took 10 minutes to import); as
// its last month in the primary key it is one seek. No figure shows the difference; the plan does.

describe("a node's latest charge", () => {
	it('is one seek of node_months by its primary key', () => {
		const db = openDatabase(':memory:');
		const prepare = vi.spyOn(db.$client, 'prepare');
		keepSpend(db);
		const update = prepare.mock.calls
			.map(([source]) => source)
			.find((source) => /UPDATE "nodes" SET spend_department/.test(source));
		prepare.mockRestore();
		expect(update).toBeDefined();
		const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${update}`).all() as { detail: string }[];
		expect(plan.map((p) => p.detail).filter((d) => d.startsWith('SEARCH m '))).toEqual([
			'SEARCH m USING INDEX sqlite_autoindex_node_months_1 (node_id=?)'
		]);
	});
});
