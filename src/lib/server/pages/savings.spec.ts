import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv';
import type { NodeRow } from '../metrics/nodes';
import { state } from '../metrics/fixtures';
import { centsToDecimal, nodeFilter, pageDepartments, TURN_OFF_COLUMNS } from './savings';

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
