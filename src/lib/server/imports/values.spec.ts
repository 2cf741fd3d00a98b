import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	canonicalInstant,
	dateOrderEvidence,
	isNone,
	monthFromName,
	parseBoolean,
	parseCount,
	parseDecimal,
	parseInstant,
	parseMoney,
	parseMonth,
	parseSize,
	readDate,
	readSize,
	resolveNumericDate,
	toDay,
	toInstant
} from './values';

describe('isNone', () => {
	it.each([
		['', true],
		['   ', true],
		['null', true],
		['NULL', true],
		[' null ', true],
		['0', false],
		['nil', false]
	])('%j → %s', (text, expected) => {
		expect(isNone(text)).toBe(expected);
	});
});

describe('monthFromName', () => {
	it.each([
		['Jan', 1],
		['january', 1],
		['Sept', 9],
		['sep.', 9],
		['DEC', 12],
		['Ja', null],
		['Janu', null],
		['Foo', null]
	])('%s → %s', (name, month) => {
		expect(monthFromName(name)).toBe(month);
	});
});

describe('parseInstant', () => {
	it.each([
		['2020-10-12T16:55:40.632Z', '2020-10-12T16:55:40.632Z'],
		['2020-10-12T16:55:40Z', '2020-10-12T16:55:40.000Z'],
		['2020-10-12T10:55:40.632-06:00', '2020-10-12T16:55:40.632Z'],
		['2020-10-12T22:25:40+05:30', '2020-10-12T16:55:40.000Z'],
		['2020-10-12T18:55:40+0200', '2020-10-12T16:55:40.000Z'],
		['2020-10-12T16:55:40.6329999Z', '2020-10-12T16:55:40.632Z'],
		['2020-10-12 16:55:40', '2020-10-12T16:55:40.000Z'],
		['2020-10-12', '2020-10-12T00:00:00.000Z'],
		['2020-12-31T23:30:00-01:00', '2021-01-01T00:30:00.000Z'],
		['Oct 12, 2020 8:17:52 PM', '2020-10-12T20:17:52.000Z'],
		['Oct 12, 2020 12:17:52 AM', '2020-10-12T00:17:52.000Z'],
		['Oct 12, 2020 12:17:52 PM', '2020-10-12T12:17:52.000Z'],
		['Oct 12, 2020, 8:17:52\u202fPM', '2020-10-12T20:17:52.000Z'],
		['October 2, 2020 8:17 AM', '2020-10-02T08:17:00.000Z'],
		['12 Oct 2020 20:17:52', '2020-10-12T20:17:52.000Z'],
		['  2020-10-12T16:55:40Z  ', '2020-10-12T16:55:40.000Z']
	])('%j → %s', (text, iso) => {
		expect(parseInstant(text)).toEqual({ ok: true, value: iso });
	});

	it.each(['', 'null', ' NULL '])('%j is none', (text) => {
		expect(parseInstant(text)).toEqual({ ok: true, value: null });
	});

	it.each([
		['2020-02-30', 'is not a real date: February 2020 has no day 30'],
		['2019-02-29T00:00:00Z', 'is not a real date: February 2019 has no day 29'],
		['2020-13-01', 'is not a real date: there is no month 13'],
		['2020-00-10', 'is not a real date: there is no month 0'],
		['2020-10-12T24:00:00Z', 'is not a real time: there is no hour 24'],
		['2020-10-12T10:60:00Z', 'is not a real time: there is no minute 60'],
		['2020-10-12T10:00:61Z', 'is not a real time: there is no second 61'],
		['2020-10-12T10:00:00+15:00', 'has an offset (+15:00) no time zone uses'],
		['Oct 32, 2020 8:17:52 PM', 'is not a real date: October 2020 has no day 32'],
		['Oct 12, 2020 13:17:52 PM', "is not a real time: 13 o'clock does not exist with AM/PM"],
		['Foo 12, 2020 8:17:52 PM', 'is not a date'],
		['yesterday', 'is not a date'],
		['13/13/2020', 'is not a real date: neither of its first two numbers can be a month'],
		['00/10/2020', 'is not a real date: a day or month cannot be 0'],
		['03/04/2020', 'could be month first or day first']
	])('%j: %s', (text, problem) => {
		expect(parseInstant(text)).toEqual({ ok: false, problem });
	});

	it('reads numeric dates in the order given, or the one they prove', () => {
		expect(parseInstant('03/04/2020', 'mdy')).toEqual({
			ok: true,
			value: '2020-03-04T00:00:00.000Z'
		});
		expect(parseInstant('03/04/2020', 'dmy')).toEqual({
			ok: true,
			value: '2020-04-03T00:00:00.000Z'
		});
		expect(parseInstant('25/12/2020 2:30 PM')).toEqual({
			ok: true,
			value: '2020-12-25T14:30:00.000Z'
		});
		expect(parseInstant('12/25/20 14:30')).toEqual({ ok: true, value: '2020-12-25T14:30:00.000Z' });
		expect(parseInstant('25.12.2020')).toEqual({ ok: true, value: '2020-12-25T00:00:00.000Z' });
		expect(parseInstant('02/30/2020', 'mdy')).toEqual({
			ok: false,
			problem: 'is not a real date: February 2020 has no day 30 when read month first'
		});
		expect(parseInstant('25/12/2020', 'mdy')).toEqual({
			ok: false,
			problem: 'is not a real date: there is no month 25 when read month first'
		});
	});
});

describe('readDate and the numeric date order', () => {
	it('keeps numeric dates unresolved, with their time', () => {
		expect(readDate('03/04/2020 9:15 AM')).toEqual({
			type: 'numeric',
			date: { first: 3, second: 4, year: 2020, timeMs: 9 * 3600_000 + 15 * 60_000 }
		});
		expect(readDate('3-4-2020')).toEqual({
			type: 'numeric',
			date: { first: 3, second: 4, year: 2020, timeMs: 0 }
		});
		// the separators must agree
		expect(readDate('03/04-2020')).toEqual({ type: 'invalid', problem: 'is not a date' });
	});

	it('tells the order a date proves by itself', () => {
		expect(dateOrderEvidence({ first: 25, second: 3, year: 2020, timeMs: 0 })).toBe('dmy');
		expect(dateOrderEvidence({ first: 3, second: 25, year: 2020, timeMs: 0 })).toBe('mdy');
		expect(dateOrderEvidence({ first: 3, second: 4, year: 2020, timeMs: 0 })).toBeNull();
		expect(dateOrderEvidence({ first: 12, second: 12, year: 2020, timeMs: 0 })).toBeNull();
	});

	it('resolves both ways', () => {
		const date = { first: 3, second: 4, year: 2020, timeMs: 0 };
		expect(resolveNumericDate(date, 'mdy')).toEqual({
			ok: true,
			value: { year: 2020, month: 3, day: 4, timeMs: 0, offsetMinutes: 0 }
		});
		expect(resolveNumericDate(date, 'dmy')).toEqual({
			ok: true,
			value: { year: 2020, month: 4, day: 3, timeMs: 0, offsetMinutes: 0 }
		});
	});

	it('gives the day as written, whatever the offset, and the instant in UTC', () => {
		const reading = readDate('2020-11-30T23:30:00-06:00');
		expect(reading.type).toBe('date');
		if (reading.type !== 'date') return;
		expect(toDay(reading.parts)).toBe('2020-11-30');
		expect(toInstant(reading.parts)).toBe('2020-12-01T05:30:00.000Z');
	});
});

describe('sizes, in decimal units', () => {
	it.each([
		['9400000000', 9_400_000_000],
		['9,400,000,000', 9_400_000_000],
		['9.4G', 9_400_000_000],
		['9.4 GB', 9_400_000_000],
		['9.4g', 9_400_000_000],
		['200.0M', 200_000_000],
		['0.0M', 0],
		['1.5K', 1500],
		['1.2345K', 1235],
		['1.2344K', 1234],
		['2T', 2_000_000_000_000],
		['61.778T', 61_778_000_000_000],
		['1P', 1_000_000_000_000_000],
		['12 bytes', 12],
		['12B', 12],
		['9,4G', 9_400_000_000],
		['.5M', 500_000],
		['1KiB', 1024],
		['1.5GiB', 1_610_612_736],
		['-0', 0],
		['+7', 7]
	])('%j → %d bytes', (text, bytes) => {
		expect(parseSize(text)).toEqual({ ok: true, value: bytes });
	});

	it.each(['', 'null', 'NULL'])('%j is unknown', (text) => {
		expect(parseSize(text)).toEqual({ ok: true, value: null });
	});

	it.each([
		['-9.6G', 'is negative, and a size cannot be below zero'],
		['-5', 'is negative, and a size cannot be below zero'],
		[
			'9.6',
			'is not a whole number of bytes; if it is not in bytes, it needs its unit (K, M, G or T)'
		],
		['9.6X', 'is not a size: "X" is not a unit (K, M, G or T)'],
		['lots', 'is not a size'],
		['1,2,3', 'is not a size'],
		['1.2.3G', 'is not a size'],
		['G', 'is not a size'],
		['10000P', 'is too large to be a size']
	])('%j: %s', (text, problem) => {
		expect(parseSize(text)).toEqual({ ok: false, problem });
	});

	it('says how far a written size may be from the true one', () => {
		expect(readSize('9.4G')).toEqual({
			ok: true,
			value: { bytes: 9_400_000_000, halfUnit: 50_000_000 }
		});
		expect(readSize('200M')).toEqual({
			ok: true,
			value: { bytes: 200_000_000, halfUnit: 500_000 }
		});
		expect(readSize('12')).toEqual({ ok: true, value: { bytes: 12, halfUnit: 0.5 } });
	});
});

describe('money, to exact cents', () => {
	it.each([
		['5.50', 550],
		['$5.50', 550],
		['$ 5.50', 550],
		['5.5', 550],
		['5', 500],
		['.25', 25],
		['0.00', 0],
		['1,234.56', 123_456],
		['$1,234.56', 123_456],
		['1,234,567.89', 123_456_789],
		['5,50', 550],
		['1,23', 123],
		['5.500', 550],
		['0.29', 29],
		['1.13', 113],
		['19.99', 1999],
		['4503599627370.49', 450_359_962_737_049],
		['-1.00', -100],
		['-$1.00', -100],
		['$-1.00', -100],
		['(1.00)', -100],
		['($1,234.56)', -123_456],
		['-0.00', 0]
	])('%j → %d cents', (text, cents) => {
		expect(parseMoney(text)).toEqual({ ok: true, value: cents });
	});

	it.each(['', 'null'])('%j is none', (text) => {
		expect(parseMoney(text)).toEqual({ ok: true, value: null });
	});

	it.each([
		['five fifty', 'is not an amount of money'],
		['5.50G', 'is not an amount of money'],
		['1,2345', 'is not an amount of money'],
		['(-1.00)', 'is not an amount of money'],
		['--1', 'is not an amount of money'],
		['$', 'is not an amount of money'],
		['5.505', 'has a fraction of a cent; amounts are in dollars and cents'],
		['0.001', 'has a fraction of a cent; amounts are in dollars and cents'],
		['99999999999999999', 'is too large to be an amount of money']
	])('%j: %s', (text, problem) => {
		expect(parseMoney(text)).toEqual({ ok: false, problem });
	});
});

describe('billing months', () => {
	it.each([
		['2020-01', '2020-01'],
		['2020-1', '2020-01'],
		['2020/01', '2020-01'],
		['01/2020', '2020-01'],
		['1/2020', '2020-01'],
		['12-2020', '2020-12'],
		['Jan 2020', '2020-01'],
		['January 2020', '2020-01'],
		['jan. 2020', '2020-01'],
		['Sept 2020', '2020-09'],
		['Jan-20', '2020-01'],
		['Feb-2020', '2020-02'],
		['2020-01-15', '2020-01']
	])('%j → %s', (text, month) => {
		expect(parseMonth(text)).toEqual({ ok: true, value: month });
	});

	it.each([
		['2020-13', 'is not a real month: there is no month 13'],
		['13/2020', 'is not a real month: there is no month 13'],
		['2020-00', 'is not a real month: there is no month 0'],
		['2020-02-30', 'is not a real date: February 2020 has no day 30'],
		['Foo 2020', 'is not a month'],
		['2020', 'is not a month'],
		['January', 'is not a month']
	])('%j: %s', (text, problem) => {
		expect(parseMonth(text)).toEqual({ ok: false, problem });
	});
});

describe('booleans, numbers and counts', () => {
	it('reads true and false', () => {
		expect(parseBoolean('true')).toEqual({ ok: true, value: true });
		expect(parseBoolean('FALSE')).toEqual({ ok: true, value: false });
		expect(parseBoolean('null')).toEqual({ ok: true, value: null });
		expect(parseBoolean('maybe')).toEqual({ ok: false, problem: 'is neither true nor false' });
	});

	it('reads a percentage such as 100.0', () => {
		expect(parseDecimal('100.0')).toEqual({ ok: true, value: 100 });
		expect(parseDecimal('97.5%')).toEqual({ ok: true, value: 97.5 });
		expect(parseDecimal('97,5')).toEqual({ ok: true, value: 97.5 });
		expect(parseDecimal('-2')).toEqual({ ok: true, value: -2 });
		expect(parseDecimal('null')).toEqual({ ok: true, value: null });
		expect(parseDecimal('full')).toEqual({ ok: false, problem: 'is not a number' });
	});

	it('reads whole counts', () => {
		expect(parseCount('2')).toEqual({ ok: true, value: 2 });
		expect(parseCount('1,024')).toEqual({ ok: true, value: 1024 });
		expect(parseCount('')).toEqual({ ok: true, value: null });
		expect(parseCount('2.5')).toEqual({ ok: false, problem: 'is not a whole number' });
	});
});

describe('canonicalInstant', () => {
	it.each([
		['2020-10-12T16:55:40.123Z', true],
		['2020-02-29T23:59:59.999Z', true],
		['2019-02-29T00:00:00.000Z', false],
		['2020-04-31T00:00:00.000Z', false],
		['2020-13-01T00:00:00.000Z', false],
		['2020-01-01T24:00:00.000Z', false],
		['2020-01-01T00:60:00.000Z', false],
		['2020-01-01T00:00:60.000Z', false],
		['2020-10-12T16:55:40Z', false],
		[' 2020-10-12T16:55:40.123Z', false]
	])('%s → %s', (text, expected) => {
		expect(canonicalInstant(text)).toBe(expected);
	});

	it('accepts exactly the toISOString()-shaped dates the general reader finds real', () => {
		const digits = (n: number) =>
			fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
		fc.assert(
			fc.property(
				fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3)),
				([y, mo, d, h, mi, s, ms]) => {
					const text = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
					expect(canonicalInstant(text)).toBe(readDate(text).type === 'date');
				}
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 500) }
		);
	});
});
