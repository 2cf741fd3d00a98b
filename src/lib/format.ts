// Number, money, byte and date formatting shared by the pages. Figures arrive as integers
// (cents, bytes) or ISO text; only the display is decided here.

// Intl's formatters are built on first use, and counts and days are written by hand: the first
// Intl formatter of a browser tab loads the locale data, a task of 50–190 ms on the development VM,
// which the overview's hydration paid at start-up for figures it formats without Intl.
function onFirstUse<T>(make: () => T): () => T {
	let made: T | undefined;
	return () => (made ??= make());
}

const integer = onFirstUse(() => new Intl.NumberFormat('en-US'));
const dollars = onFirstUse(
	() => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
);
const wholeDollars = onFirstUse(
	() =>
		new Intl.NumberFormat('en-US', {
			style: 'currency',
			currency: 'USD',
			maximumFractionDigits: 0
		})
);

/**
 * `1234567` → `1,234,567`, `6.5` → `6.5`. A page renders hundreds of counts per request, so whole
 * numbers and short decimals (a pace of installs a week) are grouped by hand, as Intl's en-US
 * writes them (up to three decimals), at a fraction of the cost; anything else goes to Intl.
 */
export function formatCount(n: number): string {
	if (Number.isSafeInteger(n)) return n < 0 ? `-${grouped(String(-n))}` : grouped(String(n));
	const decimal = /^(-?)(\d{1,15})(\.\d{1,3})$/.exec(String(n));
	if (decimal) return `${decimal[1]}${grouped(decimal[2])}${decimal[3]}`;
	return integer().format(n);
}

/** `1 node`, `1,234 nodes`: a count and its noun, plural unless the count is one. */
export function formatCounted(n: number, noun: string, plural = `${noun}s`): string {
	return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** `1234567` → `1,234,567` (digits only) */
function grouped(digits: string): string {
	return digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `123456` cents → `$1,234.56`, `-5` → `-$0.05`: by hand for whole cents, as Intl writes them. */
export function formatCents(cents: number): string {
	if (!Number.isSafeInteger(cents)) return dollars().format(cents / 100);
	const abs = Math.abs(cents);
	const text = `$${formatCount(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
	return cents < 0 ? `-${text}` : text;
}

export const formatWholeDollars = (cents: number): string => wholeDollars().format(cents / 100);

/**
 * A range whose two ends are already formatted, in the words `both` puts it ("between $1 and
 * $2"); when the ends read the same it is one figure, in the words of `one` (the figure alone
 * unless told): "between $51,885 and $51,885" only makes the reader compare two numbers.
 */
export function formatRange(
	low: string,
	high: string,
	both: (low: string, high: string) => string = (a, b) => `${a} – ${b}`,
	one: (figure: string) => string = (figure) => figure
): string {
	return low === high ? one(low) : both(low, high);
}

/** A percentage already rounded by the rules (one decimal), or a dash when there is none. */
export const formatPct = (pct: number | null): string =>
	pct === null ? '—' : `${pct.toFixed(1)}%`;

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, as EZ-Backup bills them (1 GB = 1,000,000,000 bytes). */
export function formatBytes(bytes: number | null): string {
	if (bytes === null) return '—';
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const longDate = onFirstUse(
	() =>
		new Intl.DateTimeFormat('en-US', {
			year: 'numeric',
			month: 'short',
			day: 'numeric',
			timeZone: 'UTC'
		})
);
const monthYear = onFirstUse(
	() => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', timeZone: 'UTC' })
);

/** en-US short month names, as Intl writes them */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Four-digit years are written by hand; any other (or an invalid date) is left to Intl. */
const byHand = (year: number) => year >= 1000 && year <= 9999;

/** `2020-06-03` or an ISO instant → `Jun 3, 2020` (UTC: every figure is as of a UTC day). */
export function formatDate(iso: string | null): string {
	if (!iso) return '—';
	const day = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
	const year = day.getUTCFullYear();
	if (!byHand(year)) return longDate().format(day);
	return `${MONTHS[day.getUTCMonth()]} ${day.getUTCDate()}, ${year}`;
}

/** `2020-06` → `Jun 2020` */
export function formatMonth(month: string | null): string {
	if (!month) return '—';
	const first = new Date(`${month}-01T00:00:00Z`);
	const year = first.getUTCFullYear();
	if (!byHand(year)) return monthYear().format(first);
	return `${MONTHS[first.getUTCMonth()]} ${year}`;
}
