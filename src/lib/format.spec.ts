import { describe, expect, test } from 'vitest';
import {
	formatBytes,
	formatCents,
	formatCount,
	formatDate,
	formatMonth,
	formatPct
} from './format';

describe('format', () => {
	test('money from integer cents', () => {
		expect(formatCents(550)).toBe('$5.50');
		expect(formatCents(123456)).toBe('$1,234.56');
		const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
		for (const c of [0, 5, -5, 99, 100, -550, 123_456_789, -100_000, 1234.5]) {
			expect(formatCents(c)).toBe(intl.format(c / 100));
		}
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
});
