import { describe, expect, it } from 'vitest';
import { charge, state } from './fixtures';
import { nodeSavings, sumSavings } from './savings';
import {
	addMonths,
	collegeNet,
	largestDepartments,
	monthRange,
	spendByMonth,
	spendWithoutRetirements
} from './spend';
import type { Department } from './types';

describe('months', () => {
	it('counts across the turn of the year', () => {
		expect(addMonths('2020-11', 2)).toBe('2021-01');
		expect(addMonths('2020-01', -1)).toBe('2019-12');
		expect(addMonths('2020-06', 0)).toBe('2020-06');
		expect(monthRange('2020-11', '2021-02')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
		expect(monthRange('2020-03', '2020-02')).toEqual([]);
		expect(() => monthRange('2020-13', '2021-01')).toThrow(/not a month/);
	});
});

describe('spendByMonth and spendWithoutRetirements', () => {
	// D = 2020-06-30: the latest billed month is 2020-06 (E's July charge is after D).
	// A (ANSC): 03 550, 04 575, 05 575, 06 600: still billed.
	// B (ENTO): 04 700, 05 700 then 05 again as 'b@s', 710: the later wins. Retired after May;
	//   two months only: baseline (700 + 710) / 2 = 705; saves June: 705.
	// C (ENTO): 03 333, 04 334 → 333.5 → 334 (half up); retired after April: May, June → 668.
	// D (ANSC): 02 100, a single month → baseline 100; retired after Feb: Mar–Jun → 400.
	// F: 06 50, no department → UNASSIGNED.
	// Spend: 02 100 | 03 550 + 333 = 883 | 04 575 + 700 + 334 = 1609 | 05 575 + 710 = 1285 |
	//        06 600 + 50 = 650.
	// Saving: D adds 100 to 03–06, C 334 to 05–06, B 705 to 06:
	//        02 0 | 03 100 | 04 100 | 05 434 | 06 1139; total 1773 = 400 + 668 + 705.
	const ANSC: Department = { code: 'ANSC', name: 'Animal Science', aliases: [] };
	const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: [] };
	const fixture = state({
		asOf: '2020-06-30',
		departments: [ANSC, ENTO],
		charges: [
			charge('2020-03', 'A@S', 550, { department: 'ANSC' }),
			charge('2020-04', 'A@S', 575, { department: 'ANSC' }),
			charge('2020-05', 'A@S', 575, { department: 'ANSC' }),
			charge('2020-06', 'A@S', 600, { department: 'ANSC' }),
			charge('2020-04', 'B@S', 700, { department: 'ENTO' }),
			charge('2020-05', 'B@S', 700, { department: 'ENTO' }),
			charge('2020-03', 'C@S', 333, { department: 'ENTO' }),
			charge('2020-04', 'C@S', 334, { department: 'ENTO' }),
			charge('2020-02', 'D@S', 100, { department: 'ANSC' }),
			charge('2020-07', 'E@S', 999, { department: 'ANSC' }),
			charge('2020-06', 'F@S', 50),
			charge('2020-05', 'b@s', 710, { department: 'ENTO' })
		]
	});
	const result = nodeSavings(fixture);
	const all = ['ANSC', 'ENTO', 'UNASSIGNED'];

	it('adds the charges of each month by department, from the first billed month to the latest', () => {
		expect(spendByMonth(fixture.charges, result, all)).toEqual([
			{ month: '2020-02', byDepartment: { ANSC: 100, ENTO: 0, UNASSIGNED: 0 }, totalCents: 100 },
			{ month: '2020-03', byDepartment: { ANSC: 550, ENTO: 333, UNASSIGNED: 0 }, totalCents: 883 },
			{
				month: '2020-04',
				byDepartment: { ANSC: 575, ENTO: 1034, UNASSIGNED: 0 },
				totalCents: 1609
			},
			{
				month: '2020-05',
				byDepartment: { ANSC: 575, ENTO: 710, UNASSIGNED: 0 },
				totalCents: 1285
			},
			{ month: '2020-06', byDepartment: { ANSC: 600, ENTO: 0, UNASSIGNED: 50 }, totalCents: 650 }
		]);
	});

	it('keeps to the departments asked for, from their own first month', () => {
		expect(spendByMonth(fixture.charges, result, ['ENTO'])).toEqual([
			{ month: '2020-03', byDepartment: { ENTO: 333 }, totalCents: 333 },
			{ month: '2020-04', byDepartment: { ENTO: 1034 }, totalCents: 1034 },
			{ month: '2020-05', byDepartment: { ENTO: 710 }, totalCents: 710 },
			{ month: '2020-06', byDepartment: { ENTO: 0 }, totalCents: 0 }
		]);
	});

	it('adds each retired node’s baseline to every month after its last bill', () => {
		const spend = spendByMonth(fixture.charges, result, all);
		const comparison = spendWithoutRetirements(spend, result.nodes, all);
		expect(comparison.map((m) => [m.month, m.actualCents, m.withoutRetirementsCents])).toEqual([
			['2020-02', 100, 100],
			['2020-03', 883, 983],
			['2020-04', 1609, 1709],
			['2020-05', 1285, 1719],
			['2020-06', 650, 1789]
		]);
		expect(comparison.map((m) => [m.savedCents, m.retiredNodes])).toEqual([
			[0, 0],
			[100, 1],
			[100, 1],
			[434, 2],
			[1139, 3]
		]);
	});

	it('makes the monthly savings add up to the realized savings, to the cent', () => {
		for (const codes of [all, ['ANSC'], ['ENTO'], ['UNASSIGNED']]) {
			const nodes = result.nodes.filter((n) => codes.includes(n.department));
			const comparison = spendWithoutRetirements(
				spendByMonth(fixture.charges, result, codes),
				result.nodes,
				codes
			);
			const saved = comparison.reduce((s, m) => s + m.savedCents, 0);
			expect(saved).toBe(sumSavings(nodes).realizedCents);
		}
		expect(sumSavings(result.nodes).realizedCents).toBe(1773);
	});

	it('is empty without any charge up to D', () => {
		const none = nodeSavings(state({ asOf: '2020-01-31', charges: fixture.charges }));
		expect(spendByMonth(fixture.charges, none, all)).toEqual([]);
		expect(spendWithoutRetirements([], none.nodes, all)).toEqual([]);
	});
});

describe('largestDepartments', () => {
	const month = (m: string, byDepartment: Record<string, number>) => ({
		month: m,
		byDepartment,
		totalCents: Object.values(byDepartment).reduce((s, c) => s + c, 0)
	});
	// over the two months: A 300, B 500, C 300, D 0, E 100, F 50
	const spend = [
		month('2020-01', { A: 100, B: 200, C: 300, D: 0, E: 100, F: 0 }),
		month('2020-02', { A: 200, B: 300, C: 0, D: 0, E: 0, F: 50 })
	];
	const codes = ['A', 'B', 'C', 'D', 'E', 'F'];

	it('stacks the departments charged most, largest first, ties in code order, and adds up the rest', () => {
		expect(largestDepartments(spend, codes, 2)).toEqual({
			shown: ['B', 'A'],
			others: ['C', 'E', 'F']
		});
		expect(largestDepartments(spend, codes, 3)).toEqual({
			shown: ['B', 'A', 'C'],
			others: ['E', 'F']
		});
	});

	it('never makes "other departments" of a single one, and leaves out those charged nothing', () => {
		expect(largestDepartments(spend, codes, 4)).toEqual({
			shown: ['B', 'A', 'C', 'E', 'F'],
			others: []
		});
		expect(largestDepartments(spend, codes, 10).shown).not.toContain('D');
		expect(largestDepartments([], codes, 2)).toEqual({ shown: [], others: [] });
	});
});

describe('collegeNet', () => {
	it('sets the Code42 cost of the active devices against the saving, per month and per year', () => {
		// saving 1139 + 600 = 1739 a month; Code42 3 × 250 = 750 → net 989 a month, 11,868 a year
		expect(collegeNet({ runRateCents: 1139, eligibleMonthlyCents: 600 }, 3, 250)).toEqual({
			activeDevices: 3,
			centsPerDeviceMonth: 250,
			code42MonthlyCents: 750,
			code42AnnualCents: 9000,
			savingMonthlyCents: 1739,
			savingAnnualCents: 20868,
			netMonthlyCents: 989,
			netAnnualCents: 11868
		});
	});

	it('goes below zero when Code42 costs more than the departments save', () => {
		const net = collegeNet({ runRateCents: 1139, eligibleMonthlyCents: 600 }, 10, 250);
		expect([net.netMonthlyCents, net.netAnnualCents]).toEqual([-761, -9132]);
	});

	it('is the saving itself while no cost is set', () => {
		const net = collegeNet({ runRateCents: 100, eligibleMonthlyCents: 0 }, 1165, 0);
		expect([net.code42AnnualCents, net.netAnnualCents]).toEqual([0, 1200]);
	});

	it('refuses a cost that is not whole cents', () => {
		expect(() => collegeNet({ runRateCents: 0, eligibleMonthlyCents: 0 }, 1, 2.5)).toThrow(
			/whole number/
		);
		expect(() => collegeNet({ runRateCents: 0, eligibleMonthlyCents: 0 }, -1, 2)).toThrow(
			RangeError
		);
	});
});
