// What every format's row function shares: the file's context, reading a cell by column key into a
// typed value, and turning a bad cell into a sentence that says what, where and what to do.

import {
	canonicalInstant,
	dateOrderEvidence,
	formatCents,
	isNone,
	parseBoolean,
	parseCount,
	parseDecimal,
	parseMoney,
	parseMonth,
	readDate,
	readSize,
	resolveNumericDate,
	toDay,
	toInstant,
	type DateParts,
	type NumericDate,
	type Parsed
} from './values';
import type { CsvFormatSpec, CsvKind, DateOrder } from '../../imports/formats';
import type { ImportProblem } from '../../imports/outcome';

/**
 * Returned by a row function when one of its dates is numeric (03/04/2020) and its column's order is
 * not settled yet: the caller holds the row and calls the function again once it is.
 */
export const PENDING = Symbol('pending date order');

export type RowResult<R> = R | ImportProblem[] | typeof PENDING;

/** `(cells, line) → record | problems`, made per file by a format's `createRowParser`. */
export type RowParser<R> = (cells: readonly string[], line: number) => RowResult<R>;

/** A delimited format as the server reads it: its one definition, and its row function. */
export interface CsvFormat<R> extends CsvFormatSpec<CsvKind> {
	createRowParser(context: RowContext): RowParser<R>;
	/**
	 * The problem of a row with the key of an earlier row of the file, `lines` being
	 * "(lines 2 and 4)". The database finds it (imports/writers): a file's keys are not held in
	 * memory, so that memory stays flat for any file.
	 */
	twice?(row: RowReader, record: R, lines: string): void;
}

interface EvidenceLine {
	line: number;
	value: string;
}

interface ColumnOrder {
	settled: DateOrder | null;
	evidence: EvidenceLine | null;
	firstAmbiguous: EvidenceLine | null;
}

export interface AmbiguousColumn {
	column: string;
	line: number;
	value: string;
}

const ORDER_WORDS: Record<DateOrder, string> = { mdy: 'month first', dmy: 'day first' };

/**
 * The order of numeric dates, settled per column: a first part above 12 anywhere in the column makes
 * it day-first, a second part above 12 month-first. A fixed order (chosen by the user) wins.
 */
export class DateOrders {
	private readonly columns = new Map<string, ColumnOrder>();

	constructor(readonly fixed?: DateOrder) {}

	/** The column's order for this date, null while unsettled, or the problem of a contradiction. */
	observe(
		column: string,
		date: NumericDate,
		line: number,
		value: string
	): Parsed<DateOrder | null> {
		if (this.fixed) return { ok: true, value: this.fixed };
		let state = this.columns.get(column);
		if (!state) {
			state = { settled: null, evidence: null, firstAmbiguous: null };
			this.columns.set(column, state);
		}
		const evidence = dateOrderEvidence(date);
		if (evidence) {
			if (state.settled && state.evidence && state.settled !== evidence) {
				return {
					ok: false,
					problem:
						`can only be read ${ORDER_WORDS[evidence]}, but line ${state.evidence.line} ` +
						`("${state.evidence.value}") can only be read ${ORDER_WORDS[state.settled]}, ` +
						'so this column mixes two date orders'
				};
			}
			if (!state.settled) {
				state.settled = evidence;
				state.evidence = { line, value };
			}
			return { ok: true, value: state.settled };
		}
		if (!state.settled && !state.firstAmbiguous) state.firstAmbiguous = { line, value };
		return { ok: true, value: state.settled };
	}

	/** Settlements so far; a change means held rows can be read again. */
	get settledCount(): number {
		let count = 0;
		for (const state of this.columns.values()) if (state.settled) count++;
		return count;
	}

	/** Columns that hold numeric dates no date of theirs settles. */
	ambiguous(): AmbiguousColumn[] {
		const out: AmbiguousColumn[] = [];
		for (const [column, state] of this.columns) {
			if (!state.settled && state.firstAmbiguous) out.push({ column, ...state.firstAmbiguous });
		}
		return out;
	}
}

export interface RowContext {
	fileName: string;
	/** the header row as written */
	header: readonly string[];
	/** column key → position in the row */
	index: ReadonlyMap<string, number>;
	dates: DateOrders;
	/** the month the uploader set, used when the file does not state it */
	billingMonth?: string;
}

export function createRowContext(
	fileName: string,
	header: readonly string[],
	index: ReadonlyMap<string, number>,
	options: { dateOrder?: DateOrder; billingMonth?: string } = {}
): RowContext {
	return {
		fileName,
		header,
		index,
		dates: new DateOrders(options.dateOrder),
		billingMonth: options.billingMonth
	};
}

const MAX_VALUE_CHARS = 200;

/** A cell's value as it is echoed back in a message: trimmed and kept short. */
export function shownValue(value: string): string {
	const v = value.trim();
	return v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}…` : v;
}

/** `devices.csv, line 57, column "creationDate"` */
export function where(fileName: string, line: number | null, column?: string | null): string {
	let text = fileName;
	if (line !== null) text += `, line ${line}`;
	if (column) text += `, column "${column}"`;
	return text;
}

const HINTS = {
	instant:
		'Write dates as 2020-10-12T16:55:40Z or Oct 12, 2020 8:17:52 PM (or leave the cell empty), then upload the file again.',
	day: 'Write dates as 2020-11-30 (or leave the cell empty), then upload the file again.',
	size: 'Write sizes in bytes (9400000000) or with a decimal unit (9.4G), then upload the file again.',
	money: 'Write amounts in dollars and cents (5.50 or $1,234.56), then upload the file again.',
	month: 'Write the billing month as 2020-01, 01/2020 or Jan 2020, then upload the file again.',
	boolean: 'Write true or false, then upload the file again.',
	number: 'Write a plain number such as 100.0, then upload the file again.',
	count: 'Write a whole number, then upload the file again.'
};

export interface ChargeMoney {
	baseCents: number;
	extraCents: number;
	totalCents: number;
}

/**
 * domain.md: a charge must add up, `$ Base + $ Extra = $ Total`, a credit (negative amounts) too.
 * The sentence when it does not, with the three amounts under the headers the file writes; null
 * when it adds up. `what` is "the row" or "the total line".
 */
export function notAddingUp(
	money: ChargeMoney,
	headers: { base: string; extra: string; total: string },
	what: string
): string | null {
	const sum = money.baseCents + money.extraCents;
	if (sum === money.totalCents) return null;
	return (
		`${headers.base} ${formatCents(money.baseCents)} + ${headers.extra} ${formatCents(money.extraCents)} ` +
		`makes ${formatCents(sum)}, but ${headers.total} is ${formatCents(money.totalCents)}, so ${what} does not add up. ` +
		'Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
	);
}

/** Reads one row's cells by column key, collecting problems instead of stopping at the first. */
export class RowReader {
	readonly problems: ImportProblem[] = [];
	/** a numeric date's column order is not settled yet */
	pending = false;

	constructor(
		readonly context: RowContext,
		readonly cells: readonly string[],
		readonly line: number
	) {}

	has(key: string): boolean {
		return this.context.index.has(key);
	}

	/** The header of a column as the file writes it. */
	header(key: string): string {
		const at = this.context.index.get(key);
		return at === undefined ? key : this.context.header[at].trim();
	}

	raw(key: string): string {
		const at = this.context.index.get(key);
		return at === undefined ? '' : (this.cells[at] ?? '');
	}

	problem(key: string | null, value: string | null, sentence: string): void {
		const column = key === null ? null : this.header(key);
		this.problems.push({
			line: this.line,
			column,
			value: value === null ? null : shownValue(value),
			message: `${where(this.context.fileName, this.line, column)}: ${sentence}`
		});
	}

	private cellProblem(key: string, problem: string, hint: string): void {
		const value = this.raw(key);
		this.problem(key, value, `"${shownValue(value)}" ${problem}. ${hint}`);
	}

	/** Trimmed text; empty or `null` is none, which a required column refuses. */
	text(key: string, required: true): string;
	text(key: string, required?: false): string | null;
	text(key: string, required = false): string | null {
		const value = this.raw(key);
		if (isNone(value)) {
			if (required) {
				this.problem(
					key,
					value,
					`the cell is empty, but every row needs a ${this.header(key)}. Fill it in, then upload the file again.`
				);
				return '';
			}
			return null;
		}
		return value.trim();
	}

	private parsed<T>(key: string, result: Parsed<T | null>, hint: string): T | null {
		if (result.ok) return result.value;
		this.cellProblem(key, result.problem, hint);
		return null;
	}

	size(key: string): number | null {
		const size = this.parsed(key, readSize(this.raw(key)), HINTS.size);
		return size === null ? null : size.bytes;
	}

	money(key: string): number | null {
		return this.parsed(key, parseMoney(this.raw(key)), HINTS.money);
	}

	month(key: string, required = false): string | null {
		if (required && isNone(this.raw(key))) return this.text(key, true);
		return this.parsed(key, parseMonth(this.raw(key)), HINTS.month);
	}

	boolean(key: string): boolean | null {
		return this.parsed(key, parseBoolean(this.raw(key)), HINTS.boolean);
	}

	decimal(key: string): number | null {
		return this.parsed(key, parseDecimal(this.raw(key)), HINTS.number);
	}

	count(key: string): number | null {
		return this.parsed(key, parseCount(this.raw(key)), HINTS.count);
	}

	private dateParts(key: string, hint: string): DateParts | null {
		const value = this.raw(key);
		const reading = readDate(value);
		switch (reading.type) {
			case 'none':
				return null;
			case 'invalid':
				this.cellProblem(key, reading.problem, hint);
				return null;
			case 'date':
				return reading.parts;
			case 'numeric': {
				const order = this.context.dates.observe(
					this.header(key),
					reading.date,
					this.line,
					shownValue(value)
				);
				if (!order.ok) {
					this.cellProblem(key, order.problem, hint);
					return null;
				}
				if (order.value === null) {
					this.pending = true;
					return null;
				}
				const parts = resolveNumericDate(reading.date, order.value);
				if (!parts.ok) {
					this.cellProblem(key, parts.problem, hint);
					return null;
				}
				return parts.value;
			}
		}
	}

	/** An instant, as ISO-8601 UTC text. */
	instant(key: string): string | null {
		// Code42 writes most dates as toISOString() would: those are kept as written
		const value = this.raw(key);
		if (canonicalInstant(value)) return value;
		const parts = this.dateParts(key, HINTS.instant);
		return parts === null ? null : toInstant(parts);
	}

	/** A calendar day, YYYY-MM-DD as written. */
	day(key: string): string | null {
		const parts = this.dateParts(key, HINTS.day);
		return parts === null ? null : toDay(parts);
	}

	/** The record, the problems, or PENDING: problems win over a pending date. */
	result<R>(record: R): RowResult<R> {
		if (this.problems.length > 0) return this.problems;
		if (this.pending) return PENDING;
		return record;
	}
}
