import { describe, expect, it } from 'vitest';
import {
	addDays,
	ageInDays,
	asOfInstant,
	dayOf,
	mondayOnOrBefore,
	monthNumber,
	monthOfDay,
	monthsBetween,
	parseDay,
	parseInstant,
	wholeDaysBetween
} from './asof';

describe('parseDay', () => {
	it('reads real calendar days only', () => {
		expect(parseDay('2020-06-30')).toBe(Date.UTC(2020, 5, 30));
		expect(parseDay(' 2020-02-29 ')).toBe(Date.UTC(2020, 1, 29)); // leap year
		expect(parseDay('2019-02-29')).toBeNull();
		expect(parseDay('2020-02-30')).toBeNull();
		expect(parseDay('2020-13-01')).toBeNull();
		expect(parseDay('2020-6-1')).toBeNull();
		expect(parseDay('06/30/2020')).toBeNull();
		expect(parseDay('')).toBeNull();
	});

	it('keeps years below 100 as written', () => {
		expect(dayOf(parseDay('0050-03-01') as number)).toBe('0050-03-01');
	});
});

describe('asOfInstant', () => {
	it('is the end of D in UTC: D+1 at 00:00Z', () => {
		expect(asOfInstant('2020-06-30')).toBe(Date.parse('2020-07-01T00:00:00Z'));
		expect(asOfInstant('2020-12-31')).toBe(Date.parse('2021-01-01T00:00:00Z'));
	});

	it('refuses a malformed date with a sentence saying what to write', () => {
		expect(() => asOfInstant('2020-06-31')).toThrow(
			'The as-of date "2020-06-31" is not a calendar day: write it as YYYY-MM-DD.'
		);
	});
});

describe('parseInstant', () => {
	it('reads ISO instants, offsets included', () => {
		expect(parseInstant('2020-10-12T16:55:40.632Z')).toBe(Date.UTC(2020, 9, 12, 16, 55, 40, 632));
		// 20:00 at −06:00 is 02:00Z the next day
		expect(parseInstant('2020-10-12T20:00:00-06:00')).toBe(Date.UTC(2020, 9, 13, 2));
	});

	it('takes empty, "null" and garbage as none', () => {
		expect(parseInstant(null)).toBeNull();
		expect(parseInstant(undefined)).toBeNull();
		expect(parseInstant('')).toBeNull();
		expect(parseInstant(' null ')).toBeNull();
		expect(parseInstant('not a date')).toBeNull();
	});
});

describe('ages', () => {
	const T = asOfInstant('2020-06-30'); // 2020-07-01T00:00Z

	it('measures from T', () => {
		// 2020-06-21T12:00Z is 9.5 days before T: 9 whole days
		const ms = Date.parse('2020-06-21T12:00:00Z');
		expect(ageInDays(ms, T)).toBe(9.5);
		expect(wholeDaysBetween(ms, T)).toBe(9);
		// a backup during D itself (23:00Z) is 0 whole days old
		expect(wholeDaysBetween(Date.parse('2020-06-30T23:00:00Z'), T)).toBe(0);
	});
});

describe('days, months and weeks', () => {
	it('adds days across month and year ends', () => {
		expect(addDays('2020-06-30', 1)).toBe('2020-07-01');
		expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
		expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
		expect(() => addDays('2020-02-31', 1)).toThrow(/YYYY-MM-DD/);
	});

	it('counts months', () => {
		expect(monthOfDay('2020-06-30')).toBe('2020-06');
		expect(monthNumber('2020-01')).toBe(2020 * 12);
		expect(monthNumber('2020-13')).toBeNull();
		expect(monthNumber('Jan 2020')).toBeNull();
		expect(monthsBetween('2020-03', '2020-06')).toBe(3);
		expect(monthsBetween('2019-11', '2020-02')).toBe(3);
		expect(monthsBetween('2020-06', '2020-06')).toBe(0);
		expect(() => monthsBetween('2020-6', '2020-07')).toThrow(
			'"2020-6" is not a month: write it as YYYY-MM.'
		);
	});

	it('starts weeks on Monday, UTC', () => {
		// 2020-06-29 is a Monday
		const monday = Date.UTC(2020, 5, 29);
		expect(mondayOnOrBefore(monday)).toBe(monday);
		expect(mondayOnOrBefore(Date.parse('2020-07-05T23:59:59Z'))).toBe(monday); // Sunday night
		expect(mondayOnOrBefore(Date.parse('2020-07-06T00:00:00Z'))).toBe(Date.UTC(2020, 6, 6));
		expect(mondayOnOrBefore(Date.parse('2020-07-01T10:00:00Z'))).toBe(monday); // Wednesday
	});
});
