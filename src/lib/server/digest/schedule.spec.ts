import { describe, expect, it } from 'vitest';
import { dueWeek, parseSchedule } from './schedule';

describe('DIGEST_SCHEDULE', () => {
	it('reads a day and a 24-hour time, and is off when unset or "off"', () => {
		expect(parseSchedule('mon 07:00')).toEqual({ day: 0, hour: 7, minute: 0 });
		expect(parseSchedule('  Friday 17:30 ')).toEqual({ day: 4, hour: 17, minute: 30 });
		expect(parseSchedule('sun 0:05')).toEqual({ day: 6, hour: 0, minute: 5 });
		expect(parseSchedule(undefined)).toBeNull();
		expect(parseSchedule('')).toBeNull();
		expect(parseSchedule('OFF')).toBeNull();
		for (const wrong of ['monday', '07:00', 'mon 7am', 'mon 24:00', 'mon 07:60', 'lun 07:00']) {
			expect(() => parseSchedule(wrong)).toThrow(
				`DIGEST_SCHEDULE is "${wrong}": write a day and a 24-hour time, such as "mon 07:00", or "off".`
			);
		}
	});

	it('is due from its moment of the week for 24 hours, then waits for the next week', () => {
		const monday7 = parseSchedule('mon 07:00')!;
		// Monday 30 November 2020 is in ISO week 49
		expect(dueWeek(monday7, new Date(2020, 10, 30, 6, 59))).toBeNull();
		expect(dueWeek(monday7, new Date(2020, 10, 30, 7, 0))).toBe('2020-W49');
		expect(dueWeek(monday7, new Date(2020, 11, 1, 6, 59))).toBe('2020-W49');
		expect(dueWeek(monday7, new Date(2020, 11, 1, 7, 1))).toBeNull();
		expect(dueWeek(monday7, new Date(2020, 11, 6, 23, 59))).toBeNull();
		// a Sunday schedule belongs to the week it ends
		const sunday = parseSchedule('sun 22:00')!;
		expect(dueWeek(sunday, new Date(2020, 11, 6, 22, 30))).toBe('2020-W49');
		expect(dueWeek(sunday, new Date(2020, 11, 7, 7, 0))).toBe('2020-W49');
		// ISO weeks across the new year: 31 December 2020 is in 2020-W53, 4 January 2021 in 2021-W01
		const thursday = parseSchedule('thu 09:00')!;
		expect(dueWeek(thursday, new Date(2020, 11, 31, 10))).toBe('2020-W53');
		expect(dueWeek(monday7, new Date(2021, 0, 4, 8))).toBe('2021-W01');
		expect(dueWeek(monday7, new Date(2019, 11, 30, 8))).toBe('2020-W01');
	});
});
