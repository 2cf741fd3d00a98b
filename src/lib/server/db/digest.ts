// A fingerprint of the data the figures are made of, so a test can prove that something (a
// refused file, a killed import, a restore) left the figures exactly as they were. It hashes what
// a reader sees: the rows of imports in force ('imported'), the hand links and the settings. Rows
// of an import still pending, or refused or undone and not yet deleted, are left out, as every
// reader leaves them out (db/imported.ts); `leftOverRows` counts them, so a test can also prove
// they were cleared. The imports table is left out on purpose: a refused file is kept in the
// history, and that is not a change to the data.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { numberOf, textOf } from './checked';
import { imported, IMPORTED_TABLES } from './imported';

export const DATA_TABLES = [...IMPORTED_TABLES, 'hand_links', 'settings'] as const;

const isImported = (table: string) => (IMPORTED_TABLES as readonly string[]).includes(table);

/** sha256 of every row a reader sees of every data table, in key order (all columns, so the order is total). */
export function dataDigest(client: Database.Database): string {
	const hash = createHash('sha256');
	for (const table of DATA_TABLES) {
		const columns = client
			.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)
			.pluck()
			.all()
			.map((name) => `"${textOf(name, `a column name of ${table}`)}"`)
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
		counts[table] = countRows(client, table);
	}
	return counts;
}

/** Rows no reader sees: of imports pending, refused or undone. clearAbandoned() deletes them. */
export function leftOverRows(client: Database.Database): number {
	let rows = 0;
	for (const table of IMPORTED_TABLES) {
		rows += countRows(client, table, `WHERE NOT ${imported(`${table}.import_id`)}`);
	}
	return rows;
}

// The functions here take a bare better-sqlite3 connection (scripts/db-backup.ts opens a backup
// file read-only, without drizzle or migrations) and loop over table names, so they read with plain
// SQL, read through the checks of checked.ts.

function countRows(client: Database.Database, table: string, where = ''): number {
	return numberOf(
		client.prepare(`SELECT count(*) FROM ${table} ${where}`).pluck().get(),
		`the row count of ${table}`
	);
}
