// Dates and instants. Every figure is "as of" a day D: the end of D in UTC, that is the instant
// T = D+1 at 00:00Z. An age is T minus a timestamp. Days are 'YYYY-MM-DD', months 'YYYY-MM',
// instants are handled as milliseconds since the epoch.

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, a Monday: weeks counted from it (SQL's whole division) start on Mondays, UTC. */
export const EPOCH_MONDAY_MS = 4 * DAY_MS;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

function utc(year: number, monthIndex: number, day: number): number {
	// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
	const date = new Date(0);
	date.setUTCFullYear(year, monthIndex, day);
	return date.getTime();
}

/** 00:00Z of a 'YYYY-MM-DD' day, or null when it is not a real calendar day (2020-02-30). */
export function parseDay(day: string): number | null {
	const match = DAY_PATTERN.exec(day.trim());
	if (!match) return null;
	const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const ms = utc(year, month - 1, dayOfMonth);
	const date = new Date(ms);
	if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) return null;
	return ms;
}

/** T: the end of day D in UTC, i.e. D+1 at 00:00Z. */
export function asOfInstant(asOf: string): number {
	const start = parseDay(asOf);
	if (start === null) {
		throw new RangeError(`The as-of date "${asOf}" is not a calendar day: write it as YYYY-MM-DD.`);
	}
	return start + DAY_MS;
}

/** Milliseconds of an ISO-8601 instant; null for none, empty, "null" or text that is no instant. */
export function parseInstant(iso: string | null | undefined): number | null {
	if (!iso) return null;
	// Runs for every date of every device: no trimming or case folding on the way ("null" and
	// blanks are NaN to Date.parse anyway).
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? null : ms;
}

/** The UTC day 'YYYY-MM-DD' of an instant. */
export function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Age in days (with fraction) of an instant at T. */
export function ageInDays(ms: number, T: number): number {
	return (T - ms) / DAY_MS;
}

/** Whole days elapsed from an instant to T (5 days 14 hours → 5): what "N days ago" says. */
export function wholeDaysBetween(ms: number, T: number): number {
	return Math.floor((T - ms) / DAY_MS);
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(day: string, n: number): string {
	const start = parseDay(day);
	if (start === null)
		throw new RangeError(`"${day}" is not a calendar day: write it as YYYY-MM-DD.`);
	return dayOf(start + n * DAY_MS);
}

/** The month 'YYYY-MM' of a day 'YYYY-MM-DD'. */
export function monthOfDay(day: string): string {
	return day.trim().slice(0, 7);
}

function digit(text: string, i: number): number {
	const d = text.charCodeAt(i) - 48;
	return d >= 0 && d <= 9 ? d : NaN;
}

/**
 * The month number of a canonical 'YYYY-MM' read digit by digit (no trimming, no regex: it runs
 * for every charge); NaN for anything else, which `monthNumber` then reads the slow way.
 */
export function fastMonthNumber(month: string): number {
	if (month.length !== 7 || month.charCodeAt(4) !== 45) return NaN;
	const year =
		digit(month, 0) * 1000 + digit(month, 1) * 100 + digit(month, 2) * 10 + digit(month, 3);
	const m = digit(month, 5) * 10 + digit(month, 6);
	return m >= 1 && m <= 12 ? year * 12 + m - 1 : NaN;
}

/** A month as a count of months (year × 12 + month − 1), so months subtract; null when invalid. */
export function monthNumber(month: string): number | null {
	const match = MONTH_PATTERN.exec(month.trim());
	if (!match) return null;
	const m = Number(match[2]);
	if (m < 1 || m > 12) return null;
	return Number(match[1]) * 12 + m - 1;
}

/** Months from `from` to `to` ('2020-03' → '2020-06' is 3); throws on a malformed month. */
export function monthsBetween(from: string, to: string): number {
	const a = monthNumber(from);
	const b = monthNumber(to);
	if (a === null || b === null) {
		throw new RangeError(`"${a === null ? from : to}" is not a month: write it as YYYY-MM.`);
	}
	return b - a;
}

/** 00:00Z of the Monday on or before an instant (weeks start on Monday, UTC). */
export function mondayOnOrBefore(ms: number): number {
	const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
	const weekday = new Date(dayStart).getUTCDay(); // 0 = Sunday
	return dayStart - ((weekday + 6) % 7) * DAY_MS;
}
