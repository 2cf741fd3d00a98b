// The browser's look at a file before it is sent: its encoding, kind, columns, row count, first
// rows, the as-of date of a Code42 export, the months of a billing file, and the date columns whose
// order nothing settles. Pure, fed by the upload page's worker (PapaParse reads the file there);
// the server reads the file again, whole, and is the authority on what is taken.

import {
	CSV_FORMATS,
	detectKind,
	KIND_NAMES,
	mapHeader,
	missingColumns,
	splitSummaryHeader,
	SUMMARY_LINES,
	type CsvKind,
	type DateOrder,
	type Encoding,
	type ExportKind,
	type HeaderMapping
} from './formats';
import type { AmbiguousDates } from './outcome';

export interface Sniffed {
	encoding: Encoding;
	/** set when the bytes are no text export at all: the sentence to show */
	refusal?: string;
}

const SAVE_AS_CSV =
	"open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file.";

const startsWith = (bytes: Uint8Array, signature: number[]) =>
	signature.every((b, i) => bytes[i] === b);

/** Encoding and binary formats from the first bytes of a file. */
export function sniffBytes(head: Uint8Array): Sniffed {
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
		return {
			encoding: 'utf-8',
			refusal: `This is an Excel workbook (.xlsx) or another zip file, not a CSV export: ${SAVE_AS_CSV}`
		};
	}
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
		return {
			encoding: 'utf-8',
			refusal: `This is an old Excel workbook (.xls), not a CSV export: ${SAVE_AS_CSV}`
		};
	}
	if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
		return { encoding: 'utf-8', refusal: 'This is a PDF, not an export: export the data as CSV.' };
	}
	if (startsWith(head, [0x1f, 0x8b])) {
		return {
			encoding: 'utf-8',
			refusal: 'This is a compressed (gzip) file: uncompress it, then upload the CSV inside.'
		};
	}
	if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom' };
	if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le' };
	if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be' };
	if (head.includes(0)) {
		return {
			encoding: 'utf-8',
			refusal: `This file holds binary data, not text: ${SAVE_AS_CSV}`
		};
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
		return { encoding: 'utf-8' };
	} catch {
		return { encoding: 'windows-1252' };
	}
}

/** The label TextDecoder and FileReader know the encoding by (the BOM is dropped by them). */
export const decoderLabel = (encoding: Encoding): string =>
	encoding === 'utf-8-bom' ? 'utf-8' : encoding;

// ---------------------------------------------------------------------------------------------
// Dates, as far as a preview needs them

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string) => {
	const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
	return i === -1 ? null : i + 1;
};
const pad = (n: number) => String(n).padStart(2, '0');

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const NAMED =
	/^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const NUMERIC =
	/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

type Reading =
	| { type: 'instant'; ms: number }
	| { type: 'numeric'; first: number; second: number; year: number; dayMs: number }
	| null;

function clock(h?: string, m?: string, s?: string, ampm?: string): number {
	let hours = Number(h ?? 0);
	if (ampm) hours = (hours % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
	return ((hours * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

function readDate(text: string): Reading {
	const t = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
	if (t === '' || t.toLowerCase() === 'null') return null;
	if (ISO_DAY.test(t)) {
		// a day alone is UTC; an instant with Z or an offset is what Date.parse makes of it
		const ms = Date.parse(
			t.length === 10 ? `${t}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`
		);
		return Number.isNaN(ms) ? null : { type: 'instant', ms };
	}
	let m = NAMED.exec(t);
	if (m) {
		const month = monthOf(m[1]);
		if (month === null) return null;
		return {
			type: 'instant',
			ms: Date.UTC(Number(m[3]), month - 1, Number(m[2])) + clock(m[4], m[5], m[6], m[7])
		};
	}
	m = NUMERIC.exec(t);
	if (m) {
		const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
		return {
			type: 'numeric',
			first: Number(m[1]),
			second: Number(m[2]),
			year,
			dayMs: clock(m[4], m[5], m[6], m[7])
		};
	}
	return null;
}

function numericMs(
	r: { first: number; second: number; year: number; dayMs: number },
	order: DateOrder
) {
	const month = order === 'mdy' ? r.first : r.second;
	const day = order === 'mdy' ? r.second : r.first;
	return Date.UTC(r.year, month - 1, day) + r.dayMs;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `YYYY-MM` from the forms a billing month comes in, or null. */
export function readMonth(text: string): string | null {
	const t = text.trim();
	let m = /^(\d{4})[-/.](\d{1,2})(?:-\d{2})?$/.exec(t);
	if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${pad(Number(m[2]))}` : null;
	m = /^(\d{1,2})[-/.](\d{4})$/.exec(t);
	if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 12 ? `${m[2]}-${pad(Number(m[1]))}` : null;
	m = /^([A-Za-z]{3,9})\.?[ ,/-]{0,2}(\d{4}|\d{2})$/.exec(t);
	if (m) {
		const month = monthOf(m[1]);
		if (month === null) return null;
		return `${m[2].length === 2 ? 2000 + Number(m[2]) : m[2]}-${pad(month)}`;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// The preview of a delimited file

export interface FilePreview {
	fileName: string;
	size: number;
	kind: ExportKind | null;
	kindName: string | null;
	encoding: Encoding;
	/** null for the Billing Summary, which is fixed-width text */
	delimiter: string | null;
	rowCount: number;
	header: string[];
	recognized: string[];
	ignored: string[];
	/** required columns the header lacks */
	missing: string[];
	/** up to 5 rows, cells of the recognized columns only, in header order */
	firstRows: string[][];
	firstRowsHeader: string[];
	/** Code42 exports: the latest lastActivity or lastConnected day */
	asOf: string | null;
	/** billing kinds: the months the file holds */
	months: string[];
	/** a billing file with no month column, or a Billing Summary that does not state it */
	needsBillingMonth: boolean;
	ambiguous: AmbiguousDates[];
	/** rows whose number of values differs from the header's, and the first of them */
	ragged: { count: number; firstLine: number } | null;
	/** the file cannot be imported as it is: the sentence to show */
	refusal: string | null;
}

const FIRST_ROWS = 5;

interface DateColumnState {
	header: string;
	position: number;
	settled: DateOrder | null;
	firstAmbiguous: {
		line: number;
		value: string;
		reading: Extract<Reading, { type: 'numeric' }>;
	} | null;
	/** the latest instant, and the latest numeric date read either way */
	latest: number | null;
	latestMdy: number | null;
	latestDmy: number | null;
}

/** Collects the preview of a delimited export row by row. */
export class CsvPreview {
	private header: string[] | null = null;
	private headerLine = 0;
	private kind: CsvKind | null = null;
	private rows = 0;
	private readonly first: string[][] = [];
	private positions: number[] = [];
	private mapping: HeaderMapping | null = null;
	private missing: string[] = [];
	private dates: DateColumnState[] = [];
	private asOfColumns = new Set<string>();
	private monthPosition = -1;
	private readonly months = new Set<string>();
	private ragged: { count: number; firstLine: number } | null = null;
	private refusal: string | null = null;

	constructor(
		private readonly fileName: string,
		private readonly options: {
			kind?: ExportKind;
			billingMonth?: string;
			dateOrder?: DateOrder;
		} = {}
	) {}

	/** One parsed row; `line` is its 1-based line in the file. */
	row(cells: string[], line: number): void {
		if (this.refusal) return;
		if (this.header === null) return this.start(cells, line);
		if (cells.length === 1 && cells[0].trim() === '') return;
		this.rows++;
		if (cells.length !== this.header.length) {
			this.ragged ??= { count: 0, firstLine: line };
			this.ragged.count++;
		}
		if (this.first.length < FIRST_ROWS) this.first.push(this.positions.map((p) => cells[p] ?? ''));
		for (const state of this.dates) this.date(state, cells[state.position] ?? '', line);
		if (this.monthPosition >= 0) {
			const month = readMonth(cells[this.monthPosition] ?? '');
			if (month) this.months.add(month);
		}
	}

	private start(cells: string[], line: number): void {
		this.header = cells;
		this.headerLine = line;
		const forced = this.options.kind;
		if (forced === 'ezbackup-summary') {
			this.refusal = `${this.fileName} is not an EZ-Backup Billing Summary: it has no "Bill to: KFS#" line followed by a table. Choose another kind.`;
			return;
		}
		const kind = forced ?? detectKind(cells);
		if (kind === null) {
			const shown = cells
				.slice(0, 6)
				.map((c) => c.trim())
				.join(', ');
			this.refusal = `This header (${shown}${cells.length > 6 ? ', …' : ''}) matches none of the known exports. Check that the first line of the file is its header row.`;
			return;
		}
		this.kind = kind;
		const format = CSV_FORMATS[kind];
		const mapping = mapHeader(cells, format.columns);
		this.mapping = mapping;
		this.missing = missingColumns(mapping, this.options.billingMonth).map((c) => c.header);
		this.positions = [...mapping.index.values()].sort((a, b) => a - b);
		this.dates = format.dateColumns
			.filter((key) => mapping.index.has(key))
			.map((key) => ({
				header: cells[mapping.index.get(key)!].trim(),
				position: mapping.index.get(key)!,
				settled: this.options.dateOrder ?? null,
				firstAmbiguous: null,
				latest: null,
				latestMdy: null,
				latestDmy: null
			}));
		this.asOfColumns = new Set(
			format.asOfColumns
				.filter((key) => mapping.index.has(key))
				.map((key) => cells[mapping.index.get(key)!].trim())
		);
		this.monthPosition = mapping.index.get('billingMonth') ?? -1;
	}

	private date(state: DateColumnState, text: string, line: number): void {
		const reading = readDate(text);
		if (reading === null) return;
		if (reading.type === 'instant') {
			if (state.latest === null || reading.ms > state.latest) state.latest = reading.ms;
			return;
		}
		if (reading.first <= 12 && reading.second <= 12) {
			if (!state.settled && !state.firstAmbiguous)
				state.firstAmbiguous = { line, value: text.trim(), reading };
		} else if (!state.settled) {
			state.settled = reading.first > 12 ? 'dmy' : 'mdy';
		}
		if (reading.second <= 12 && reading.first <= 31) {
			const dmy = numericMs(reading, 'dmy');
			if (state.latestDmy === null || dmy > state.latestDmy) state.latestDmy = dmy;
		}
		if (reading.first <= 12 && reading.second <= 31) {
			const mdy = numericMs(reading, 'mdy');
			if (state.latestMdy === null || mdy > state.latestMdy) state.latestMdy = mdy;
		}
	}

	result(encoding: Encoding, delimiter: string | null, size: number): FilePreview {
		const header = this.header ?? [];
		const kind = this.kind;
		const mapping = this.mapping;
		let latest: number | null = null;
		for (const state of this.dates) {
			if (!this.asOfColumns.has(state.header)) continue;
			const order = state.settled ?? this.options.dateOrder ?? null;
			for (const ms of [
				state.latest,
				order === 'dmy' ? state.latestDmy : order === 'mdy' ? state.latestMdy : null
			]) {
				if (ms !== null && (latest === null || ms > latest)) latest = ms;
			}
		}
		const ambiguous = this.dates
			.filter((s) => !s.settled && s.firstAmbiguous)
			.map((s) => {
				const a = s.firstAmbiguous!;
				return {
					column: s.header,
					line: a.line,
					value: a.value,
					monthFirst: dayOf(numericMs(a.reading, 'mdy')),
					dayFirst: dayOf(numericMs(a.reading, 'dmy'))
				};
			});
		let refusal = this.refusal;
		if (refusal === null && this.header === null) refusal = `${this.fileName} is empty.`;
		if (refusal === null && this.missing.length > 0) {
			refusal = `The header (line ${this.headerLine}) lacks the column${this.missing.length > 1 ? 's' : ''} ${this.missing.join(', ')}.`;
		}
		if (refusal === null && this.rows === 0) refusal = 'It has a header but no rows under it.';
		return {
			fileName: this.fileName,
			size,
			kind,
			kindName: kind ? KIND_NAMES[kind] : null,
			encoding,
			delimiter,
			rowCount: this.rows,
			header,
			recognized: mapping?.recognized ?? [],
			ignored: mapping?.ignored ?? [],
			missing: this.missing,
			firstRows: this.first,
			firstRowsHeader: this.positions.map((p) => header[p].trim()),
			asOf: latest === null ? null : dayOf(latest),
			months: [...this.months].sort(),
			needsBillingMonth: kind === 'ezbackup-billing' && this.monthPosition < 0,
			ambiguous,
			ragged: this.ragged,
			refusal
		};
	}
}

// ---------------------------------------------------------------------------------------------
// The Billing Summary

/** The preview of a fixed-width Billing Summary, from its whole text (such mails are small). */
export function previewSummary(
	fileName: string,
	text: string,
	encoding: Encoding,
	size: number
): FilePreview {
	const lines = text.split(/\r\n|\r|\n/);
	let header: string[] = [];
	const first: string[][] = [];
	let rows = 0;
	let accounts = 0;
	let inTable = false;
	let stated: string | null = null;
	for (const line of lines) {
		const month = SUMMARY_LINES.monthStated.exec(line);
		if (month && !stated) stated = readMonth(month[1].replace(/,/g, '').replace(/\s+/, ' '));
		if (SUMMARY_LINES.billTo.test(line)) {
			accounts++;
			inTable = false;
			continue;
		}
		if (SUMMARY_LINES.tableHeader.test(line)) {
			if (header.length === 0) header = splitSummaryHeader(line);
			continue;
		}
		if (SUMMARY_LINES.rule.test(line) && line.includes('-')) {
			inTable = true;
			continue;
		}
		if (!inTable) continue;
		if (SUMMARY_LINES.total.test(line) || line.trim() === '') {
			inTable = false;
			continue;
		}
		rows++;
		if (first.length < FIRST_ROWS) first.push(line.trim().split(/\s+/));
	}
	return {
		fileName,
		size,
		kind: 'ezbackup-summary',
		kindName: KIND_NAMES['ezbackup-summary'],
		encoding,
		delimiter: null,
		rowCount: rows,
		header,
		recognized: header,
		ignored: [],
		missing: [],
		firstRows: first,
		firstRowsHeader: header,
		asOf: null,
		months: stated ? [stated] : [],
		needsBillingMonth: stated === null,
		ambiguous: [],
		ragged: null,
		refusal:
			rows === 0
				? `${fileName} looks like a Billing Summary, but its "Bill to:" tables (${accounts}) list no nodes.`
				: null
	};
}
