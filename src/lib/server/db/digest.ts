// A fingerprint of every data table, so a test can prove that something (a refused file, a killed
// import, a restore) left the figures exactly as they were. The imports table is left out on
// purpose: a refused file is kept in the history, and that is not a change to the data.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export const DATA_TABLES = [
	'departments',
	'managed_computers',
	'device_rows',
	'charges',
	'hand_links',
	'settings'
] as const;

/** sha256 of every row of every data table, in key order (all columns, so the order is total). */
export function dataDigest(client: Database.Database): string {
	const hash = createHash('sha256');
	for (const table of DATA_TABLES) {
		const columns = (client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
			.map((c) => `"${c.name}"`)
			.join(', ');
		hash.update(`${table}\n`);
		const rows = client.prepare(`SELECT * FROM ${table} ORDER BY ${columns}`).raw().iterate();
		for (const row of rows) hash.update(JSON.stringify(row)).update('\n');
	}
	return hash.digest('hex');
}

/** Row counts of the data tables, for messages and RELIABILITY.md figures. */
export function dataCounts(client: Database.Database): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const table of DATA_TABLES) {
		counts[table] = (client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
	}
	return counts;
}
