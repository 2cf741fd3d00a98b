import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { importFile } from '../imports/pipeline';
import { departmentsInForce } from '../kept/departments';
import { addAlias } from './unassigned';

function withDepartments() {
	const db = openDatabase(':memory:');
	const csv =
		'Code,Name,Aliases\r\nANSC,Animal Science,"CALS-ANSC;Dept of Animal Science"\r\nENTOM,Entomology,CALS-ENTOM\r\n';
	const outcome = importFile(db, {
		fileName: 'departments.csv',
		bytes: new TextEncoder().encode(csv),
		kind: 'departments',
		uploadedBy: 'test'
	});
	expect(outcome.status).toBe('imported');
	return db;
}

describe('adding an alias from the Unassigned page', () => {
	it('adds it to the department through an import, leaving the others as they were', () => {
		const db = withDepartments();
		expect(addAlias(db, 'ANSC', '  CALS-Unsorted ', 'erin@college.edu')).toEqual({
			ok: true,
			message: '"CALS-Unsorted" is now an alias of ANSC.'
		});
		expect(departmentsInForce(db)).toEqual([
			{
				code: 'ANSC',
				name: 'Animal Science',
				aliases: ['CALS-ANSC', 'Dept of Animal Science', 'CALS-Unsorted']
			},
			{ code: 'ENTOM', name: 'Entomology', aliases: ['CALS-ENTOM'] }
		]);
		const history = db.$client
			.prepare(`SELECT kind, uploaded_by AS by FROM imports ORDER BY id`)
			.all() as { kind: string; by: string }[];
		expect(history.at(-1)).toEqual({ kind: 'departments', by: 'erin@college.edu' });
		expect(
			db.$client
				.prepare(`SELECT actor, action, subject FROM audit_log WHERE action LIKE 'department.%'`)
				.all()
		).toEqual([{ actor: 'erin@college.edu', action: 'department.alias-add', subject: 'ANSC' }]);
		db.$client.close();
	});

	it('refuses an alias that already names a department, a blank one, a ";" and an unknown code', () => {
		const db = withDepartments();
		expect(addAlias(db, 'ANSC', 'cals-entom', 'x')).toMatchObject({ ok: false, status: 409 });
		expect(addAlias(db, 'ANSC', 'entomology', 'x')).toMatchObject({ ok: false, status: 409 });
		expect(addAlias(db, 'ANSC', '   ', 'x')).toMatchObject({ ok: false, status: 400 });
		expect(addAlias(db, 'ANSC', 'a;b', 'x')).toMatchObject({ ok: false, status: 400 });
		expect(addAlias(db, 'NOPE', 'Plant Lab', 'x')).toMatchObject({ ok: false, status: 400 });
		expect(departmentsInForce(db).find((d) => d.code === 'ANSC')?.aliases).toEqual([
			'CALS-ANSC',
			'Dept of Animal Science'
		]);
		db.$client.close();
	});

	it('keeps names that start like a formula as they are (the file is read back in)', () => {
		const db = withDepartments();
		expect(addAlias(db, 'ENTOM', '=Bug Lab "East"', 'x')).toMatchObject({ ok: true });
		expect(departmentsInForce(db).find((d) => d.code === 'ENTOM')?.aliases).toEqual([
			'CALS-ENTOM',
			'=Bug Lab "East"'
		]);
		db.$client.close();
	});
});
