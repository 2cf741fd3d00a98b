import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../src/lib/server/audit';
import { openDatabase, type Db } from '../src/lib/server/db';
import { findUserByEmail } from '../src/lib/server/users';
import { run } from './users';

let db: Db;
let out: string[];
let err: string[];
beforeEach(() => {
	db = openDatabase(':memory:');
	out = [];
	err = [];
});

const users = (...argv: string[]) =>
	run(argv, db, { out: (l) => out.push(l), err: (l) => err.push(l) }, 'cli:tester');

describe('npm run users', () => {
	it('adds, lists, changes and removes users, as the tester', async () => {
		expect(
			await users(
				'add',
				'--email',
				'Boss@College.edu',
				'--password',
				'long enough password',
				'--role',
				'admin'
			)
		).toBe(0);
		expect(
			await users(
				'add',
				'--email',
				'm@college.edu',
				'--role',
				'manager',
				'--department',
				'ansc',
				'--department',
				'CS'
			)
		).toBe(0);
		expect(out).toEqual([
			'Added boss@college.edu (admin).',
			'Added m@college.edu (manager of ANSC, CS).'
		]);
		out = [];
		expect(await users('list')).toBe(0);
		expect(out).toEqual([
			'boss@college.edu\tadmin\tpassword',
			'm@college.edu\tmanager of ANSC, CS\tno sign-in'
		]);
		expect(await users('set-role', '--email', 'm@college.edu', '--role', 'leadership')).toBe(0);
		expect(findUserByEmail(db, 'm@college.edu')?.role).toBe('leadership');
		expect(
			await users('reset-password', '--email', 'm@college.edu', '--password', 'a new long password')
		).toBe(0);
		expect(findUserByEmail(db, 'm@college.edu')?.signIn).toEqual(['password']);
		expect(await users('remove', '--email', 'm@college.edu')).toBe(0);
		expect(findUserByEmail(db, 'm@college.edu')).toBeNull();
		expect(new Set(listAudit(db).entries.map((e) => e.actor))).toEqual(new Set(['cli:tester']));
	});

	it('exits 1 with the reason when the change is refused', async () => {
		await users('add', '--email', 'boss@college.edu', '--role', 'admin');
		expect(await users('remove', '--email', 'boss@college.edu')).toBe(1);
		expect(err).toEqual([
			'boss@college.edu is the only administrator, so they cannot be removed: make someone else an administrator first.'
		]);
		expect(await users('add', '--email', 'x@college.edu', '--role', 'manager')).toBe(1);
		expect(await users('remove', '--email', 'ghost@college.edu')).toBe(1);
	});

	it('exits 2 with the usage on a usage error', async () => {
		expect(await users()).toBe(2);
		expect(await users('frob')).toBe(2);
		expect(await users('add', '--email', 'x@college.edu', '--role', 'owner')).toBe(2);
		expect(await users('add', '--role', 'admin')).toBe(2);
		expect(await users('list', '--bogus')).toBe(2);
		expect(err.every((e) => e.includes('Usage: npm run users'))).toBe(true);
		expect(findUserByEmail(db, 'x@college.edu')).toBeNull();
	});

	it('warns when a user is added while no administrator exists', async () => {
		// the very first user: /setup is gone, and nobody can manage users in the browser
		expect(await users('add', '--email', 'lead@college.edu', '--role', 'leadership')).toBe(0);
		expect(out).toEqual(['Added lead@college.edu (leadership).']);
		expect(err).toEqual([
			'Warning: there is no administrator, so nobody can add users or change settings in the ' +
				'browser, and now that a user exists the first-run page /setup is no longer offered. ' +
				'Add one with: npm run users -- add --email E --password P --role admin'
		]);
		// the next one still has no administrator to turn to, /setup was gone already
		err = [];
		expect(await users('add', '--email', 'up@college.edu', '--role', 'uploader')).toBe(0);
		expect(err).toEqual([
			'Warning: there is no administrator, so nobody can add users or change settings in the ' +
				'browser. Add one with: npm run users -- add --email E --password P --role admin'
		]);
		// with an administrator, no warning
		err = [];
		expect(await users('add', '--email', 'boss@college.edu', '--role', 'admin')).toBe(0);
		expect(
			await users('add', '--email', 'm@college.edu', '--role', 'manager', '--department', 'CS')
		).toBe(0);
		expect(err).toEqual([]);
	});

	it('lists as JSON for other tools', async () => {
		await users('add', '--email', 'boss@college.edu', '--role', 'admin');
		out = [];
		expect(await users('list', '--json')).toBe(0);
		expect(JSON.parse(out.join('\n'))).toMatchObject([
			{ email: 'boss@college.edu', role: 'admin' }
		]);
	});
});
