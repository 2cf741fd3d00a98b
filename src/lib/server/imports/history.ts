// The import history as the Imports page shows it, and the upload limit. Both read here so the
// page, the upload endpoint and their tests agree.
import type { Db } from '../db';
import type { ImportProblem } from '../../imports/outcome';

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

/** The latest imports first: every batch, refused and undone ones included. */
export function listImports(
	db: Db,
	limit = HISTORY_LIMIT
): { entries: HistoryEntry[]; total: number } {
	const rows = db.$client
		.prepare(
			`SELECT id, kind, file_name AS fileName, sha256, as_of AS asOf, billing_month AS billingMonth,
				uploaded_by AS uploadedBy, uploaded_at AS uploadedAt, status, rows, inserted, updated,
				unchanged, errors, sample, undone_at AS undoneAt, undone_by AS undoneBy,
				-- each a seek in the charges' primary key (import_id, month, nodename)
				(SELECT min(month) FROM charges WHERE import_id = imports.id) AS firstMonth,
				(SELECT max(month) FROM charges WHERE import_id = imports.id) AS lastMonth
			FROM imports ORDER BY id DESC LIMIT ?`
		)
		.all(limit) as (Omit<HistoryEntry, 'errors' | 'sample'> & {
		errors: string | null;
		sample: number;
	})[];
	const { total } = db.$client.prepare('SELECT count(*) AS total FROM imports').get() as {
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
