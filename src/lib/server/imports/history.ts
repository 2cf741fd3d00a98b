// The import history: what the Imports page lists, taking an import back (undo, and the sample
// data's "clear"), and the upload limit, read here so the page, the upload endpoint and their
// tests agree.
import { and, count, desc, eq, max, min, ne, sql } from 'drizzle-orm';
import type { ExportKind } from '../../imports/formats';
import type { ImportProblem } from '../../imports/outcome';
import { audit } from '../audit';
import type { Db } from '../db';
import { charges, imports } from '../db/schema';
import { keep } from '../kept';
import { deleteRows, exportKindOf } from './pending';
import { nullableText } from '../figures/sql';

export interface HistoryEntry {
	id: number;
	kind: string;
	fileName: string;
	sha256: string;
	asOf: string | null;
	billingMonth: string | null;
	/** the first and last months of the charges it brought: a billing file's months (null for
	 *  other kinds, and once undone, as its charges are gone) */
	firstMonth: string | null;
	lastMonth: string | null;
	uploadedBy: string;
	uploadedAt: string;
	status: 'imported' | 'refused' | 'undone';
	rows: number;
	inserted: number;
	updated: number;
	unchanged: number;
	errors: ImportProblem[];
	sample: boolean;
	undoneAt: string | null;
	undoneBy: string | null;
}

export const HISTORY_LIMIT = 200;

/** The latest imports first: every batch, refused and undone ones included (not one still being written). */
export function listImports(
	db: Db,
	limit = HISTORY_LIMIT
): { entries: HistoryEntry[]; total: number } {
	// each a seek in the charges' primary key (import_id, month, nodename); an undone import's
	// charges are on their way out
	const month = (of: typeof min) => {
		const charged = sql`(SELECT ${of(charges.month)} FROM ${charges}
			WHERE ${charges.importId} = ${imports.id})`;
		return sql<string | null>`CASE WHEN ${imports.status} = 'imported' THEN ${charged} END`.mapWith(
			nullableText
		);
	};
	const settled = ne(imports.status, 'pending');
	const rows = db
		.select({
			id: imports.id,
			kind: imports.kind,
			fileName: imports.fileName,
			sha256: imports.sha256,
			asOf: imports.asOf,
			billingMonth: imports.billingMonth,
			uploadedBy: imports.uploadedBy,
			uploadedAt: imports.uploadedAt,
			status: imports.status,
			rows: imports.rows,
			inserted: imports.inserted,
			updated: imports.updated,
			unchanged: imports.unchanged,
			errors: imports.errors,
			sample: imports.sample,
			undoneAt: imports.undoneAt,
			undoneBy: imports.undoneBy,
			firstMonth: month(min),
			lastMonth: month(max)
		})
		.from(imports)
		.where(settled)
		.orderBy(desc(imports.id))
		.limit(limit)
		.all();
	const total = db.select({ total: count() }).from(imports).where(settled).get()?.total ?? 0;
	return {
		// the WHERE leaves pending imports out; the test tells TypeScript so
		entries: rows.flatMap((r) =>
			r.status === 'pending' ? [] : [{ ...r, status: r.status, errors: r.errors ?? [] }]
		),
		total
	};
}

/** Whether an import can be undone (it exists and is in force), and its file's name. */
export function undoable(
	db: Db,
	importId: number
): { ok: true; fileName: string; kind: ExportKind } | { ok: false; message: string } {
	const row = db
		.select({ fileName: imports.fileName, status: imports.status, kind: imports.kind })
		.from(imports)
		.where(eq(imports.id, importId))
		.get();
	if (!row || row.status === 'pending')
		return { ok: false, message: `There is no import #${importId}.` };
	if (row.status !== 'imported') {
		return {
			ok: false,
			message: `Import #${importId} (${row.fileName}) was ${row.status === 'undone' ? 'undone already' : 'refused'}: there is nothing to undo.`
		};
	}
	return { ok: true, fileName: row.fileName, kind: exportKindOf(importId, row.kind) };
}

/**
 * Takes an import out of force, inside the caller's transaction: whatever it had replaced shows
 * through again. Its rows are deleted after (deleteRows), out of sight already.
 */
function takeBack(db: Db, importId: number, by: string): string | null {
	const row = undoable(db, importId);
	if (!row.ok) return row.message;
	const months = db
		.selectDistinct({ month: charges.month })
		.from(charges)
		.where(eq(charges.importId, importId))
		.orderBy(charges.month)
		.all()
		.map((r) => r.month);
	db.update(imports)
		.set({ status: 'undone', undoneAt: new Date().toISOString(), undoneBy: by })
		.where(eq(imports.id, importId))
		.run();
	keep(db, { what: 'undo', kind: row.kind, importId, months });
	audit(db, by, 'import.undo', row.fileName, { importId });
	return null;
}

/** Takes an import back: its rows go, and what it had replaced shows through again. */
export function undoImport(
	db: Db,
	importId: number,
	undoneBy: string
): { ok: boolean; message: string } {
	const row = undoable(db, importId);
	if (!row.ok) return row;
	const refused = db.$client.transaction(() => takeBack(db, importId, undoneBy)).immediate();
	if (refused !== null) return { ok: false, message: refused };
	deleteRows(db, importId);
	return {
		ok: true,
		message: `Import #${importId} (${row.fileName}) was undone: every figure is as if it had never come.`
	};
}

const sampleImported = and(eq(imports.sample, true), eq(imports.status, 'imported'));

export function hasSampleData(db: Db): boolean {
	return (
		db.select({ id: imports.id }).from(imports).where(sampleImported).limit(1).get() !== undefined
	);
}

/** Undoes every sample import at once, so real exports start from an empty dashboard. */
export function clearSampleData(db: Db, by: string): number {
	const ids = db
		.select({ id: imports.id })
		.from(imports)
		.where(sampleImported)
		.orderBy(desc(imports.id))
		.all()
		.map((r) => r.id);
	db.$client
		.transaction(() => {
			for (const id of ids) takeBack(db, id, by);
		})
		.immediate();
	for (const id of ids) deleteRows(db, id);
	return ids.length;
}

export const DEFAULT_UPLOAD_LIMIT_MB = 200;

/** `UPLOAD_LIMIT_MB` (default 200), in megabytes of 1,048,576 bytes, as browsers and adapter-node count them. */
export function uploadLimitMb(env: Record<string, string | undefined> = process.env): number {
	const raw = env.UPLOAD_LIMIT_MB?.trim();
	const value = raw ? Number(raw) : DEFAULT_UPLOAD_LIMIT_MB;
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_UPLOAD_LIMIT_MB;
}

export const uploadLimitBytes = (env?: Record<string, string | undefined>): number =>
	Math.floor(uploadLimitMb(env) * 1024 * 1024);

export function tooLargeMessage(limitMb: number, fileName?: string): string {
	return `${fileName ?? 'The file'} is larger than the upload limit of ${limitMb} MB, so it was not imported. Split it, or ask the administrator to raise UPLOAD_LIMIT_MB.`;
}
