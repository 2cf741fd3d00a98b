import { describe, expect, it } from 'vitest';
import { paceFinding, paceRange, type PaceFigures } from './pace';

const projected: PaceFigures = {
	perWeek: 6.5,
	slowestWeek: 2,
	fastestWeek: 11,
	remaining: 40,
	paceStatus: 'projected',
	projectedDate: '2021-01-12',
	earliestDate: '2020-12-26',
	latestDate: '2021-03-19'
};

describe('the pace toward 95% in words', () => {
	it('gives the fastest and slowest weeks a range of days', () => {
		expect(paceRange(projected)).toBe('Dec 26, 2020 – Mar 19, 2021');
		expect(paceFinding(projected, 'ANSC', 8)).toBe(
			'ANSC installed 6.5 managed computers a week over the last 8 weeks: at that pace it reaches ' +
				"95% on Jan 12, 2021, 40 to go; between Dec 26, 2020 and Mar 19, 2021 at the fastest and slowest weeks' pace."
		);
	});

	it('says one day when the fastest and slowest weeks lead to the same one', () => {
		const even = { ...projected, earliestDate: '2021-01-12', latestDate: '2021-01-12' };
		expect(paceRange(even)).toBe('Jan 12, 2021');
		expect(paceFinding(even, 'ANSC', 8)).toBe(
			'ANSC installed 6.5 managed computers a week over the last 8 weeks: at that pace it reaches ' +
				"95% on Jan 12, 2021, 40 to go; Jan 12, 2021 at the fastest and at the slowest week's pace."
		);
	});

	it('leaves the range open when the slowest week had no install', () => {
		const open = { ...projected, slowestWeek: 0, latestDate: null };
		expect(paceRange(open)).toBe('Dec 26, 2020 – open-ended');
		expect(paceFinding(open, 'The college', 8)).toContain(
			"Dec 26, 2020 at the fastest week's pace, and no end at the slowest (a week without installs)."
		);
	});

	it('has no range unless a date is projected', () => {
		for (const paceStatus of ['reached', 'stalled', 'no-inventory'] as const) {
			expect(paceRange({ ...projected, paceStatus })).toBe('');
		}
		expect(paceFinding({ ...projected, paceStatus: 'stalled' }, 'ANSC', 8)).toBe(
			'ANSC is stalled: no managed computer installed in the last 8 weeks, 40 still to go for 95%.'
		);
	});
});
