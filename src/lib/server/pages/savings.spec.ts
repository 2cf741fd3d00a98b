import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../csv';
import { openDatabase, type Db } from '../db';
import { figuresAt } from '../figures/at';
import { withNodesAt } from '../figures/nodes';
import { nodePage, spendOf } from '../figures/savings';
import { importFile } from '../imports/pipeline';
import type { NodeRow } from '../metrics/nodes';
import { centsToDecimal } from './nodes';
import { nodeFilter, pageDepartments, spendColumns, spendTable, TURN_OFF_COLUMNS } from './savings';

const departments = [
	{ code: 'ANSC', name: 'Animal Science', aliases: [] },
	{ code: 'ENTO', name: 'Entomology', aliases: [] }
];

/** A database holding the departments and, when given, a billing file's rows. */
function withBilling(rows: string[] = []): Db {
	const db = openDatabase(':memory:');
	const file = (fileName: string, text: string, kind: 'departments' | 'ezbackup-billing') =>
		expect(
			importFile(db, { fileName, bytes: new TextEncoder().encode(text), kind, uploadedBy: 'test' })
				.status
		).toBe('imported');
	file(
		'departments.csv',
		'Code,Name,Aliases\r\n' + departments.map((d) => `${d.code},${d.name},`).join('\r\n'),
		'departments'
	);
	if (rows.length > 0) {
		file(
			'billing.csv',
			'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total\r\n' +
				rows.join('\r\n'),
			'ezbackup-billing'
		);
	}
	return db;
}

describe('pageDepartments', () => {
	const s = withBilling();

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
	it('shows the nodes still billed unless asked otherwise', async () => {
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
	const cents = (n: number) => (n / 100).toFixed(2);
	const row = (month: string, node: string, total: number, department: string, size = '1.0G') =>
		`${month},IT-ABC1234,${department},${node},${size},0.0M,${size},0.0M,${cents(total)},0.00,${cents(total)}`;
	const db = withBilling([
		...['2020-03', '2020-04', '2020-05', '2020-06'].map((m) => row(m, 'A@S', 100, 'ANSC', '5.0G')),
		row('2020-03', 'D@S', 30, 'ANSC'),
		row('2020-05', 'B@S', 40, 'ENTO'),
		row('2020-06', 'B@S', 40, 'ENTO'),
		row('2020-06', 'F@S', 7, '')
	]);
	const codes = ['ANSC', 'ENTO', 'UNASSIGNED'];
	const at = figuresAt(db, '2020-06-30');
	const figures = () =>
		withNodesAt(db, at, (latest) => ({
			spend: spendOf(db, codes, latest),
			nodes: nodePage(db, at, { codes, show: 'all' }, null)
		}));
	let spend: Awaited<ReturnType<typeof figures>>['spend'];
	let nodes: NodeRow[];
	beforeAll(async () => ({ spend, nodes } = await figures()));

	it('lists each node as the page shows it', () => {
		expect(nodes.map((n) => n.nodename)).toEqual(['A@S', 'D@S', 'B@S', 'F@S']);
		expect(nodes[0]).toMatchObject({
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
		expect(nodes[1]).toMatchObject({ nodename: 'D@S', status: 'retired', sinceMonth: '2020-04' });
	});

	it('charts the departments charged most one by one and the others as one column', () => {
		expect(spendTable(spend, codes)).toEqual({
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
		expect(spendTable(spend, codes, 1)).toEqual({
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
		expect(toCsv(spend, spendColumns(spend, codes))).toBe(
			'Month,ANSC (cents),ENTO (cents),UNASSIGNED (cents),Total (cents)\r\n' +
				'2020-03,130,0,0,130\r\n2020-04,100,0,0,100\r\n2020-05,100,40,0,140\r\n' +
				'2020-06,100,40,7,147\r\n'
		);
	});
});
