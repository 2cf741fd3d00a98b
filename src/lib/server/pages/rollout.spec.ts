import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { importFile } from '../imports/pipeline';
import type { Department } from '../metrics/types';
import {
	departmentFromUrl,
	healthFilterFrom,
	sortDepartmentRows,
	sortFrom,
	visibleDepartments,
	type DepartmentRow
} from './rollout';

const row = (code: string, fields: Partial<DepartmentRow> = {}): DepartmentRow => ({
	code,
	name: code,
	managed: 10,
	adopted: 5,
	adoptionPct: 50,
	installed: 5,
	active: 5,
	ok: 5,
	warning: 0,
	critical: 0,
	never: 0,
	failures: 0,
	stragglers: 5,
	rolloutBegan: null,
	perWeek: 1,
	slowestWeek: 1,
	fastestWeek: 1,
	remaining: 5,
	paceStatus: 'projected',
	projectedDate: '2021-01-01',
	earliestDate: null,
	latestDate: null,
	...fields
});

const departments: Department[] = [
	{ code: 'ANSC', name: 'Animal Science', aliases: [] },
	{ code: 'ENTOM', name: 'Entomology', aliases: [] }
];

describe('sorting the departments list', () => {
	const rows = [
		row('ANSC', { adoptionPct: 93.6, projectedDate: '2021-01-25' }),
		row('CB', { adoptionPct: 90, projectedDate: null }),
		row('ENTOM', { adoptionPct: 97.1, projectedDate: null }),
		row('NS', { adoptionPct: 93.6, projectedDate: '2020-12-20' }),
		row('UNASSIGNED', { adoptionPct: null, projectedDate: null })
	];
	const codes = (list: DepartmentRow[]) => list.map((r) => r.code);

	it('sorts either way, blanks last, ties in code order', () => {
		expect(codes(sortDepartmentRows(rows, 'adoptionPct', 'desc'))).toEqual([
			'ENTOM',
			'ANSC',
			'NS',
			'CB',
			'UNASSIGNED'
		]);
		expect(codes(sortDepartmentRows(rows, 'adoptionPct', 'asc'))).toEqual([
			'CB',
			'ANSC',
			'NS',
			'ENTOM',
			'UNASSIGNED'
		]);
		expect(codes(sortDepartmentRows(rows, 'projectedDate', 'asc'))).toEqual([
			'NS',
			'ANSC',
			'CB',
			'ENTOM',
			'UNASSIGNED'
		]);
		expect(codes(sortDepartmentRows(rows, 'code', 'desc'))).toEqual([
			'UNASSIGNED',
			'NS',
			'ENTOM',
			'CB',
			'ANSC'
		]);
	});

	it('reads the sort from the URL, by code ascending unless told', () => {
		expect(sortFrom(new URL('http://x/departments'))).toEqual({ key: 'code', dir: 'asc' });
		expect(sortFrom(new URL('http://x/?sort=failures&dir=desc'))).toEqual({
			key: 'failures',
			dir: 'desc'
		});
		expect(sortFrom(new URL('http://x/?sort=drop%20table&dir=up'))).toEqual({
			key: 'code',
			dir: 'asc'
		});
	});
});

describe('departments in scope', () => {
	const db = openDatabase(':memory:');
	importFile(db, {
		fileName: 'departments.csv',
		bytes: new TextEncoder().encode(
			'Code,Name,Aliases\r\n' + departments.map((d) => `${d.code},${d.name},`).join('\r\n')
		),
		kind: 'departments',
		uploadedBy: 'test'
	});

	it('lists what a manager may see, and 404s the rest', () => {
		expect(visibleDepartments(db, ['ANSC']).map((d) => d.code)).toEqual(['ANSC']);
		expect(visibleDepartments(db, null).map((d) => d.code)).toEqual([
			'ANSC',
			'ENTOM',
			'UNASSIGNED'
		]);
		expect(departmentFromUrl(visibleDepartments(db, ['ANSC']), ' ansc ').code).toBe('ANSC');
		expect(() => departmentFromUrl(visibleDepartments(db, ['ANSC']), 'ENTOM')).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => departmentFromUrl(visibleDepartments(db, null), 'NOPE')).toThrow(
			expect.objectContaining({ status: 404 })
		);
	});

	it('reads the health filters, refusing unknown ones', () => {
		const url = (q: string) => new URL(`http://x/health${q}`);
		const all = visibleDepartments(db, null);
		expect(healthFilterFrom(url(''), all)).toEqual({
			department: null,
			os: null,
			bucket: 'failures'
		});
		expect(healthFilterFrom(url('?department=entom&os=Mac&bucket=never'), all)).toEqual({
			department: 'ENTOM',
			os: 'Mac',
			bucket: 'never'
		});
		expect(() => healthFilterFrom(url('?os=BeOS'), all)).toThrow(
			expect.objectContaining({ status: 400 })
		);
		expect(() => healthFilterFrom(url('?bucket=great'), all)).toThrow(
			expect.objectContaining({ status: 400 })
		);
		expect(() =>
			healthFilterFrom(url('?department=ENTOM'), visibleDepartments(db, ['ANSC']))
		).toThrow(expect.objectContaining({ status: 404 }));
	});
});
