import { and, eq, exists, inArray, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { formatCount } from '../../format';
import type { ImportProblem } from '../../imports/outcome';
import { EXPORT_KINDS, type ExportKind } from '../../imports/formats';
import { audit } from '../audit';
import type { Db } from '../db';
import { IMPORTED_TABLES } from '../db/imported';
import { charges, departments, deviceRows, imports, managedComputers } from '../db/schema';
import { keep, keptVersionOf } from '../kept';
import type { Counts, Writer } from './writers';

// An import while its rows are written: a row of `imports` whose status is 'pending', under which
// the rows go straight to their tables, a batch per transaction, invisible to every reader
// (db/imported.ts) until one short transaction makes it 'imported'. A refused or undone import's
// rows are deleted after its status changed, a batch per transaction too, so that no write holds
// the lock for a whole file.
//
// A process that dies meanwhile (killed, out of power) leaves a pending import, or rows of a
// refused or undone one. They are invisible already; clearAbandoned() deletes them, at the next
// start (openDatabase) and at the next import. A pending import is abandoned when the process
// that writes it (its `owner`) is gone: another process's that no longer runs, or one of this
// process's that no session writes any more.

/** This process, for the imports it writes: its pid, and a token of this run of it. */
const OWNER = `${process.pid}:${randomUUID()}`;

/** The pending imports this process's sessions are writing now. */
const writing = new Set<number>();

/** Rows deleted per transaction: a few tens of milliseconds of the write lock. */
const DELETE_BATCH = 5000;

/** The schema's table of each imported table's name: TypeScript checks none is missing. */
const TABLE_OF = {
	departments,
	managed_computers: managedComputers,
	device_rows: deviceRows,
	charges
} satisfies Record<(typeof IMPORTED_TABLES)[number], unknown>;

const importedTables = IMPORTED_TABLES.map((name) => TABLE_OF[name]);

/**
 * An import's kind as the ExportKind it was written as. The column is plain text (a refusal
 * before the kind was known says 'unknown'), so the value is checked rather than asserted.
 */
export function exportKindOf(importId: number, kind: string): ExportKind {
	const known = EXPORT_KINDS.find((k) => k === kind);
	if (known === undefined) throw new Error(`Import #${importId} has an unknown kind: ${kind}.`);
	return known;
}

/** Opens a pending import (inside the transaction of its first batch of rows). */
export function openPending(
	db: Db,
	fields: { kind: string; fileName: string; uploadedBy: string; sample: boolean }
): number {
	const { lastInsertRowid } = db
		.insert(imports)
		.values({
			kind: fields.kind,
			fileName: fields.fileName,
			sha256: '',
			uploadedBy: fields.uploadedBy,
			uploadedAt: new Date().toISOString(),
			status: 'pending',
			owner: OWNER,
			sample: fields.sample
		})
		.run();
	const id = Number(lastInsertRowid);
	writing.add(id);
	return id;
}

/** What an import's row says once the file is decided. */
export interface Settled {
	status: 'imported' | 'refused';
	kind: string;
	sha256: string;
	asOf: string | null;
	billingMonth: string | null;
	rows: number;
	inserted: number;
	updated: number;
	unchanged: number;
	/** the first 100 problems */
	errors: ImportProblem[];
	errorCount: number;
}

/** Writes the outcome on a pending import's row: from now on it is imported, or refused. */
export function settle(db: Db, importId: number, fields: Settled): void {
	const { errors: listed, errorCount } = fields;
	// The history keeps the first 100 problems and says how many more there were.
	const errors = [...listed];
	const more = errorCount - errors.length;
	if (more > 0) {
		errors.push({
			line: null,
			column: null,
			message: `… and ${formatCount(more)} more ${more === 1 ? 'problem' : 'problems'}.`
		});
	}
	db.update(imports)
		.set({
			status: fields.status,
			kind: fields.kind,
			sha256: fields.sha256,
			asOf: fields.asOf,
			billingMonth: fields.billingMonth,
			rows: fields.rows,
			inserted: fields.inserted,
			updated: fields.updated,
			unchanged: fields.unchanged,
			// the json column writes it as JSON.stringify(errors)
			errors,
			uploadedAt: new Date().toISOString(),
			owner: null
		})
		.where(and(eq(imports.id, importId), eq(imports.status, 'pending')))
		.run();
}

/**
 * Records a refused file in the history: its pending import, or a new row when it wrote none (a
 * refusal before any record). Its rows, out of sight from now on, go a batch at a time after.
 */
export function refusePending(
	db: Db,
	written: number | null,
	fields: { fileName: string; uploadedBy: string; sample: boolean } & Omit<
		Settled,
		'status' | 'rows' | 'inserted' | 'updated' | 'unchanged'
	>
): number {
	const { fileName, uploadedBy, sample, ...outcome } = fields;
	const importId = db.$client
		.transaction(() => {
			const id = written ?? openPending(db, { kind: outcome.kind, fileName, uploadedBy, sample });
			settle(db, id, {
				...outcome,
				status: 'refused',
				rows: 0,
				inserted: 0,
				updated: 0,
				unchanged: 0
			});
			audit(db, uploadedBy, 'import.refused', fileName, {
				importId: id,
				kind: outcome.kind === 'unknown' ? null : outcome.kind,
				errorCount: outcome.errorCount
			});
			return id;
		})
		.immediate();
	letGo(importId);
	if (written !== null) deleteRows(db, written);
	return importId;
}

export interface EarlierImport {
	id: number;
	kind: ExportKind;
	asOf: string | null;
	rows: number;
}

/** The import in force of a file of this content (SHA-256), if any. */
export function findImported(db: Db, hash: string): EarlierImport | undefined {
	const row = db
		.select({ id: imports.id, kind: imports.kind, asOf: imports.asOf, rows: imports.rows })
		.from(imports)
		.where(and(eq(imports.sha256, hash), eq(imports.status, 'imported')))
		.orderBy(imports.id)
		.limit(1)
		.get();
	return row && { ...row, kind: exportKindOf(row.id, row.kind) };
}

/**
 * Makes a pending import 'imported', in one short transaction that also brings the figures' kept
 * tables up to date (keep()): never a half-kept state. The writer's counts are taken before it, as
 * they may read much, and again inside it only if another change was committed meanwhile. Answers
 * the counts, or the import in force of the same content when a concurrent upload of the same file
 * won the race (nothing is changed then).
 */
export function commitPending(
	db: Db,
	importId: number,
	writer: Writer,
	fields: { kind: ExportKind; fileName: string; uploadedBy: string; months: string[] } & Pick<
		Settled,
		'sha256' | 'asOf' | 'billingMonth' | 'rows'
	>
): Counts | EarlierImport {
	const { fileName, uploadedBy, months, ...outcome } = fields;
	const version = keptVersionOf(db);
	let counts = writer.counts(outcome.asOf);
	return db.$client
		.transaction(() => {
			const raced = findImported(db, outcome.sha256);
			if (raced) return raced;
			if (keptVersionOf(db) !== version) counts = writer.counts(outcome.asOf);
			settle(db, importId, {
				...outcome,
				...counts,
				status: 'imported',
				errors: [],
				errorCount: 0
			});
			const { kind, asOf, rows } = outcome;
			audit(db, uploadedBy, 'import', fileName, { importId, kind, asOf, rows });
			keep(db, { what: 'import', kind, importId, months });
			return counts;
		})
		.immediate();
}

/** The session is done with its pending import: imported, refused, or left to clearAbandoned(). */
export function letGo(importId: number): void {
	writing.delete(importId);
}

/** Deletes an import's rows, a batch per transaction. */
export function deleteRows(db: Db, importId: number): void {
	for (const table of importedTables) {
		// by rowid, DELETE_BATCH at a time: the inner SELECT seeks the table's key, which starts
		// with import_id (DELETE has no LIMIT in SQLite's default build)
		const batch = db
			.delete(table)
			.where(
				inArray(
					sql`rowid`,
					db
						.select({ rowid: sql`rowid` })
						.from(table)
						.where(eq(table.importId, importId))
						.limit(DELETE_BATCH)
				)
			)
			.prepare();
		while (db.$client.transaction(() => batch.run().changes).immediate() > 0);
	}
}

/** Takes a pending import back whole: its rows, then its row (an upload broken off, a duplicate). */
export function dropPending(db: Db, importId: number): void {
	deleteRows(db, importId);
	db.delete(imports)
		.where(and(eq(imports.id, importId), eq(imports.status, 'pending')))
		.run();
	letGo(importId);
}

/** Whether a process of this pid runs (a zombie, killed but not yet reaped, does not). */
function runs(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
	} catch {
		return true;
	}
}

function abandoned(importId: number, owner: string | null): boolean {
	if (owner === OWNER) return !writing.has(importId);
	const pid = Number(owner?.split(':')[0]);
	// this pid is this process: the one that had it before is gone
	return !Number.isInteger(pid) || pid === process.pid || !runs(pid);
}

/**
 * Deletes what interrupted imports left: the pending imports nobody writes any more (rows and
 * row), and the rows of refused and undone imports. Returns the imports it cleared.
 */
export function clearAbandoned(db: Db): number[] {
	const pending = db
		.select({ id: imports.id, owner: imports.owner })
		.from(imports)
		.where(eq(imports.status, 'pending'))
		.all()
		.filter((p) => abandoned(p.id, p.owner));
	// each an index seek: the four tables' keys start with import_id
	const leftOver = db
		.select({ id: imports.id })
		.from(imports)
		.where(
			and(
				inArray(imports.status, ['refused', 'undone']),
				or(
					...importedTables.map((t) =>
						exists(
							db
								.select({ one: sql`1` })
								.from(t)
								.where(eq(t.importId, imports.id))
						)
					)
				)
			)
		)
		.all()
		.map((r) => r.id);
	for (const { id } of pending) dropPending(db, id);
	for (const id of leftOver) deleteRows(db, id);
	return [...pending.map((p) => p.id), ...leftOver];
}
