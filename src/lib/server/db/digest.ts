// A fingerprint of the data the figures are made of, so a test can prove that something (a
// refused file, a killed import, a restore) left the figures exactly as they were. It hashes what
// a reader sees: the rows of imports in force ('imported'), the hand links and the settings. Rows
// of an import still pending, or refused or undone and not yet deleted, are left out, as every
// reader leaves them out (db/imported.ts); `leftOverRows` counts them, so a test can also prove
// they were cleared. The imports table is left out on purpose: a refused file is kept in the
// history, and that is not a change to the data.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { imported, IMPORTED_TABLES } from './imported';

export const DATA_TABLES = [...IMPORTED_TABLES, 'hand_links', 'settings'] as const;

const isImported = (table: string) => (IMPORTED_TABLES as readonly string[]).includes(table);

/** sha256 of every row a reader sees of every data table, in key order (all columns, so the order is total). */
export function dataDigest(client: Database.Database): string {
	const hash = createHash('sha256');
	for (const table of DATA_TABLES) {
		const columns = (client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
			.map((c) => `"${c.name}"`)
			.join(', ');
		const seen = isImported(table) ? `WHERE ${imported(`${table}.import_id`)}` : '';
		hash.update(`${table}\n`);
		const rows = client
			.prepare(`SELECT * FROM ${table} ${seen} ORDER BY ${columns}`)
			.raw()
			.iterate();
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

/** Rows no reader sees: of imports pending, refused or undone. clearAbandoned() deletes them. */
export function leftOverRows(client: Database.Database): number {
	let rows = 0;
	for (const table of IMPORTED_TABLES) {
		rows += client
			.prepare(`SELECT count(*) FROM ${table} WHERE NOT ${imported(`${table}.import_id`)}`)
			.pluck()
			.get() as number;
	}
	return rows;
}
