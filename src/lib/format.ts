// Number, money, byte and date formatting shared by the pages. Figures arrive as integers
// (cents, bytes) or ISO text; only the display is decided here.

const integer = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const wholeDollars = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	maximumFractionDigits: 0
});

/**
 * `1234567` → `1,234,567`. A page renders hundreds of counts per request, so whole numbers are
 * grouped by hand (Intl's answer for en-US, at a fraction of the cost); anything else goes to Intl.
 */
export function formatCount(n: number): string {
	if (!Number.isSafeInteger(n)) return integer.format(n);
	const digits = String(Math.abs(n));
	if (digits.length <= 3) return n < 0 ? `-${digits}` : digits;
	const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
	return n < 0 ? `-${grouped}` : grouped;
}

/** `123456` cents → `$1,234.56`, `-5` → `-$0.05`: by hand for whole cents, as Intl writes them. */
export function formatCents(cents: number): string {
	if (!Number.isSafeInteger(cents)) return dollars.format(cents / 100);
	const abs = Math.abs(cents);
	const text = `$${formatCount(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
	return cents < 0 ? `-${text}` : text;
}

export const formatWholeDollars = (cents: number): string => wholeDollars.format(cents / 100);

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

const longDate = new Intl.DateTimeFormat('en-US', {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	timeZone: 'UTC'
});
const monthYear = new Intl.DateTimeFormat('en-US', {
	year: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});

// The days a page shows repeat (weeks of a chart, report dates) from one request to the next;
// Intl's formatting is the costly part of rendering them. Bounded: dropped whole when full.
const DAYS_KEPT = 10_000;
const formattedDays = new Map<string, string>();

/** `2020-06-03` or an ISO instant → `Jun 3, 2020` (UTC: every figure is as of a UTC day). */
export function formatDate(iso: string | null): string {
	if (!iso) return '—';
	if (iso.length !== 10) return longDate.format(new Date(iso));
	let text = formattedDays.get(iso);
	if (text === undefined) {
		text = longDate.format(new Date(`${iso}T00:00:00Z`));
		if (formattedDays.size >= DAYS_KEPT) formattedDays.clear();
		formattedDays.set(iso, text);
	}
	return text;
}

const formattedMonths = new Map<string, string>();

/** `2020-06` → `Jun 2020` */
export function formatMonth(month: string | null): string {
	if (!month) return '—';
	let text = formattedMonths.get(month);
	if (text === undefined) {
		text = monthYear.format(new Date(`${month}-01T00:00:00Z`));
		if (formattedMonths.size >= DAYS_KEPT) formattedMonths.clear();
		formattedMonths.set(month, text);
	}
	return text;
}
