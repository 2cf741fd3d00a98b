import { describe, expect, it } from 'vitest';
import { device, managed, state } from './fixtures';
import { rolloutStarts, stragglerRows, weeksSince } from './stragglers';
import type { Department } from './types';

const departments: Department[] = [
	{ code: 'ANSC', name: 'Animal Science', aliases: [] },
	{ code: 'ENTO', name: 'Entomology', aliases: [] },
	{ code: 'HORT', name: 'Horticulture', aliases: [] }
];

// As of Tuesday 2020-06-30: T = Wednesday 2020-07-01 00:00Z.
const fixture = state({
	asOf: '2020-06-30',
	departments,
	managed: [
		managed('ANSC-1', 'ANSC'),
		managed('ANSC-OLD', 'ANSC', { os: 'macOS 10.15', lastSeen: '2020-05-02' }),
		managed('ANSC-NEVER', 'ANSC'),
		managed('HORT-1', 'Horticulture')
	],
	devices: [
		// Wednesday 02-05 → week of Monday 02-03
		device('a1', { deviceName: 'ANSC-1', creationDate: '2020-02-05T10:00:00Z' }),
		// Saturday 02-01, deactivated: it still began the rollout → week of Monday 01-27
		device('old', {
			deviceName: 'ANSC-OLD',
			status: 'Deactivated',
			creationDate: '2020-02-01T00:00:00Z'
		}),
		// placed by its org; Tuesday 03-10 → Monday 03-09
		device('e1', {
			deviceName: 'ENTO-9',
			orgName: 'Entomology',
			creationDate: '2020-03-10T08:00:00Z'
		}),
		// placed in ANSC by its org, but its install date is after T: it began nothing as of D
		device('later', { deviceName: 'ANSC-X', orgName: 'ANSC', creationDate: '2020-07-05T00:00:00Z' })
	]
});

describe('rolloutStarts', () => {
	it('is the Monday of the week of each department’s earliest install', () => {
		expect(Object.fromEntries(rolloutStarts(fixture))).toEqual({
			ANSC: '2020-01-27',
			ENTO: '2020-03-09'
		});
	});
});

describe('weeksSince', () => {
	it('counts whole weeks from the Monday to the end of the as-of day', () => {
		// 01-27 → 07-01 = 156 days = 22 weeks and 2 days
		expect(weeksSince('2020-01-27', '2020-06-30')).toBe(22);
		// 03-09 → 07-01 = 114 days = 16 weeks and 2 days
		expect(weeksSince('2020-03-09', '2020-06-30')).toBe(16);
		expect(weeksSince('2020-06-24', '2020-06-30')).toBe(1); // exactly 7 days
		expect(weeksSince('2020-06-24', '2020-06-29')).toBe(0);
		expect(weeksSince('2020-07-06', '2020-06-30')).toBe(0); // never negative
		expect(() => weeksSince('2020-02-30', '2020-06-30')).toThrow(RangeError);
	});
});

describe('stragglerRows', () => {
	it('lists managed computers without an active device, with their weeks of prompts', () => {
		expect(
			stragglerRows(fixture).map((s) => [
				s.department,
				s.computerName,
				s.os,
				s.lastSeen,
				s.rolloutBegan,
				s.weeksSinceRolloutBegan,
				s.inactiveDeviceUids
			])
		).toEqual([
			['ANSC', 'ANSC-NEVER', 'Windows 10', '2020-06-01', '2020-01-27', 22, []],
			['ANSC', 'ANSC-OLD', 'macOS 10.15', '2020-05-02', '2020-01-27', 22, ['old']],
			['HORT', 'HORT-1', 'Windows 10', '2020-06-01', null, null, []]
		]);
	});
});
