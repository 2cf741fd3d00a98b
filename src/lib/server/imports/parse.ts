// One export file, whole buffer or stream, to typed records or one refusal. A file is taken whole
// or refused whole: any bad row refuses it, and so does a file with no data rows.
//
// parseExport(bytes) collects the records. ExportParser takes the bytes in chunks and, when given a
// sink for the file's kind, hands each record over as soon as it is read instead of keeping it, so
// a 200,000-row report never sits in memory. Records handed to a sink may be followed by a refusal
// (a bad row further down): the caller keeps what it wrote invisible until the file is whole.
//
// A file's keys are not held here: two rows with the same key are found by the database the
// records are written to (imports/writers), which tells the parser (`twice`). parseExport, with no
// database, does not find them.

import {
	CSV_FORMATS,
	DELIMITER_NAMES,
	detectKind,
	KIND_TITLES,
	looksLikeBillingSummary,
	mapHeader,
	missingColumns,
	type CsvKind,
	type DateOrder,
	type Delimiter,
	type Encoding,
	type ExportKind
} from '../../imports/formats';
import type { AmbiguousDates, DateOrderQuestion, ImportProblem } from '../../imports/outcome';
import { CsvReader, SNIFF_CHARS, type CsvProblem } from './csv';
import { StreamDecoder } from './decode';
import { billedTwice, SummaryReader, type SummaryOutcome } from './ezbackup-summary';
import { CSV_PARSERS, listWords, missingColumnsMessage } from './headers';
import {
	createRowContext,
	PENDING,
	RowReader,
	where,
	type AmbiguousColumn,
	type RowContext
} from './row';
import type { ExportRecord, RecordByKind } from './types';
import { readDate, resolveNumericDate, toDay } from './values';

export interface ParseOptions {
	fileName: string;
	/** detected from the header (or the Billing Summary's text) when left out */
	kind?: ExportKind;
	/** how to read numeric dates (03/04/2020) that nothing in their column settles */
	dateOrder?: DateOrder;
	/** YYYY-MM: the month of a Billing Summary (or billing export) that does not state it */
	billingMonth?: string;
}

/** Per-kind receivers of records; a kind without one has its records collected. */
export type RecordSink = {
	[K in ExportKind]?: (record: RecordByKind[K], line: number) => void;
} & {
	/**
	 * Called once every record was handed over, before the file's outcome is decided: a sink that
	 * writes in batches writes its last one, and the problems it finds still count.
	 */
	end?: () => void;
};

export interface ParsedFile<K extends ExportKind> {
	ok: true;
	fileName: string;
	kind: K;
	encoding: Encoding;
	/** null for the Billing Summary, which is fixed-width text */
	delimiter: Delimiter | null;
	/** the header row as written (the Billing Summary's table header words) */
	header: string[];
	recognizedColumns: string[];
	ignoredColumns: string[];
	rowCount: number;
	/** in file order; empty when a sink took them */
	records: RecordByKind[K][];
	/**
	 * Code42 reports: the UTC day of the latest lastActivity or lastConnectedDate; inventories: the
	 * latest Last Seen (YYYY-MM-DD)
	 */
	asOf?: string;
	/** Billing Summary: the month the text states, else the uploader's */
	billingMonth?: string;
}

type SuccessByKind = { [K in ExportKind]: ParsedFile<K> };

export type ParseSuccess = SuccessByKind[ExportKind];

export interface ParseFailure {
	ok: false;
	fileName: string;
	kind?: ExportKind;
	/** the first 100 problems, by line */
	errors: ImportProblem[];
	errorCount: number;
	/** one sentence for the whole refusal */
	message: string;
	dateOrderQuestion?: DateOrderQuestion;
	/** the first column of dateOrderQuestion */
	ambiguousDateColumn?: string;
}

export type ParseOutcome = ParseSuccess | ParseFailure;

export const MAX_ERRORS = 100;

/** The first MAX_ERRORS problems by line, and how many there were in all. */
class Problems {
	readonly list: ImportProblem[] = [];
	count = 0;

	add(problem: ImportProblem): void {
		this.count++;
		const line = problem.line ?? 0;
		if (this.list.length === MAX_ERRORS && line >= (this.list[MAX_ERRORS - 1].line ?? 0)) return;
		let at = this.list.length;
		while (at > 0 && (this.list[at - 1].line ?? 0) > line) at--;
		this.list.splice(at, 0, problem);
		if (this.list.length > MAX_ERRORS) this.list.pop();
	}
}

interface Collected<R> {
	records: R[];
	lines: number[];
	/** a held row came back after later ones: sort by line at the end */
	outOfOrder: boolean;
}

/** What a delimited file's rows go through once its header is known. */
interface CsvPipeline {
	row(cells: string[], line: number): void;
	finish(encoding: Encoding, header: string[]): ParseSuccess;
	context: RowContext;
	rowCount: number;
}

/**
 * The latest of `latest` and a record's as-of dates (the file's as-of date by default): a Code42
 * row's lastActivity and lastConnected, an inventory row's Last Seen.
 */
function latestInstant(record: ExportRecord, latest: string | null): string | null {
	let best = latest;
	const candidates: (string | null)[] = [];
	if ('lastActivity' in record) candidates.push(record.lastActivity);
	if ('lastConnectedDate' in record) candidates.push(record.lastConnectedDate);
	if ('lastSeen' in record) candidates.push(record.lastSeen);
	for (const candidate of candidates) {
		if (candidate !== null && (best === null || candidate > best)) best = candidate;
	}
	return best;
}

/** Parses one export file from chunks of bytes; push() them in order, then end(). */
export class ExportParser {
	private readonly decoder = new StreamDecoder();
	private readonly problems = new Problems();
	private head = '';
	private sniffing = true;
	private refusal: string | null = null;
	private csv: CsvReader | null = null;
	private summary: SummaryReader | null = null;
	/** the Billing Summary once read whole (it is checked table by table before any charge is taken) */
	private summaryRead: SummaryOutcome | null = null;
	private pipeline: CsvPipeline | null = null;
	private header: string[] = [];
	private headerLine = 0;
	private kind: ExportKind | undefined;
	private ended: ParseOutcome | null = null;

	constructor(
		private readonly options: ParseOptions,
		private readonly sink: RecordSink = {}
	) {}

	/** The file is refused already; further bytes are not read. */
	get refused(): boolean {
		return this.refusal !== null;
	}

	/** Problems found so far: a sink may stop writing what will not be kept. */
	get problemCount(): number {
		return this.problems.count;
	}

	/** A problem a sink found in a record after it was read (a charge no tariff prices). */
	problem(problem: ImportProblem): void {
		this.problems.add(problem);
	}

	/** A record whose key an earlier line of the file holds already: the file is refused. */
	twice(record: ExportRecord, line: number, earlier: number): void {
		const [first, second] = earlier < line ? [earlier, line] : [line, earlier];
		if (this.kind === 'ezbackup-summary') {
			const charge = record as RecordByKind['ezbackup-summary'];
			this.problems.add(billedTwice(this.options.fileName, charge, first, second));
			return;
		}
		const format = this.kind && CSV_PARSERS[this.kind];
		if (!format?.twice || !this.pipeline) throw new Error(`${this.kind}: no key to hold twice`);
		const row = new RowReader(this.pipeline.context, [], line);
		(format.twice as (row: RowReader, record: ExportRecord, lines: string) => void)(
			row,
			record,
			`(lines ${first} and ${second})`
		);
		for (const problem of row.problems) this.problems.add(problem);
	}

	push(bytes: Uint8Array): void {
		if (this.refusal !== null || this.ended) return;
		const step = this.decoder.push(bytes);
		if (!step.ok) return this.refuse(`${this.options.fileName}: ${step.message}`);
		this.text(step.text);
	}

	end(): ParseOutcome {
		if (this.ended) return this.ended;
		if (this.refusal === null) {
			const step = this.decoder.end();
			if (!step.ok) this.refuse(`${this.options.fileName}: ${step.message}`);
			else {
				this.text(step.text);
				if (this.sniffing) this.choose(true);
				this.csv?.end();
			}
		}
		if (this.refusal === null && this.summary) this.handOverSummary();
		this.sink.end?.();
		this.ended = this.outcome();
		return this.ended;
	}

	/** The summary's problems, and its charges to the sink when it has none. */
	private handOverSummary(): void {
		const result = this.summary!.end();
		this.summaryRead = result;
		for (const problem of result.problems) this.problems.add(problem);
		const handler = this.sink['ezbackup-summary'];
		if (handler && this.problems.count === 0) {
			result.charges.forEach((charge, i) => handler(charge, result.lines[i]));
		}
	}

	private refuse(message: string, line: number | null = null): void {
		if (this.refusal !== null) return;
		this.refusal = message;
		this.problems.add({ line, column: null, message });
		this.csv?.stop();
	}

	private text(text: string): void {
		if (this.refusal !== null) return;
		if (this.sniffing) {
			this.head += text;
			if (this.head.length < SNIFF_CHARS) return;
			this.choose(false);
			return;
		}
		this.route(text);
	}

	private route(text: string): void {
		if (this.summary) this.summary.push(text);
		else this.csv?.push(text);
	}

	/** Billing Summary or delimited text, from the first characters. */
	private choose(complete: boolean): void {
		this.sniffing = false;
		const head = this.head;
		this.head = '';
		const { fileName, kind } = this.options;
		const summary = looksLikeBillingSummary(head);
		if (kind === 'ezbackup-summary' || (kind === undefined && summary)) {
			this.kind = 'ezbackup-summary';
			if (!summary) {
				const empty = head.trim() === '' && complete;
				return this.refuse(
					empty
						? `${fileName} has no data rows: the file is empty. Check that you picked the right file, then upload it again.`
						: `${fileName} is not ${KIND_TITLES['ezbackup-summary']}: it has no "Bill to: KFS#" line followed by a "Nodename  Backup ..." table. Check that you chose the right kind for this file, then upload it again.`
				);
			}
			this.summary = new SummaryReader({ fileName, billingMonth: this.options.billingMonth });
		} else {
			this.csv = new CsvReader((cells, line) => this.row(cells, line), {
				onProblem: (problem) => this.csvProblem(problem)
			});
		}
		this.route(head);
	}

	private csvProblem(problem: CsvProblem): void {
		const column =
			this.pipeline && problem.type !== 'row-too-long'
				? (this.header[problem.field]?.trim() ?? null)
				: null;
		const place = where(this.options.fileName, problem.line, column);
		const sentences: Record<CsvProblem['type'], string> = {
			'unclosed-quote':
				'a quoted value opens here and never closes, so the rest of the file reads as one value. Add the missing closing quote ("), then upload the file again.',
			'malformed-quote':
				'a quoted value has more text after its closing quote. Put the whole value in quotes and double any quote inside it (""), then upload the file again.',
			'row-too-long':
				'a row starting here runs over a million characters, which no export row does: a quote probably never closes. Add the missing closing quote ("), then upload the file again.'
		};
		const message = `${place}: ${sentences[problem.type]}`;
		if (problem.type === 'row-too-long' || !this.pipeline) this.refuse(message, problem.line);
		else this.problems.add({ line: problem.line, column, message });
	}

	private row(cells: string[], line: number): void {
		if (this.pipeline) this.pipeline.row(cells, line);
		else this.startCsv(cells, line);
	}

	private startCsv(cells: string[], line: number): void {
		const { fileName } = this.options;
		this.header = cells;
		this.headerLine = line;
		const forced = this.options.kind;
		const kind = forced ?? detectKind(cells);
		if (kind === null || kind === 'ezbackup-summary') {
			const shown = cells
				.slice(0, 6)
				.map((c) => c.trim())
				.join(', ');
			return this.refuse(
				`${where(fileName, line)}: this header (${shown}${cells.length > 6 ? ', ...' : ''}) matches none of the known exports (the Code42 device report, a code42cli device list, the EZ-Backup billing export or Billing Summary, the inventory, the department list). Check that you picked the right file and that its first line is the header row, then upload it again.`,
				line
			);
		}
		this.kind = kind;
		const format = CSV_FORMATS[kind];
		const mapping = mapHeader(cells, format.columns);
		if (mapping.duplicates.length > 0) {
			const first = mapping.duplicates[0];
			return this.refuse(
				`${where(fileName, line, first.column)}: the header names this column twice (columns ${listWords(first.positions.map(String))}), so it is unclear which to read. Remove or rename one of them, then upload the file again.`,
				line
			);
		}
		const missing = missingColumns(mapping, this.options.billingMonth);
		if (missing.length > 0) {
			return this.refuse(
				missingColumnsMessage(fileName, kind, missing, forced !== undefined, line),
				line
			);
		}
		const context = createRowContext(fileName, cells, mapping.index, this.options);
		this.pipeline = this.createPipeline(kind, context, mapping.recognized, mapping.ignored);
	}

	private createPipeline<K extends CsvKind>(
		kind: K,
		context: RowContext,
		recognized: string[],
		ignored: string[]
	): CsvPipeline {
		const parseRow = CSV_PARSERS[kind].createRowParser(context);
		const handler = this.sink[kind] as
			((record: RecordByKind[K], line: number) => void) | undefined;
		const collected: Collected<RecordByKind[K]> = { records: [], lines: [], outOfOrder: false };
		const held: { cells: string[]; line: number }[] = [];
		const width = this.header.length;
		const problems = this.problems;
		const { fileName } = this.options;
		const delimiter = this.csv?.delimiter ?? ',';
		let latest: string | null = null;
		let lastLine = 0;
		let settled = 0;

		const take = (record: RecordByKind[K], line: number) => {
			latest = latestInstant(record, latest);
			if (line < lastLine) collected.outOfOrder = true;
			lastLine = Math.max(lastLine, line);
			pipeline.rowCount++;
			if (handler) handler(record, line);
			else {
				collected.records.push(record);
				collected.lines.push(line);
			}
		};

		const read = (cells: string[], line: number) => {
			const result = parseRow(cells, line);
			if (result === PENDING) held.push({ cells, line });
			else if (Array.isArray(result)) for (const problem of result) problems.add(problem);
			else take(result, line);
		};

		const replay = () => {
			// a column settled its date order: the rows held for it can be read now
			while (context.dates.settledCount > settled && held.length > 0) {
				settled = context.dates.settledCount;
				const again = held.splice(0, held.length);
				for (const { cells, line } of again) read(cells, line);
			}
			settled = context.dates.settledCount;
		};

		const pipeline: CsvPipeline = {
			context,
			rowCount: 0,
			row(cells, line) {
				let row = cells;
				if (row.length > width && row.slice(width).every((cell) => cell.trim() === '')) {
					row = row.slice(0, width);
				}
				if (row.length !== width) {
					const reason =
						row.length > width
							? `A value containing a ${DELIMITER_NAMES[delimiter]} probably lacks its quotes; fix the row, then upload the file again.`
							: 'The row may be cut short; fix it, then upload the file again.';
					problems.add({
						line,
						column: null,
						message: `${where(fileName, line)}: this row has ${row.length} values but the header has ${width} columns, so its values cannot be matched to their columns. ${reason}`
					});
					return;
				}
				read(row, line);
				if (context.dates.settledCount > settled) replay();
			},
			finish(encoding, header) {
				const records = collected.records;
				if (collected.outOfOrder) {
					const order = records
						.map((_, i) => i)
						.sort((a, b) => collected.lines[a] - collected.lines[b]);
					const sorted = order.map((i) => records[i]);
					sorted.forEach((record, i) => (records[i] = record));
				}
				const file: ParsedFile<K> = {
					ok: true,
					fileName,
					kind,
					encoding,
					delimiter,
					header,
					recognizedColumns: recognized,
					ignoredColumns: ignored,
					rowCount: pipeline.rowCount,
					records
				};
				if (latest !== null) file.asOf = latest.slice(0, 10);
				// TypeScript cannot see that ParsedFile<K> is the member of the union for K (#30581)
				return file as SuccessByKind[K];
			}
		};
		return pipeline;
	}

	private outcome(): ParseOutcome {
		const { fileName } = this.options;
		let success: ParseSuccess | null = null;
		let question: DateOrderQuestion | undefined;
		const result = this.summaryRead;
		if (this.refusal === null && result) {
			const handler = this.sink['ezbackup-summary'];
			success = {
				ok: true,
				fileName,
				kind: 'ezbackup-summary',
				encoding: this.decoder.encoding,
				delimiter: null,
				header: result.header,
				recognizedColumns: result.header,
				ignoredColumns: [],
				rowCount: result.charges.length,
				records: handler ? [] : result.charges
			};
			const month = result.charges[0]?.month;
			if (month) success.billingMonth = month;
		} else if (this.refusal === null && this.pipeline) {
			const ambiguous = this.pipeline.context.dates.ambiguous();
			if (ambiguous.length > 0) {
				question = { columns: ambiguous.map(describeAmbiguous) };
				for (const column of ambiguous) this.problems.add(ambiguousProblem(fileName, column));
			}
			success = this.pipeline.finish(this.decoder.encoding, this.header);
		} else if (this.refusal === null && this.problems.count === 0) {
			this.refuse(
				`${fileName} has no data rows: the file is empty. Check that you picked the right file, then upload it again.`
			);
		}
		if (this.problems.count === 0 && success && success.rowCount === 0) {
			const has =
				this.kind === 'ezbackup-summary'
					? 'its "Bill to:" tables list no nodes'
					: `it has a header (line ${this.headerLine}) but no rows under it`;
			this.problems.add({
				line: null,
				column: null,
				message: `${fileName} has no data rows: ${has}. Export the file again with its data, then upload it.`
			});
		}
		if (this.problems.count === 0 && success) return success;
		const errors = this.problems.list;
		const first = errors[0];
		const message =
			this.problems.count === 1
				? first.message
				: `${fileName} was not imported because of ${this.problems.count} problems; the first: ${first.message}`;
		const failure: ParseFailure = {
			ok: false,
			fileName,
			errors,
			errorCount: this.problems.count,
			message
		};
		if (this.kind) failure.kind = this.kind;
		if (question) {
			failure.dateOrderQuestion = question;
			failure.ambiguousDateColumn = question.columns[0].column;
		}
		return failure;
	}
}

function describeAmbiguous(column: AmbiguousColumn): AmbiguousDates {
	const reading = readDate(column.value);
	let monthFirst = '';
	let dayFirst = '';
	if (reading.type === 'numeric') {
		const mdy = resolveNumericDate(reading.date, 'mdy');
		const dmy = resolveNumericDate(reading.date, 'dmy');
		if (mdy.ok) monthFirst = toDay(mdy.value);
		if (dmy.ok) dayFirst = toDay(dmy.value);
	}
	return { ...column, monthFirst, dayFirst };
}

function ambiguousProblem(fileName: string, column: AmbiguousColumn): ImportProblem {
	const { monthFirst, dayFirst } = describeAmbiguous(column);
	return {
		line: column.line,
		column: column.column,
		value: column.value,
		message:
			`${where(fileName, column.line, column.column)}: dates such as "${column.value}" could be ` +
			`month first (${monthFirst}) or day first (${dayFirst}), and no date in this column settles it. ` +
			'Choose the date order (month first or day first), then import the file again.'
	};
}

/** Slices a whole buffer is fed in: one huge string would cost more memory and time than this. */
const WHOLE_FILE_CHUNK = 1 << 20;

/** A whole file: the same parser, fed in slices of the buffer (views, not copies). */
export function parseExport(bytes: Uint8Array, options: ParseOptions): ParseOutcome {
	const parser = new ExportParser(options);
	for (let at = 0; at < bytes.length && !parser.refused; at += WHOLE_FILE_CHUNK) {
		parser.push(bytes.subarray(at, at + WHOLE_FILE_CHUNK));
	}
	return parser.end();
}

/** A file read as a stream (a Node ReadStream is one), records handed to `sink` as they come. */
export async function parseExportStream(
	source: AsyncIterable<Uint8Array>,
	options: ParseOptions,
	sink: RecordSink = {}
): Promise<ParseOutcome> {
	const parser = new ExportParser(options, sink);
	for await (const chunk of source) {
		parser.push(chunk);
		if (parser.refused) break;
	}
	return parser.end();
}
