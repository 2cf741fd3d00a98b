// The one CSV writer of the dashboard's exports: every table a page shows can be downloaded
// through it. RFC 4180 quoting, CRLF line ends, UTF-8 without a byte-order mark.

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
	header: string;
	/** a property of the row, or a function of it */
	value: keyof T | ((row: T) => CsvValue);
}

// Spreadsheet programs run a text cell that starts with one of these as a formula (CSV
// injection), so such a cell gets a leading single quote, which they show as text. Numbers are
// written by us, not typed by a person: a negative number stays a number.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text neutralized against formula injection, then quoted when it has to be. */
export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	let text: string;
	if (typeof value === 'number') {
		text = Number.isFinite(value) ? String(value) : '';
	} else if (typeof value === 'boolean') {
		text = value ? 'true' : 'false';
	} else {
		text = FORMULA_START.test(value) ? `'${value}` : value;
	}
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV text: a header line, then one line per row, each ending in CRLF. */
export function toCsv<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[]): string {
	const read = columns.map((column) =>
		typeof column.value === 'function'
			? (column.value as (row: T) => CsvValue)
			: (row: T) => row[column.value as keyof T] as CsvValue
	);
	const lines = [columns.map((c) => csvCell(c.header)).join(',')];
	for (const row of rows) lines.push(read.map((value) => csvCell(value(row))).join(','));
	return lines.join('\r\n') + '\r\n';
}

/** A file name safe in a Content-Disposition header: letters, digits, '.', '_' and '-' only. */
export function csvFileName(...parts: string[]): string {
	const name = parts
		.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
		.filter((p) => p !== '')
		.join('-');
	return `${name || 'export'}.csv`;
}

/**
 * A CSV download as the one cache keeps it (cache.ts): its name and its bytes, written and
 * encoded once for every reader of the same figures rather than on each request (a campus list is
 * megabytes).
 */
export interface CsvFile {
	fileName: string;
	bytes: Uint8Array<ArrayBuffer>;
}

const utf8 = new TextEncoder();

export function csvFile<T>(
	rows: Iterable<T>,
	columns: readonly CsvColumn<T>[],
	fileName: string
): CsvFile {
	return { fileName, bytes: utf8.encode(toCsv(rows, columns)) };
}

/** The HTTP answer of a CSV download kept as a file. */
export const csvDownload = (file: CsvFile): Response => csvResponse(file.bytes, file.fileName);

/** The HTTP answer of a CSV download. */
export function csvResponse(csv: string | Uint8Array<ArrayBuffer>, fileName: string): Response {
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
