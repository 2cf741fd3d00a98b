import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../src/lib/server/audit';
import { openDatabase, type Db } from '../src/lib/server/db';
import { useToken } from '../src/lib/server/tokens';
import { run } from './tokens';

let db: Db;
let out: string[];
let err: string[];
beforeEach(() => {
	db = openDatabase(':memory:');
	out = [];
	err = [];
});

const tokens = (...argv: string[]) =>
	run(argv, db, { out: (l) => out.push(l), err: (l) => err.push(l) }, 'cli:tester');
const USE = { method: 'POST', path: '/api/v1/imports', ip: '127.0.0.1' };

describe('npm run tokens', () => {
	it('creates a token and prints it once, as JSON when asked', () => {
		expect(tokens('create', '--name', 'billing cron', '--role', 'uploader', '--json')).toBe(0);
		const created = JSON.parse(out[0]);
		expect(Object.keys(created)).toEqual(['name', 'role', 'token']);
		expect(created).toMatchObject({ name: 'billing cron', role: 'uploader' });
		expect(useToken(db, created.token, USE)).toEqual({ name: 'billing cron', role: 'uploader' });

		out = [];
		expect(tokens('create', '--name', 'board', '--role', 'Leadership')).toBe(0);
		expect(out[0]).toBe('Created the leadership token "board". It is shown only this once:');
		expect(useToken(db, out[1], USE)?.role).toBe('leadership');
		expect(listAudit(db, { action: 'token.create' }).entries.map((e) => e.actor)).toEqual([
			'cli:tester',
			'cli:tester'
		]);
	});

	it('lists the tokens with their last use, and revokes one by name', () => {
		tokens('create', '--name', 'board', '--role', 'leadership', '--json');
		const { token } = JSON.parse(out[0]);
		tokens('create', '--name', 'billing cron', '--role', 'uploader');
		useToken(db, token, USE, new Date('2020-12-07T07:00:00Z'));
		out = [];
		expect(tokens('list')).toBe(0);
		expect(out).toEqual([
			'billing cron\tuploader\tnever used',
			'board\tleadership\tlast used 2020-12-07T07:00:00.000Z'
		]);
		out = [];
		expect(tokens('revoke', '--name', 'board')).toBe(0);
		expect(out).toEqual(['Revoked the token "board": scripts that send it now get 401.']);
		expect(useToken(db, token, USE)).toBeNull();
		out = [];
		expect(tokens('list', '--json')).toBe(0);
		expect(JSON.parse(out.join('\n')).map((t: { name: string }) => t.name)).toEqual([
			'billing cron'
		]);
	});

	it('refuses with 1 and a sentence, and answers a usage error with 2 and the usage', () => {
		expect(tokens('revoke', '--name', 'nothing')).toBe(1);
		expect(err).toEqual(['There is no token named "nothing".']);
		err = [];
		expect(tokens('create', '--name', 'x', '--role', 'admin')).toBe(1);
		expect(err[0]).toBe('A token\'s role is uploader or leadership, not "admin".');
		for (const argv of [['create', '--role', 'uploader'], ['rotate'], [], ['list', 'extra']]) {
			err = [];
			expect(tokens(...argv)).toBe(2);
			expect(err[0]).toMatch(/Usage: npm run tokens/);
		}
	});
});
