// The import history: what the Imports page lists, taking an import back (undo, and the sample
// data's "clear"), and the upload limit, read here so the page, the upload endpoint and their
// tests agree.
import type { ExportKind } from '../../imports/formats';
import type { ImportProblem } from '../../imports/outcome';
import { audit } from '../audit';
import type { Db } from '../db';
import { keep } from '../kept';
import { deleteRows } from './pending';

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
	const rows = db.$client
		.prepare(
			`SELECT id, kind, file_name AS fileName, sha256, as_of AS asOf, billing_month AS billingMonth,
				uploaded_by AS uploadedBy, uploaded_at AS uploadedAt, status, rows, inserted, updated,
				unchanged, errors, sample, undone_at AS undoneAt, undone_by AS undoneBy,
				-- each a seek in the charges' primary key (import_id, month, nodename); an undone
				-- import's charges are on their way out
				CASE WHEN status = 'imported' THEN
					(SELECT min(month) FROM charges WHERE import_id = imports.id) END AS firstMonth,
				CASE WHEN status = 'imported' THEN
					(SELECT max(month) FROM charges WHERE import_id = imports.id) END AS lastMonth
			FROM imports WHERE status <> 'pending' ORDER BY id DESC LIMIT ?`
		)
		.all(limit) as (Omit<HistoryEntry, 'errors' | 'sample'> & {
		errors: string | null;
		sample: number;
	})[];
	const { total } = db.$client
		.prepare(`SELECT count(*) AS total FROM imports WHERE status <> 'pending'`)
		.get() as {
		total: number;
	};
	return {
		entries: rows.map((r) => ({
			...r,
			errors: r.errors ? (JSON.parse(r.errors) as ImportProblem[]) : [],
			sample: r.sample === 1
		})),
		total
	};
}

/** Whether an import can be undone (it exists and is in force), and its file's name. */
export function undoable(
	db: Db,
	importId: number
): { ok: true; fileName: string; kind: ExportKind } | { ok: false; message: string } {
	const row = db.$client
		.prepare(`SELECT file_name AS fileName, status, kind FROM imports WHERE id = ?`)
		.get(importId) as { fileName: string; status: string; kind: ExportKind } | undefined;
	if (!row || row.status === 'pending')
		return { ok: false, message: `There is no import #${importId}.` };
	if (row.status !== 'imported') {
		return {
			ok: false,
			message: `Import #${importId} (${row.fileName}) was ${row.status === 'undone' ? 'undone already' : 'refused'}: there is nothing to undo.`
		};
	}
	return { ok: true, fileName: row.fileName, kind: row.kind };
}

/**
 * Takes an import out of force, inside the caller's transaction: whatever it had replaced shows
 * through again. Its rows are deleted after (deleteRows), out of sight already.
 */
function takeBack(db: Db, importId: number, by: string): string | null {
	const row = undoable(db, importId);
	if (!row.ok) return row.message;
	const months = db.$client
		.prepare(`SELECT DISTINCT month FROM charges WHERE import_id = ? ORDER BY month`)
		.pluck()
		.all(importId) as string[];
	db.$client
		.prepare(`UPDATE imports SET status = 'undone', undone_at = ?, undone_by = ? WHERE id = ?`)
		.run(new Date().toISOString(), by, importId);
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

export function hasSampleData(db: Db): boolean {
	return (
		db.$client
			.prepare(`SELECT 1 FROM imports WHERE sample = 1 AND status = 'imported' LIMIT 1`)
			.get() !== undefined
	);
}

/** Undoes every sample import at once, so real exports start from an empty dashboard. */
export function clearSampleData(db: Db, by: string): number {
	const ids = db.$client
		.prepare(`SELECT id FROM imports WHERE sample = 1 AND status = 'imported' ORDER BY id DESC`)
		.pluck()
		.all() as number[];
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
