import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import {
	formatBytes,
	formatCents,
	formatCount,
	formatCounted,
	formatDate,
	formatMonth,
	formatPct,
	formatRange,
	formatWholeDollars
} from './format';

describe('formatCounted', () => {
	test('is plural unless the count is one', () => {
		expect(formatCounted(1, 'first backup')).toBe('1 first backup');
		expect(formatCounted(0, 'first backup')).toBe('0 first backups');
		expect(formatCounted(1234, 'node')).toBe('1,234 nodes');
		expect(formatCounted(2, 'entry', 'entries')).toBe('2 entries');
	});
});

describe('format', () => {
	test('money from integer cents', () => {
		expect(formatCents(550)).toBe('$5.50');
		expect(formatCents(123456)).toBe('$1,234.56');
		const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
		for (const c of [0, 5, -5, 99, 100, -550, 123_456_789, -100_000, 1234.5]) {
			expect(formatCents(c)).toBe(intl.format(c / 100));
		}
	});
	test('a range whose ends read the same is one figure', () => {
		const between = (a: string, b: string) => `between ${a} and ${b}`;
		expect(formatRange('$51,885', '$51,885', between)).toBe('$51,885');
		expect(formatRange('$51,885', '$60,002', between)).toBe('between $51,885 and $60,002');
		// the ends as the reader sees them: cents apart, the same whole dollars
		expect(formatRange(formatWholeDollars(5_188_540), formatWholeDollars(5_188_510), between)).toBe(
			'$51,885'
		);
		// a dash unless told, and the words of the one figure when given
		expect(formatRange('Jul 2019', 'Dec 2020')).toBe('Jul 2019 – Dec 2020');
		expect(formatRange('Jul 2019', 'Jul 2019')).toBe('Jul 2019');
		const from = (a: string, b: string) => `from ${a} to ${b}`;
		expect(formatRange('Jul 2020', 'Jul 2020', from, (m) => `in ${m}`)).toBe('in Jul 2020');
		expect(formatRange('Jul 2020', 'Dec 2020', from, (m) => `in ${m}`)).toBe(
			'from Jul 2020 to Dec 2020'
		);
	});
	test('bytes in decimal units', () => {
		expect(formatBytes(9_400_000_000)).toBe('9.4 GB');
		expect(formatBytes(999)).toBe('999 B');
		expect(formatBytes(null)).toBe('—');
	});
	test('dates and months are UTC', () => {
		expect(formatDate('2020-06-03')).toBe('Jun 3, 2020');
		expect(formatDate('2020-06-03T23:59:00-06:00')).toBe('Jun 4, 2020');
		expect(formatMonth('2020-01')).toBe('Jan 2020');
		expect(formatMonth('2020-01')).toBe('Jan 2020');
		expect(formatMonth('2020-12')).toBe('Dec 2020');
	});
	test('counts are grouped as Intl groups them', () => {
		const intl = new Intl.NumberFormat('en-US');
		for (const n of [
			0,
			7,
			999,
			1000,
			-1000,
			19_996,
			-123_456,
			1_234_567,
			Number.MAX_SAFE_INTEGER
		]) {
			expect(formatCount(n)).toBe(intl.format(n));
		}
		expect(formatCount(1234.5)).toBe('1,234.5');
	});
	test('counts with decimals are written as Intl writes them, grouped, up to three decimals', () => {
		const intl = new Intl.NumberFormat('en-US');
		const decimals = fc
			.tuple(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.integer({ min: 0, max: 4 }))
			.map(([i, places]) => i / 10 ** places);
		fc.assert(
			// -0 is the one difference: a count of nothing is written 0, not Intl's -0
			fc.property(fc.oneof(decimals, fc.double()), (n) => {
				expect(formatCount(n)).toBe(Object.is(n, -0) ? '0' : intl.format(n));
			}),
			{ numRuns: 5000 }
		);
		for (const n of [6.5, 0.3, -0.25, 1234.125, 1234.0625, 1e21, 0.1 + 0.2, NaN, Infinity]) {
			expect(formatCount(n)).toBe(intl.format(n));
		}
	});
	test('a day formats the same the second time', () => {
		expect([formatDate('2020-11-30'), formatDate('2020-11-30')]).toEqual([
			'Nov 30, 2020',
			'Nov 30, 2020'
		]);
		expect(formatDate(null)).toBe('—');
	});
	test('percentages keep their one decimal', () => {
		expect(formatPct(66.7)).toBe('66.7%');
		expect(formatPct(100)).toBe('100.0%');
		expect(formatPct(null)).toBe('—');
	});
	test('days and months by hand are what Intl writes, UTC, for any day and instant', () => {
		const day = new Intl.DateTimeFormat('en-US', {
			year: 'numeric',
			month: 'short',
			day: 'numeric',
			timeZone: 'UTC'
		});
		const month = new Intl.DateTimeFormat('en-US', {
			year: 'numeric',
			month: 'short',
			timeZone: 'UTC'
		});
		const instants = fc.date({
			min: new Date('0001-01-01T00:00:00Z'),
			max: new Date('9999-12-31T23:59:59Z'),
			noInvalidDate: true
		});
		fc.assert(
			fc.property(instants, (d) => {
				const iso = d.toISOString();
				expect(formatDate(iso)).toBe(day.format(d));
				expect(formatDate(iso.slice(0, 10))).toBe(day.format(d));
				expect(formatMonth(iso.slice(0, 7))).toBe(month.format(d));
			}),
			{ numRuns: 2000 }
		);
		expect(formatDate('2020-06-03T23:59:00-06:00')).toBe('Jun 4, 2020');
		expect(() => formatDate('not a day')).toThrow(RangeError);
	});
	test('counts, days and months build no Intl formatter: the first costs a browser tab ~0.1 s', async () => {
		vi.resetModules();
		const { NumberFormat, DateTimeFormat } = Intl;
		const numbers = vi.spyOn(Intl, 'NumberFormat').mockImplementation(function (
			...args: ConstructorParameters<typeof NumberFormat>
		) {
			return new NumberFormat(...args);
		});
		const dates = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (
			...args: ConstructorParameters<typeof DateTimeFormat>
		) {
			return new DateTimeFormat(...args);
		});
		try {
			const fresh = await import('./format');
			fresh.formatCount(19_996);
			fresh.formatCount(6.5);
			fresh.formatCents(-550);
			fresh.formatPct(89.6);
			fresh.formatDate('2020-11-30');
			fresh.formatMonth('2020-11');
			expect(numbers).not.toHaveBeenCalled();
			expect(dates).not.toHaveBeenCalled();
			expect(fresh.formatCount(0.0625)).toBe('0.063');
			expect(numbers).toHaveBeenCalledTimes(1);
		} finally {
			numbers.mockRestore();
			dates.mockRestore();
		}
	});
});
