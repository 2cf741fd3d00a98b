// Header rows: which export a file is, which of its columns are known, which are missing.
// Matching is case-insensitive and ignores spaces, `_`, `-` and `#` (domain.md); a leading `$`
// stays, so `$ Total` (money) and `Total` (size) are different columns.

import { format as code42Devices } from './code42-devices';
import { format as code42CliDevices } from './code42cli-devices';
import { format as departments } from './departments';
import { format as ezbackupBilling } from './ezbackup-billing';
import { format as inventory } from './inventory';
import type { CsvFormat } from './row';
import { KIND_TITLES, type ColumnSpec, type CsvKind, type RecordByKind } from './types';

export type CsvFormats = { [K in CsvKind]: CsvFormat<RecordByKind[K]> };

export const CSV_FORMATS: CsvFormats = {
	'code42-devices': code42Devices,
	'code42cli-devices': code42CliDevices,
	'ezbackup-billing': ezbackupBilling,
	inventory,
	departments
};

const CSV_KINDS = Object.keys(CSV_FORMATS) as CsvKind[];

export function normalizeHeader(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/[\s_\-#\u00a0\u202f]+/g, '')
		.toLowerCase();
}

export interface HeaderMapping {
	/** column key → position in the row */
	index: Map<string, number>;
	/** the file's headers the format knows, as written */
	recognized: string[];
	/** the file's other headers, as written (their cells are not read) */
	ignored: string[];
	/** the format's columns the file lacks, required or not */
	absent: ColumnSpec[];
	/** known columns the header names more than once: header as written, 1-based positions */
	duplicates: { column: string; positions: number[] }[];
}

export function mapHeader(cells: readonly string[], columns: readonly ColumnSpec[]): HeaderMapping {
	const byName = new Map<string, ColumnSpec>();
	for (const column of columns) {
		byName.set(normalizeHeader(column.header), column);
		for (const alias of column.aliases ?? []) byName.set(normalizeHeader(alias), column);
	}
	const index = new Map<string, number>();
	const positions = new Map<string, number[]>();
	const recognized: string[] = [];
	const ignored: string[] = [];
	cells.forEach((cell, at) => {
		const column = byName.get(normalizeHeader(cell));
		const written = cell.replace(/^\uFEFF/, '').trim();
		if (!column) {
			if (written !== '') ignored.push(written);
			return;
		}
		recognized.push(written);
		const seen = positions.get(column.key);
		if (seen) seen.push(at + 1);
		else {
			positions.set(column.key, [at + 1]);
			index.set(column.key, at);
		}
	});
	const duplicates = [...positions.entries()]
		.filter(([, at]) => at.length > 1)
		.map(([, at]) => ({ column: cells[at[0] - 1].replace(/^\uFEFF/, '').trim(), positions: at }));
	return {
		index,
		recognized,
		ignored,
		absent: columns.filter((c) => !index.has(c.key)),
		duplicates
	};
}

/** The required columns a header lacks; `billingMonth` says whether the uploader set a month. */
export function missingColumns(mapping: HeaderMapping, billingMonth?: string): ColumnSpec[] {
	return mapping.absent.filter(
		(c) => c.required === true || (c.required === 'unless-billing-month' && !billingMonth)
	);
}

/**
 * The delimited kind a header row belongs to: among the formats whose identifying columns are all
 * there, the one that knows most of the header's columns. The Billing Summary is no header row: see
 * `looksLikeBillingSummary`.
 */
export function detectKind(headerCells: readonly string[]): CsvKind | null {
	let best: CsvKind | null = null;
	let bestScore = 0;
	for (const kind of CSV_KINDS) {
		const format = CSV_FORMATS[kind];
		const mapping = mapHeader(headerCells, format.columns);
		if (!format.identifying.every((key) => mapping.index.has(key))) continue;
		if (mapping.recognized.length > bestScore) {
			best = kind;
			bestScore = mapping.recognized.length;
		}
	}
	return best;
}

/** "A, B and C" */
export function listWords(words: readonly string[]): string {
	if (words.length <= 1) return words.join('');
	return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The sentence refusing a file whose header lacks required columns. */
export function missingColumnsMessage(
	fileName: string,
	kind: CsvKind,
	missing: readonly ColumnSpec[],
	forced: boolean,
	headerLine = 1
): string {
	const names = listWords(missing.map((c) => c.header));
	const plural = missing.length > 1 ? 'columns' : 'column';
	const monthHint = missing.some((c) => c.required === 'unless-billing-month')
		? ' (or set the billing month when you upload it)'
		: '';
	if (forced) {
		return (
			`${fileName} is not ${KIND_TITLES[kind]}: its header (line ${headerLine}) lacks the ${plural} ${names}. ` +
			`Check that you chose the right kind for this file${monthHint}, or export it again with all its columns.`
		);
	}
	return (
		`${fileName} looks like ${KIND_TITLES[kind]}, but its header (line ${headerLine}) lacks the ${plural} ${names}. ` +
		`Export it again with all its columns${monthHint}, then upload it.`
	);
}

const BILL_TO = /^\s*Bill to:\s*KFS/im;
const SUMMARY_HEADER = /^\s*Nodename\s+Backup\b/im;

/** The EZ-Backup Billing Summary is fixed-width text, told by its `Bill to: KFS#` and table header. */
export function looksLikeBillingSummary(text: string): boolean {
	const billTo = BILL_TO.exec(text);
	if (!billTo) return false;
	return SUMMARY_HEADER.test(text.slice(billTo.index));
}
