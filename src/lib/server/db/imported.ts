import { sql, type SQL } from 'drizzle-orm';

// A file's rows are written to their tables as they are read, under an import whose status is
// 'pending', and a refused or undone import's rows are deleted after its status changed, a batch
// at a time (imports/pending.ts). So the imported tables (departments, managed_computers,
// device_rows, charges) hold rows no figure may see: every reader of them keeps to the rows of
// imports whose status is 'imported', through this one condition.

/** The tables whose rows belong to an import. */
export const IMPORTED_TABLES = [
	'departments',
	'managed_computers',
	'device_rows',
	'charges'
] as const;

/**
 * SQL text, true when the import `importId` (a column written with its table, such as
 * `c.import_id`) is in force. A lookup by primary key: cheap per row, even in a correlated
 * subquery.
 */
export const imported = (importId: string): string =>
	`(SELECT status FROM imports WHERE id = ${importId}) = 'imported'`;

/** The same condition for drizzle's sql``: `importId` written with its table (figures/sql.ts). */
export const importedSql = (importId: SQL): SQL =>
	sql`(SELECT status FROM imports WHERE id = ${importId}) = 'imported'`;
