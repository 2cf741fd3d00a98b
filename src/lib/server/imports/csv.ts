// Delimited text to rows, with the 1-based PHYSICAL line each row starts on, so a message can say
// "line 57" even after a quoted value that spans lines. The same reader serves a whole text and a
// stream: push text as it comes, each complete row goes to the callback, end() flushes the last.
// Rows without quotes are split here; PapaParse's low-level Parser reads the rest (the quoting);
// this keeps the unfinished tail between pushes.

import Papa from 'papaparse';
import { DELIMITERS, type Delimiter } from '../../imports/formats';

export type Newline = '\r\n' | '\n' | '\r';

/** Called with each row that has any non-blank cell, and the line it starts on. */
export type RowHandler = (cells: string[], line: number) => void;

export interface CsvProblem {
	type: 'unclosed-quote' | 'malformed-quote' | 'row-too-long';
	/** physical line of the quote (or of the row's start) */
	line: number;
	/** 0-based position of the field in its row */
	field: number;
}

export interface CsvOptions {
	/** sniffed from the first lines when left out */
	delimiter?: Delimiter;
	/** rows with a quoting problem go here instead of to the row handler */
	onProblem?: (problem: CsvProblem) => void;
	/** a row longer than this is a runaway quote, not data (default 1,000,000 characters) */
	maxRowChars?: number;
}

/** How much text the sniffers look at before the first row is parsed. */
export const SNIFF_CHARS = 64 * 1024;
const SNIFF_LINES = 10;

/** The first lines of the text, split outside quotes; the last one may be cut when not `complete`. */
function firstLines(text: string, complete: boolean): string[] {
	const lines: string[] = [];
	let quoted = false;
	let start = 0;
	for (let i = 0; i < text.length && lines.length < SNIFF_LINES; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) {
			lines.push(text.slice(start, i));
			if (c === '\r' && text[i + 1] === '\n') i++;
			start = i + 1;
		}
	}
	if (lines.length < SNIFF_LINES && start < text.length && (complete || lines.length === 0)) {
		lines.push(text.slice(start));
	}
	return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: Delimiter): number {
	let count = 0;
	let quoted = false;
	for (const c of line) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === delimiter) count++;
	}
	return count;
}

/**
 * The delimiter of the first lines: among comma, semicolon, tab and pipe, outside quotes, the one
 * every line has as often as the header, the most often; failing that, the header's most frequent.
 * A header with none of them is a single column (comma).
 */
export function sniffDelimiter(text: string, complete = true): Delimiter {
	const lines = firstLines(text, complete);
	if (lines.length === 0) return ',';
	let best: Delimiter = ',';
	let bestScore = 0;
	for (const delimiter of DELIMITERS) {
		const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
		if (counts[0] === 0) continue;
		const consistent = counts.every((count) => count === counts[0]);
		// consistency first, then how many columns it makes
		const score = (consistent ? 1_000_000 : 0) + counts[0];
		if (score > bestScore) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}

/** The first line end outside quotes; `\n` when there is none yet. */
export function sniffNewline(text: string): Newline {
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === '\n') return '\n';
		else if (!quoted && c === '\r') {
			if (i + 1 === text.length) continue;
			return text[i + 1] === '\n' ? '\r\n' : '\r';
		}
	}
	return '\n';
}

interface LowLevelStep {
	data: string[][];
	errors: { code: string; index?: number }[];
	meta: { cursor: number };
}

interface LowLevelParse {
	meta: { cursor: number };
}

export class CsvReader {
	private pending = '';
	private parser: Papa.Parser | null = null;
	private input = '';
	/** where the next row starts in `input` */
	private rowStart = 0;
	/** line breaks before `input` */
	private breaks = 0;
	private lastWasCR = false;
	private stopped = false;
	private readonly maxRowChars: number;
	delimiter: Delimiter | null;
	newline: Newline | null = null;
	/** rows handed to the handler */
	rowCount = 0;

	constructor(
		private readonly onRow: RowHandler,
		private readonly options: CsvOptions = {}
	) {
		this.delimiter = options.delimiter ?? null;
		this.maxRowChars = options.maxRowChars ?? 1_000_000;
	}

	push(text: string): void {
		if (this.stopped || text === '') return;
		this.pending += text;
		if (!this.parser && this.pending.length < SNIFF_CHARS) return;
		this.run(false);
	}

	end(): void {
		if (this.stopped) return;
		this.run(true);
		this.stopped = true;
	}

	/** Hand over no more rows (the caller has refused the file). */
	stop(): void {
		this.stopped = true;
		this.parser?.abort();
		this.pending = '';
	}

	private start(complete: boolean): Papa.Parser {
		this.delimiter ??= sniffDelimiter(this.pending, complete);
		this.newline = sniffNewline(this.pending);
		return new Papa.Parser({
			delimiter: this.delimiter,
			newline: this.newline,
			quoteChar: '"',
			step: (results: Papa.ParseStepResult<string[][]>) => this.step(results)
		});
	}

	private run(final: boolean): void {
		this.parser ??= this.start(final);
		const plainEnd = this.plainRows(this.pending);
		if (this.stopped) return;
		this.input = plainEnd === 0 ? this.pending : this.pending.slice(plainEnd);
		this.rowStart = 0;
		const result: LowLevelParse = this.parser.parse(this.input, 0, !final);
		if (this.stopped) return;
		this.countBreaks(this.rowStart, result.meta.cursor);
		this.pending = this.input.slice(result.meta.cursor);
		this.input = '';
		if (!final && this.pending.length > this.maxRowChars) {
			this.options.onProblem?.({ type: 'row-too-long', line: this.breaks + 1, field: 0 });
			this.stop();
		}
	}

	/**
	 * The complete rows of `text` before its first quote, split here rather than by PapaParse: a
	 * row without quotes is its text between two newlines, cut at each delimiter, which is what
	 * PapaParse makes of it too, at a third of the cost (most exports quote nothing). Returns where
	 * the rows it handed over end; PapaParse reads the rest.
	 */
	private plainRows(text: string): number {
		const newline = this.newline as Newline;
		const delimiter = this.delimiter as Delimiter;
		const quote = text.indexOf('"');
		const limit = quote === -1 ? text.length : quote;
		let start = 0;
		while (!this.stopped) {
			const end = text.indexOf(newline, start);
			// no complete row left, or the next one holds a quote
			if (end === -1 || end > limit) break;
			const row = text.slice(start, end);
			const line = this.breaks + 1;
			const next = end + newline.length;
			if (row.indexOf('\r') === -1 && row.indexOf('\n') === -1) {
				this.breaks++;
				this.lastWasCR = newline === '\r';
			} else {
				// a lone CR or LF inside the row is a physical line too
				this.input = text;
				this.countBreaks(start, next);
			}
			start = next;
			const cells = row.split(delimiter);
			if (cells.every((cell) => cell.trim() === '')) continue;
			this.rowCount++;
			this.onRow(cells, line);
		}
		return start;
	}

	/** Counts CR, LF and CRLF as one line break each in input[from, to). */
	private countBreaks(from: number, to: number): void {
		const input = this.input;
		let breaks = this.breaks;
		let lastWasCR = this.lastWasCR;
		for (let i = from; i < to; i++) {
			const c = input.charCodeAt(i);
			if (c === 13) {
				breaks++;
				lastWasCR = true;
			} else {
				if (c === 10 && !lastWasCR) breaks++;
				lastWasCR = false;
			}
		}
		this.breaks = breaks;
		this.lastWasCR = lastWasCR;
		this.rowStart = to;
	}

	/** The line of position `at`, counting from the start of the current row. */
	private lineAt(at: number): number {
		let breaks = this.breaks;
		let lastWasCR = this.lastWasCR;
		for (let i = this.rowStart; i < at; i++) {
			const c = this.input.charCodeAt(i);
			if (c === 13) {
				breaks++;
				lastWasCR = true;
			} else {
				if (c === 10 && !lastWasCR) breaks++;
				lastWasCR = false;
			}
		}
		return breaks + 1;
	}

	/** 0-based field of position `at` in the current row (delimiters outside quotes before it). */
	private fieldAt(at: number): number {
		let field = 0;
		let quoted = false;
		for (let i = this.rowStart; i < at; i++) {
			const c = this.input[i];
			if (c === '"') quoted = !quoted;
			else if (!quoted && c === this.delimiter) field++;
		}
		return field;
	}

	private step(results: Papa.ParseStepResult<string[][]>): void {
		if (this.stopped) return;
		const step: LowLevelStep = results;
		const cells = step.data[0] ?? [];
		const line = this.breaks + 1;
		const quoteError = step.errors.find(
			(e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes'
		);
		if (quoteError) {
			const at = Math.max(this.rowStart, (quoteError.index ?? this.rowStart) - 1);
			this.options.onProblem?.({
				type: quoteError.code === 'MissingQuotes' ? 'unclosed-quote' : 'malformed-quote',
				line: this.lineAt(at),
				field:
					quoteError.code === 'MissingQuotes' ? Math.max(0, cells.length - 1) : this.fieldAt(at)
			});
		}
		this.countBreaks(this.rowStart, step.meta.cursor);
		if (quoteError || this.stopped) return;
		if (cells.every((cell) => cell.trim() === '')) return;
		this.rowCount++;
		this.onRow(cells, line);
	}
}

/** The whole-text form of CsvReader: the same rows, handed to the same kind of callback. */
export function parseCsv(
	text: string,
	onRow: RowHandler,
	options: CsvOptions = {}
): { delimiter: Delimiter; newline: Newline; rowCount: number } {
	const reader = new CsvReader(onRow, options);
	reader.push(text);
	reader.end();
	return {
		delimiter: reader.delimiter ?? ',',
		newline: reader.newline ?? '\n',
		rowCount: reader.rowCount
	};
}
