// What an import answers, the same from the command line, the upload endpoint and the page: the
// outcome of one file and the problems of a refused one, as the history also keeps them.
import { formatCount, formatDate } from '../format';
import type { ExportKind } from './formats';
import type { ChangeLink } from './links';

/** One problem in a file. */
export interface ImportProblem {
	/** 1-based physical line of the file; null when the problem is the file as a whole */
	line: number | null;
	/** the column's header as written in the file; null when the problem is not one cell's */
	column: string | null;
	value?: string | null;
	/** a sentence: what went wrong, where (file, line, column), what to do */
	message: string;
}

/** A column of numeric dates that read two ways (03/04/2020), with both readings. */
export interface AmbiguousDates {
	column: string;
	/** 1-based line of the file (the header is line 1) */
	line: number;
	value: string;
	monthFirst: string;
	dayFirst: string;
}

/** Numeric dates that could be read either way: the page asks, the command line refuses. */
export interface DateOrderQuestion {
	columns: AmbiguousDates[];
}

export interface ImportOutcome {
	file: string;
	kind: ExportKind | null;
	status: 'imported' | 'duplicate' | 'refused';
	/** the new batch; for a duplicate, the earlier import of the same content; for a refusal, its record */
	importId: number | null;
	asOf: string | null;
	/** the billing months the file holds (billing kinds), in order */
	months: string[];
	rows: number;
	inserted: number;
	updated: number;
	unchanged: number;
	/** rows of the replaced snapshot that the new one no longer has (Code42 re-exports, inventories) */
	removed: number;
	/** inventory: the computers each source's earlier list had that this file no longer has */
	noLonger?: { source: string; computers: number }[];
	/** the first 100 problems, by line */
	errors: ImportProblem[];
	errorCount: number;
	/** one sentence for the whole file */
	message: string;
	/** a refusal that a person can settle: the order of numeric dates in the named column */
	ambiguousDateColumn?: string;
	dateOrderQuestion?: DateOrderQuestion;
}

/** The body of `POST /imports/upload`'s answer: the outcome, or a sentence when none was reached. */
export type UploadAnswer =
	| { outcome: ImportOutcome; links: ChangeLink[]; message?: undefined }
	| { outcome?: undefined; message: string };

/**
 * One file's outcome as the scripts get it, from `npm run import -- --json` and from the API
 * (POST /api/v1/imports): domain.md's stable interface, and nothing more.
 */
export interface ImportJson {
	file: string;
	kind: ExportKind | null;
	status: ImportOutcome['status'];
	rows: number;
	inserted: number;
	updated: number;
	unchanged: number;
	errors: { line: number | null; column: string | null; message: string }[];
}

/** The JSON of an outcome; `file` as the script named it (the command line's path). */
export function importJson(outcome: ImportOutcome, file: string = outcome.file): ImportJson {
	const { kind, status, rows, inserted, updated, unchanged, errors } = outcome;
	return {
		file,
		kind,
		status,
		rows,
		inserted,
		updated,
		unchanged,
		errors: errors.map(({ line, column, message }) => ({ line, column, message }))
	};
}

/**
 * A script cannot answer the page's question about the order of numeric dates: its sentences
 * say instead how to settle it there (`hint`: a flag of the command line, a parameter of the API).
 */
export function withDateOrderHint(outcome: ImportOutcome, hint: string): ImportOutcome {
	const question = outcome.dateOrderQuestion;
	if (!question) return outcome;
	const columns = new Set(question.columns.map((c) => c.column));
	const rewrite = (message: string) =>
		message.replace(
			/Choose the date order \(month first or day first\), then import the file again\./,
			hint
		);
	return {
		...outcome,
		message: rewrite(outcome.message),
		errors: outcome.errors.map((e) =>
			e.column !== null && columns.has(e.column) ? { ...e, message: rewrite(e.message) } : e
		)
	};
}

/**
 * What an import took away, for its summary: ", 3 no longer in the report" (a re-exported Code42
 * report), ", 12 computers no longer in SCCM as of Nov 30, 2020" (an inventory, per source, from
 * its date), or nothing.
 */
export function noLongerPhrase(
	outcome: Pick<ImportOutcome, 'removed' | 'noLonger'> & { asOf?: string | null }
): string {
	const count = formatCount;
	if (outcome.noLonger) {
		const from = outcome.asOf ? ` as of ${formatDate(outcome.asOf)}` : '';
		return outcome.noLonger
			.map(
				(s) =>
					`, ${count(s.computers)} ${s.computers === 1 ? 'computer' : 'computers'} no longer in ${s.source}${from}`
			)
			.join('');
	}
	return outcome.removed > 0 ? `, ${count(outcome.removed)} no longer in the report` : '';
}
