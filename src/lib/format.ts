// Number, money, byte and date formatting shared by the pages. Figures arrive as integers
// (cents, bytes) or ISO text; only the display is decided here.

const integer = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const wholeDollars = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	maximumFractionDigits: 0
});

export const formatCount = (n: number): string => integer.format(n);

export const formatCents = (cents: number): string => dollars.format(cents / 100);

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

/** `2020-06-03` or an ISO instant → `Jun 3, 2020` (UTC: every figure is as of a UTC day). */
export function formatDate(iso: string | null): string {
	if (!iso) return '—';
	return longDate.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
}

/** `2020-06` → `Jun 2020` */
export function formatMonth(month: string | null): string {
	if (!month) return '—';
	return monthYear.format(new Date(`${month}-01T00:00:00Z`));
}
