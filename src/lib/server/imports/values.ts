// Cell values of the exports: dates, sizes, money, months, booleans. Each reader returns the value
// or a problem phrased to follow the quoted cell ("2020-02-30" is not a real date: ...). Exact
// arithmetic throughout: money and sizes are parsed from their digits, never through a float.

import type { DateOrder } from '../../imports/formats';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

/** Empty, or the literal `null` Code42 writes for "none". */
export function isNone(text: string): boolean {
	// most cells are neither: settle those without allocating
	if (text.length === 0) return true;
	const t = text.length > 4 || text.charCodeAt(0) <= 32 ? text.trim() : text;
	return t === '' || (t.length === 4 && t.toLowerCase() === 'null');
}

// Unicode spaces (Java writes U+202F before AM/PM since CLDR 42) count as plain spaces.
const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g;

function tidy(text: string): string {
	return text.replace(SPACES, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTH_NAMES = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december'
];

/** 1-12 for "Jan", "jan.", "January", "Sept"; null otherwise. */
export function monthFromName(name: string): number | null {
	const n = name.toLowerCase().replace(/\.$/, '');
	if (n.length < 3) return null;
	if (n === 'sept') return 9;
	const index = MONTH_NAMES.findIndex((full) => full === n || full.slice(0, 3) === n);
	return index === -1 ? null : index + 1;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month === 2 && leap ? 29 : DAYS[month - 1];
}

/** A calendar date with a time of day and the offset it was written in. */
export interface DateParts {
	year: number;
	month: number;
	day: number;
	/** milliseconds since midnight */
	timeMs: number;
	/** minutes east of UTC; 0 when the text gave none (Code42 writes UTC) */
	offsetMinutes: number;
}

/** A date written with numbers only, day and month not yet told apart (03/04/2020). */
export interface NumericDate {
	first: number;
	second: number;
	year: number;
	timeMs: number;
}

export type DateReading =
	| { type: 'none' }
	| { type: 'date'; parts: DateParts }
	| { type: 'numeric'; date: NumericDate }
	| { type: 'invalid'; problem: string };

function checkDay(year: number, month: number, day: number): string | null {
	if (month < 1 || month > 12) return `is not a real date: there is no month ${month}`;
	const days = daysInMonth(year, month);
	if (day < 1 || day > days) {
		const name = MONTH_NAMES[month - 1];
		return `is not a real date: ${name[0].toUpperCase()}${name.slice(1)} ${year} has no day ${day}`;
	}
	return null;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?: ?([AaPp])\.?[Mm]\.?)?`;

/** Milliseconds since midnight, or a problem. */
function readTime(
	h: string | undefined,
	mi: string | undefined,
	s: string | undefined,
	frac: string | undefined,
	meridiem: string | undefined
): number | string {
	if (h === undefined || mi === undefined) return 0;
	let hour = Number(h);
	const minute = Number(mi);
	const second = s === undefined ? 0 : Number(s);
	const ms = frac === undefined ? 0 : Number((frac + '00').slice(0, 3));
	if (meridiem !== undefined) {
		if (hour < 1 || hour > 12)
			return `is not a real time: ${hour} o'clock does not exist with AM/PM`;
		hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
	} else if (hour > 23) return `is not a real time: there is no hour ${hour}`;
	if (minute > 59) return `is not a real time: there is no minute ${minute}`;
	if (second > 59) return `is not a real time: there is no second ${second}`;
	return ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

const ISO = new RegExp(
	String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$`,
	'i'
);
const NAMED_MONTH_FIRST = new RegExp(
	String.raw`^([A-Za-z]{3,9}\.?) (\d{1,2}),? (\d{4})(?:,? ${TIME})?(?: (UTC|GMT|Z))?$`
);
const NAMED_DAY_FIRST = new RegExp(
	String.raw`^(\d{1,2})[ -]([A-Za-z]{3,9}\.?)(?:, ?| |-)(\d{4})(?:,? ${TIME})?(?: (UTC|GMT|Z))?$`
);
const NUMERIC = new RegExp(
	String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+${TIME})?$`
);

function offsetMinutes(zone: string | undefined): number | string {
	if (zone === undefined) return 0;
	const z = zone.toUpperCase();
	if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0;
	const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
	if (!m) return `has an offset (${zone}) that is not ±HH:MM`;
	const hours = Number(m[2]);
	const minutes = m[3] === undefined ? 0 : Number(m[3]);
	if (hours > 14 || minutes > 59) return `has an offset (${zone}) no time zone uses`;
	return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function dateReading(
	year: number,
	month: number,
	day: number,
	time: number | string,
	zone: number | string
): DateReading {
	const problem = checkDay(year, month, day);
	if (problem) return { type: 'invalid', problem };
	if (typeof time === 'string') return { type: 'invalid', problem: time };
	if (typeof zone === 'string') return { type: 'invalid', problem: zone };
	return { type: 'date', parts: { year, month, day, timeMs: time, offsetMinutes: zone } };
}

/**
 * Reads a date as the exports write them: ISO 8601 (with Z, an offset, or none = UTC), Code42's
 * older "Oct 12, 2020 8:17:52 PM" (UTC), "12 Oct 2020", or numbers only (03/04/2020 [time]), which
 * stay unresolved until the column's date order is known.
 */
export function readDate(text: string): DateReading {
	if (isNone(text)) return { type: 'none' };
	const t = tidy(text);
	let m = ISO.exec(t);
	if (m) {
		return dateReading(
			Number(m[1]),
			Number(m[2]),
			Number(m[3]),
			readTime(m[4], m[5], m[6], m[7], undefined),
			offsetMinutes(m[8])
		);
	}
	m = NAMED_MONTH_FIRST.exec(t);
	if (m) {
		const month = monthFromName(m[1]);
		if (month !== null) {
			return dateReading(
				Number(m[3]),
				month,
				Number(m[2]),
				readTime(m[4], m[5], m[6], m[7], m[8]),
				0
			);
		}
	}
	m = NAMED_DAY_FIRST.exec(t);
	if (m) {
		const month = monthFromName(m[2]);
		if (month !== null) {
			return dateReading(
				Number(m[3]),
				month,
				Number(m[1]),
				readTime(m[4], m[5], m[6], m[7], m[8]),
				0
			);
		}
	}
	m = NUMERIC.exec(t);
	if (m) {
		const first = Number(m[1]);
		const second = Number(m[3]);
		const year = m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
		const time = readTime(m[5], m[6], m[7], m[8], m[9]);
		if (typeof time === 'string') return { type: 'invalid', problem: time };
		if (first > 12 && second > 12) {
			return {
				type: 'invalid',
				problem: 'is not a real date: neither of its first two numbers can be a month'
			};
		}
		if (first === 0 || second === 0) {
			return { type: 'invalid', problem: 'is not a real date: a day or month cannot be 0' };
		}
		return { type: 'numeric', date: { first, second, year, timeMs: time } };
	}
	return { type: 'invalid', problem: 'is not a date' };
}

/** Which order a numeric date proves on its own: a first part over 12 is a day, a second a month... */
export function dateOrderEvidence(date: NumericDate): DateOrder | null {
	if (date.first > 12) return 'dmy';
	if (date.second > 12) return 'mdy';
	return null;
}

export function resolveNumericDate(date: NumericDate, order: DateOrder): Parsed<DateParts> {
	const month = order === 'mdy' ? date.first : date.second;
	const day = order === 'mdy' ? date.second : date.first;
	const problem = checkDay(date.year, month, day);
	if (problem) {
		const reading = order === 'mdy' ? 'month first' : 'day first';
		return bad(`${problem} when read ${reading}`);
	}
	return ok({ year: date.year, month, day, timeMs: date.timeMs, offsetMinutes: 0 });
}

/** ISO 8601 exactly as `toISOString()` writes it, which Code42's own dates are. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether the text is a real instant written exactly as `toISOString()` writes it: such a date is
 * kept as written, without the general reader (most Code42 dates are in this form, three or four
 * a row).
 */
export function canonicalInstant(text: string): boolean {
	if (!CANONICAL.test(text)) return false;
	const year = digitsAt(text, 0, 4);
	return (
		checkDay(year, digitsAt(text, 5, 2), digitsAt(text, 8, 2)) === null &&
		digitsAt(text, 11, 2) <= 23 &&
		digitsAt(text, 14, 2) <= 59 &&
		digitsAt(text, 17, 2) <= 59
	);
}

/** The number written by `length` digits from `from` (checked to be digits already). */
function digitsAt(text: string, from: number, length: number): number {
	let value = 0;
	for (let i = from; i < from + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
	return value;
}

/** The instant, as ISO-8601 UTC text (`toISOString()`). */
export function toInstant(parts: DateParts): string {
	const d = new Date(0);
	d.setUTCFullYear(parts.year, parts.month - 1, parts.day);
	return new Date(d.getTime() + parts.timeMs - parts.offsetMinutes * 60_000).toISOString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day as written (YYYY-MM-DD), whatever the time or offset. */
export function toDay(parts: DateParts): string {
	return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** A date to an instant; a numeric date needs `order`, else it is a problem. */
export function parseInstant(text: string, order?: DateOrder): Parsed<string | null> {
	const reading = readDate(text);
	switch (reading.type) {
		case 'none':
			return ok(null);
		case 'invalid':
			return bad(reading.problem);
		case 'date':
			return ok(toInstant(reading.parts));
		case 'numeric': {
			const settled = order ?? dateOrderEvidence(reading.date);
			if (!settled) return bad('could be month first or day first');
			const parts = resolveNumericDate(reading.date, settled);
			return parts.ok ? ok(toInstant(parts.value)) : parts;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * The digits of a non-negative decimal number with its separators resolved, or null. A comma
 * followed by exactly three digits groups thousands (1,234.56); a single comma followed by one or
 * two digits, with no point, is a decimal comma (5,50), as European spreadsheets write it.
 */
function decimalDigits(body: string): { whole: string; fraction: string } | null {
	let b = body;
	if (b.includes(',')) {
		if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(b)) b = b.replace(/,/g, '');
		else if (/^\d+,\d{1,2}$/.test(b)) b = b.replace(',', '.');
		else return null;
	}
	const m = /^(\d*)(?:\.(\d*))?$/.exec(b);
	if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
	return { whole: m[1] === '' ? '0' : m[1], fraction: m[2] ?? '' };
}

const SIZE_UNITS: Record<string, bigint> = {
	'': 1n,
	b: 1n,
	byte: 1n,
	bytes: 1n,
	k: 1000n,
	kb: 1000n,
	m: 1000n ** 2n,
	mb: 1000n ** 2n,
	g: 1000n ** 3n,
	gb: 1000n ** 3n,
	t: 1000n ** 4n,
	tb: 1000n ** 4n,
	p: 1000n ** 5n,
	pb: 1000n ** 5n,
	kib: 1024n,
	mib: 1024n ** 2n,
	gib: 1024n ** 3n,
	tib: 1024n ** 4n
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface Size {
	bytes: number;
	/** half the last written digit, in bytes: how far the written value may be from the true one */
	halfUnit: number;
}

/**
 * A size: plain bytes (`9400000000`, `9,400,000,000`) or a number with a DECIMAL unit suffix
 * (`9.4G` = 9,400,000,000 bytes; `K`, `M`, `G`, `T`, `P`, optionally followed by `B`). `KiB`,
 * `MiB`, ... are binary, as their names say. Fractions of a byte round half up.
 */
export function readSize(text: string): Parsed<Size | null> {
	if (isNone(text)) return ok(null);
	const t = text.trim();
	if (/^\d{1,15}$/.test(t)) return ok({ bytes: Number(t), halfUnit: 0.5 });
	const m = /^([+-]?)\s*([\d.,]+)\s*([a-z]*)$/i.exec(t);
	if (!m) return bad('is not a size');
	const unit = SIZE_UNITS[m[3].toLowerCase()];
	if (unit === undefined) return bad(`is not a size: "${m[3]}" is not a unit (K, M, G or T)`);
	const digits = decimalDigits(m[2]);
	if (!digits) return bad('is not a size');
	const scale = 10n ** BigInt(digits.fraction.length);
	const numerator = BigInt(digits.whole + digits.fraction) * unit;
	let bytes = numerator / scale;
	const remainder = numerator % scale;
	if (remainder !== 0n) {
		if (unit === 1n) {
			return bad(
				'is not a whole number of bytes; if it is not in bytes, it needs its unit (K, M, G or T)'
			);
		}
		if (remainder * 2n >= scale) bytes += 1n;
	}
	if (m[1] === '-' && numerator !== 0n) return bad('is negative, and a size cannot be below zero');
	if (bytes > MAX_SAFE) return bad('is too large to be a size');
	return ok({ bytes: Number(bytes), halfUnit: Number(unit) / Number(scale) / 2 });
}

export function parseSize(text: string): Parsed<number | null> {
	const size = readSize(text);
	return size.ok ? ok(size.value === null ? null : size.value.bytes) : size;
}

/**
 * Money in dollars to integer cents: `5.50`, `$5.50`, `1,234.56`, `5,50`. Credits are negative:
 * `-1.00`, `-$1.00`, `$-1.00`, or in accounting parentheses `(1.00)`. More than two decimals are
 * accepted only when the extra digits are zeros (a fraction of a cent is refused, never rounded).
 */
export function parseMoney(text: string): Parsed<number | null> {
	if (isNone(text)) return ok(null);
	let t = text.replace(SPACES, '');
	let negative = false;
	const parenthesized = /^\((.*)\)$/.exec(t);
	if (parenthesized) {
		negative = true;
		t = parenthesized[1];
	}
	const m = /^(-?)\$?(-?)(.*)$/.exec(t);
	if (!m) return bad('is not an amount of money');
	const signs = (m[1] ? 1 : 0) + (m[2] ? 1 : 0) + (negative ? 1 : 0);
	if (signs > 1) return bad('is not an amount of money');
	const digits = decimalDigits(m[3]);
	if (!digits) return bad('is not an amount of money');
	if (/[1-9]/.test(digits.fraction.slice(2))) {
		return bad('has a fraction of a cent; amounts are in dollars and cents');
	}
	const cents = BigInt(digits.whole) * 100n + BigInt((digits.fraction + '00').slice(0, 2));
	if (cents > MAX_SAFE) return bad('is too large to be an amount of money');
	const value = Number(cents);
	return ok(signs === 1 && value !== 0 ? -value : value);
}

/** Cents as the exports write dollars, for a message: `5.50`, `-1.00`, `1234.56`. */
export function formatCents(cents: number): string {
	const abs = Math.abs(cents);
	return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A plain decimal number such as `100.0` (a trailing `%` is allowed). */
export function parseDecimal(text: string): Parsed<number | null> {
	if (isNone(text)) return ok(null);
	const m = /^([+-]?)([\d.,]+)\s*%?$/.exec(text.trim());
	const digits = m ? decimalDigits(m[2]) : null;
	if (!m || !digits) return bad('is not a number');
	const value = Number(`${digits.whole}.${digits.fraction || '0'}`);
	return ok(m[1] === '-' && value !== 0 ? -value : value);
}

/** A whole number of something (a count). */
export function parseCount(text: string): Parsed<number | null> {
	if (isNone(text)) return ok(null);
	const t = text.trim().replace(/^(\d{1,3}(?:,\d{3})+)$/, (s) => s.replace(/,/g, ''));
	if (!/^\d{1,15}$/.test(t)) return bad('is not a whole number');
	return ok(Number(t));
}

export function parseBoolean(text: string): Parsed<boolean | null> {
	if (isNone(text)) return ok(null);
	const t = text.trim().toLowerCase();
	if (t === 'true' || t === 'yes') return ok(true);
	if (t === 'false' || t === 'no') return ok(false);
	return bad('is neither true nor false');
}

/**
 * A billing month to `YYYY-MM`: `2020-01`, `2020/01`, `01/2020`, `1/2020`, `Jan 2020`,
 * `January 2020`, and the `Jan-20` Excel turns `2020-01` into; a full ISO date gives its month.
 */
export function parseMonth(text: string): Parsed<string | null> {
	if (isNone(text)) return ok(null);
	const t = tidy(text);
	let year: number | null = null;
	let month: number | null = null;
	let m: RegExpExecArray | null;
	if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(t))) {
		year = Number(m[1]);
		month = Number(m[2]);
	} else if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(t))) {
		year = Number(m[2]);
		month = Number(m[1]);
	} else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
		const problem = checkDay(Number(m[1]), Number(m[2]), Number(m[3]));
		if (problem) return bad(problem);
		year = Number(m[1]);
		month = Number(m[2]);
	} else if ((m = /^([A-Za-z]{3,9}\.?)[ ,/-]{0,2}(\d{4}|\d{2})$/.exec(t))) {
		month = monthFromName(m[1]);
		if (month === null) return bad('is not a month');
		year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
	}
	if (year === null || month === null) return bad('is not a month');
	if (month < 1 || month > 12) return bad(`is not a real month: there is no month ${month}`);
	return ok(`${pad(year, 4)}-${pad(month)}`);
}
