import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv';
import type { NodeRow } from '../metrics/nodes';
import { charge, state } from '../metrics/fixtures';
import {
	centsToDecimal,
	nodeFilter,
	pageDepartments,
	savingsPage,
	savingsView,
	spendColumns,
	spendTable,
	TURN_OFF_COLUMNS
} from './savings';

const departments = [
	{ code: 'ANSC', name: 'Animal Science', aliases: [] },
	{ code: 'ENTO', name: 'Entomology', aliases: [] }
];

describe('pageDepartments', () => {
	const s = state({ departments });

	it('covers every department and UNASSIGNED for someone who sees all', () => {
		expect(pageDepartments(s, null, null)).toEqual({
			choices: [
				{ code: 'ANSC', name: 'Animal Science' },
				{ code: 'ENTO', name: 'Entomology' },
				{ code: 'UNASSIGNED', name: 'Unassigned' }
			],
			codes: ['ANSC', 'ENTO', 'UNASSIGNED'],
			selected: null
		});
		expect(pageDepartments(s, null, 'ento')).toMatchObject({ codes: ['ENTO'], selected: 'ENTO' });
	});

	it('keeps a manager to their departments, and a department outside them does not exist', () => {
		expect(pageDepartments(s, ['ENTO'], null)).toMatchObject({
			choices: [{ code: 'ENTO', name: 'Entomology' }],
			codes: ['ENTO']
		});
		expect(() => pageDepartments(s, ['ENTO'], 'ANSC')).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => pageDepartments(s, ['ENTO'], 'UNASSIGNED')).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => pageDepartments(s, null, 'NOPE')).toThrow(
			expect.objectContaining({ status: 404 })
		);
	});
});

describe('the cancellation CSV', () => {
	it('writes dollars with two decimals, exactly', () => {
		expect([
			centsToDecimal(550),
			centsToDecimal(5),
			centsToDecimal(0),
			centsToDecimal(123456)
		]).toEqual(['5.50', '0.05', '0.00', '1234.56']);
		expect(centsToDecimal(-5)).toBe('-0.05');
	});

	it('has what the cancellation form needs, one line per node, formulas neutralized', () => {
		const row = {
			account: 'IT-ANS1004',
			nodename: '=HYPERLINK("x")@S',
			department: 'ANSC',
			lastMonth: '2020-11',
			latestChargeCents: 601
		} as NodeRow;
		expect(toCsv([row], TURN_OFF_COLUMNS)).toBe(
			'Account,Nodename,Department,Last billed month,Monthly charge (USD)\r\n' +
				`IT-ANS1004,"'=HYPERLINK(""x"")@S",ANSC,2020-11,6.01\r\n`
		);
	});
});

describe('nodeFilter', () => {
	it('shows the nodes still billed unless asked otherwise', () => {
		expect([nodeFilter(null), nodeFilter('retired'), nodeFilter('all'), nodeFilter('x')]).toEqual([
			'billed',
			'retired',
			'all',
			'billed'
		]);
	});
});

describe("the savings page's data", () => {
	// ANSC: A billed 03–06 (100 a month), D billed 03 only (retired); ENTO: B billed 05–06 (40);
	// UNASSIGNED: F billed 06 (7)
	const s = state({
		departments,
		charges: [
			...['2020-03', '2020-04', '2020-05', '2020-06'].map((m) =>
				charge(m, 'A@S', 100, { department: 'ANSC', totalBytes: 5e9 })
			),
			charge('2020-03', 'D@S', 30, { department: 'ANSC' }),
			charge('2020-05', 'B@S', 40, { department: 'ENTO' }),
			charge('2020-06', 'B@S', 40, { department: 'ENTO' }),
			charge('2020-06', 'F@S', 7)
		]
	});
	const codes = ['ANSC', 'ENTO', 'UNASSIGNED'];
	const figures = savingsPage(s, codes, { college: true, show: 'all' });

	it('holds what the page renders of each node, and is shaped once per set of figures', () => {
		const view = savingsView(figures);
		expect(savingsView(figures)).toBe(view);
		expect(view.nodes.map((n) => n.nodename).sort()).toEqual(['A@S', 'B@S', 'D@S', 'F@S']);
		expect(view.nodes.find((n) => n.nodename === 'A@S')).toEqual({
			nodename: 'A@S',
			account: 'IT-ABC1234',
			department: 'ANSC',
			sizeBytes: 5e9,
			latestChargeCents: 100,
			status: 'billed',
			sinceMonth: '2020-03',
			eligible: false,
			devices: []
		});
		expect(view.byDepartment.map((d) => Object.keys(d))).toEqual(
			codes.map(() => [
				'code',
				'realizedCents',
				'runRateCents',
				'eligibleMonthlyCents',
				'eligibleNodes',
				'projectedAnnualCents'
			])
		);
	});

	it('charts the departments charged most one by one and the others as one column', () => {
		expect(spendTable(figures.spend, codes)).toEqual({
			months: ['2020-03', '2020-04', '2020-05', '2020-06'],
			departments: ['ANSC', 'ENTO', 'UNASSIGNED'],
			others: 0,
			cents: [
				[130, 0, 0],
				[100, 0, 0],
				[100, 40, 0],
				[100, 40, 7]
			],
			totalCents: [130, 100, 140, 147]
		});
		expect(spendTable(figures.spend, codes, 1)).toEqual({
			months: ['2020-03', '2020-04', '2020-05', '2020-06'],
			departments: ['ANSC'],
			others: 2,
			cents: [
				[130, 0],
				[100, 0],
				[100, 40],
				[100, 47]
			],
			totalCents: [130, 100, 140, 147]
		});
	});

	it('downloads every department charged, month by month, in cents', () => {
		expect(toCsv(figures.spend, spendColumns(figures))).toBe(
			'Month,ANSC (cents),ENTO (cents),UNASSIGNED (cents),Total (cents)\r\n' +
				'2020-03,130,0,0,130\r\n2020-04,100,0,0,100\r\n2020-05,100,40,0,140\r\n' +
				'2020-06,100,40,7,147\r\n'
		);
	});
});
