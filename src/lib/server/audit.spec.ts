import { beforeEach, describe, expect, it } from 'vitest';
import { audit, auditActions, auditCsv, countAuditSince, csvCell, listAudit } from './audit';
import { openDatabase, type Db } from './db';

let db: Db;
beforeEach(() => {
	db = openDatabase(':memory:');
});

describe('csvCell', () => {
	it('neutralizes cells a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
		expect(csvCell('+1+1')).toBe("'+1+1");
		expect(csvCell('-2')).toBe("'-2");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tcmd')).toBe("'\tcmd");
		expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
	});

	it('leaves ordinary text alone and quotes what CSV needs quoted', () => {
		expect(csvCell('ann@college.edu')).toBe('ann@college.edu');
		expect(csvCell('a, b')).toBe('"a, b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
		expect(csvCell(42)).toBe('42');
		expect(csvCell({ role: 'admin' })).toBe('"{""role"":""admin""}"');
	});
});

describe('the audit log', () => {
	it('lists the newest first, filtered by action, action prefix and who or what', () => {
		audit(
			db,
			'a@college.edu',
			'user.add',
			'b@college.edu',
			{ role: 'admin' },
			new Date('2024-01-01')
		);
		audit(db, 'a@college.edu', 'user.remove', 'c@college.edu', null, new Date('2024-01-02'));
		audit(db, 'b@college.edu', 'sign-in', 'b@college.edu', null, new Date('2024-01-03'));
		expect(listAudit(db).entries.map((e) => e.action)).toEqual([
			'sign-in',
			'user.remove',
			'user.add'
		]);
		expect(listAudit(db, { action: 'user.' }).total).toBe(2);
		expect(listAudit(db, { action: 'user.add' }).entries[0].details).toEqual({ role: 'admin' });
		expect(listAudit(db, { search: 'c@college' }).entries.map((e) => e.action)).toEqual([
			'user.remove'
		]);
		expect(listAudit(db, { limit: 1, offset: 1 }).entries.map((e) => e.action)).toEqual([
			'user.remove'
		]);
		expect(auditActions(db)).toEqual(['sign-in', 'user.add', 'user.remove']);
	});

	it('takes % and _ in a search literally', () => {
		audit(db, 'x', 'settings.change', 'tariff_2020', null);
		audit(db, 'x', 'settings.change', 'tariffX2020', null);
		audit(db, 'x', 'settings.change', '100%', null);
		expect(listAudit(db, { search: 'tariff_' }).entries.map((e) => e.subject)).toEqual([
			'tariff_2020'
		]);
		expect(listAudit(db, { search: '%' }).entries.map((e) => e.subject)).toEqual(['100%']);
	});

	it('counts entries since an instant by subject and address', () => {
		const at = new Date('2024-05-01T12:00:00Z');
		audit(db, 'x', 'sign-in.failed', 'a@c.edu', { ip: '10.0.0.1' }, at);
		audit(db, 'x', 'sign-in.failed', 'a@c.edu', { ip: '10.0.0.2' }, at);
		audit(db, 'x', 'sign-in.failed', 'b@c.edu', { ip: '10.0.0.1' }, at);
		audit(
			db,
			'x',
			'sign-in.failed',
			'a@c.edu',
			{ ip: '10.0.0.1' },
			new Date('2024-05-01T11:00:00Z')
		);
		const since = new Date('2024-05-01T11:30:00Z');
		expect(countAuditSince(db, 'sign-in.failed', since, { subject: 'a@c.edu' })).toBe(2);
		expect(countAuditSince(db, 'sign-in.failed', since, { ip: '10.0.0.1' })).toBe(2);
		expect(
			countAuditSince(db, 'sign-in.failed', since, { subject: 'a@c.edu', ip: '10.0.0.1' })
		).toBe(1);
		expect(countAuditSince(db, 'sign-in', since, {})).toBe(0);
	});

	it('exports every entry as CSV, oldest first, across pages, with hostile cells neutralized', () => {
		for (let i = 0; i < 1203; i++) audit(db, 'x', 'import', `file-${i}.csv`, null);
		audit(db, '=cmd|calc', 'user.add', '@evil', { note: '-1' });
		const lines = [...auditCsv(db)].join('').split('\r\n');
		expect(lines[0]).toBe('id,at,actor,action,subject,details');
		expect(lines).toHaveLength(1 + 1204 + 1); // header, entries, the empty string after the last CRLF
		expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\dT[^,]+,x,import,file-0\.csv,$/);
		expect(lines[1204]).toMatch(/,'=cmd\|calc,user\.add,'@evil,"{""note"":""-1""}"$/);
		expect([...auditCsv(db, { action: 'user.add' })]).toHaveLength(2);
	});
});
