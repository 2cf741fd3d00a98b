import { verifyPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import { openDatabase, type Db } from './db';
import { account, session, userDepartments, userRoles } from './db/auth-schema';
import {
	addUser,
	createFirstAdmin,
	findUserByEmail,
	hasAnyUser,
	listUsers,
	normalizeDepartments,
	removeUser,
	removeUserByEmail,
	resetPassword,
	setRole,
	setRoleByEmail,
	UserError
} from './users';

const PASSWORD = 'correct horse battery';

let db: Db;
beforeEach(() => {
	db = openDatabase(':memory:');
});

function credentialHash(userId: string): string | null {
	return (
		db.select({ password: account.password }).from(account).where(eq(account.userId, userId)).get()
			?.password ?? null
	);
}

describe('addUser', () => {
	it('stores a lower-cased email, a hashed password, the role and audits it', async () => {
		const created = await addUser(
			db,
			{ email: '  Ann.Lee@College.EDU ', password: PASSWORD, role: 'uploader' },
			'boss@college.edu'
		);
		expect(created).toMatchObject({
			email: 'ann.lee@college.edu',
			name: 'ann.lee',
			role: 'uploader',
			roleSource: 'local',
			departments: [],
			signIn: ['password']
		});
		const hash = credentialHash(created.id)!;
		expect(hash).not.toContain(PASSWORD);
		expect(await verifyPassword({ hash, password: PASSWORD })).toBe(true);
		expect(await verifyPassword({ hash, password: 'something else entirely' })).toBe(false);
		const [entry] = listAudit(db).entries;
		expect(entry).toMatchObject({
			actor: 'boss@college.edu',
			action: 'user.add',
			subject: 'ann.lee@college.edu',
			details: { role: 'uploader', departments: [], password: true }
		});
	});

	it('gives a manager their departments, normalized, and drops departments of other roles', async () => {
		const manager = await addUser(
			db,
			{ email: 'm@college.edu', role: 'manager', departments: ['ansc', 'CS, ento', 'ANSC'] },
			'test'
		);
		expect(manager.departments).toEqual(['ANSC', 'CS', 'ENTO']);
		expect(manager.signIn).toEqual([]);
		const lead = await addUser(
			db,
			{ email: 'l@college.edu', role: 'leadership', departments: ['ANSC'] },
			'test'
		);
		expect(lead.departments).toEqual([]);
		expect(
			db.select().from(userDepartments).where(eq(userDepartments.userId, lead.id)).all()
		).toEqual([]);
	});

	it('refuses what would make a broken user', async () => {
		await expect(addUser(db, { email: 'm@college.edu', role: 'manager' }, 't')).rejects.toThrow(
			/at least one department/
		);
		await expect(
			addUser(db, { email: 'a@college.edu', password: 'short', role: 'admin' }, 't')
		).rejects.toThrow(/at least 12 characters/);
		await expect(addUser(db, { email: 'not an email', role: 'admin' }, 't')).rejects.toThrow(
			/not an email address/
		);
		await expect(
			addUser(db, { email: 'm@college.edu', role: 'manager', departments: ['AN SC!'] }, 't')
		).rejects.toThrow(UserError);
		expect(hasAnyUser(db)).toBe(false);
	});

	it('refuses a second user with the same email, whatever its case', async () => {
		await addUser(db, { email: 'a@college.edu', role: 'admin' }, 't');
		await expect(addUser(db, { email: 'A@College.edu', role: 'leadership' }, 't')).rejects.toThrow(
			/already exists/
		);
		expect(listUsers(db)).toHaveLength(1);
	});
});

describe('createFirstAdmin', () => {
	it('creates an administrator only while no user exists, even when two forms race', async () => {
		const results = await Promise.allSettled([
			createFirstAdmin(db, { email: 'one@college.edu', password: PASSWORD }),
			createFirstAdmin(db, { email: 'two@college.edu', password: PASSWORD })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(UserError);
		expect(listUsers(db).map((u) => u.role)).toEqual(['admin']);
		expect(listAudit(db).entries.map((e) => e.action)).toEqual(['setup.first-admin']);
	});
});

describe('roles and removal', () => {
	it('never leaves the dashboard without an administrator', async () => {
		const boss = await addUser(db, { email: 'boss@college.edu', role: 'admin' }, 't');
		expect(() => setRole(db, boss.id, 'leadership', [], 't')).toThrow(/only administrator/);
		expect(() => removeUser(db, boss.id, 't')).toThrow(/only administrator/);
		const second = await addUser(db, { email: 'second@college.edu', role: 'admin' }, 't');
		expect(setRole(db, boss.id, 'leadership', [], 't').role).toBe('leadership');
		expect(() => removeUser(db, second.id, 't')).toThrow(/only administrator/);
	});

	it('sets and clears a role, and audits the change from and to', async () => {
		await addUser(db, { email: 'boss@college.edu', role: 'admin' }, 't');
		const m = await addUser(
			db,
			{ email: 'm@college.edu', role: 'manager', departments: ['ANSC'] },
			't'
		);
		const changed = setRoleByEmail(db, 'M@college.edu', 'manager', ['CS', 'ENTO'], 'boss');
		expect(changed.departments).toEqual(['CS', 'ENTO']);
		expect(setRole(db, m.id, null, [], 'boss').role).toBeNull();
		expect(db.select().from(userRoles).where(eq(userRoles.userId, m.id)).get()).toBeUndefined();
		const entries = listAudit(db, { action: 'user.role' }).entries;
		expect(entries.map((e) => e.details)).toEqual([
			{
				from: { role: 'manager', departments: ['CS', 'ENTO'] },
				to: { role: null, departments: [] },
				source: 'local'
			},
			{
				from: { role: 'manager', departments: ['ANSC'] },
				to: { role: 'manager', departments: ['CS', 'ENTO'] },
				source: 'local'
			}
		]);
	});

	it('removes a user with their sessions and accounts', async () => {
		await addUser(db, { email: 'boss@college.edu', role: 'admin' }, 't');
		const u = await addUser(
			db,
			{ email: 'u@college.edu', password: PASSWORD, role: 'uploader' },
			't'
		);
		const now = new Date();
		db.insert(session)
			.values({
				id: 's1',
				token: 't1',
				userId: u.id,
				expiresAt: now,
				createdAt: now,
				updatedAt: now
			})
			.run();
		removeUserByEmail(db, 'u@college.edu', 'boss');
		expect(findUserByEmail(db, 'u@college.edu')).toBeNull();
		expect(db.select().from(session).all()).toEqual([]);
		expect(db.select().from(account).where(eq(account.userId, u.id)).all()).toEqual([]);
		expect(() => removeUserByEmail(db, 'u@college.edu', 'boss')).toThrow(/No user has the email/);
	});
});

describe('resetPassword', () => {
	it('replaces the password and ends every session of the user', async () => {
		const u = await addUser(db, { email: 'u@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const now = new Date();
		db.insert(session)
			.values({
				id: 's1',
				token: 't1',
				userId: u.id,
				expiresAt: now,
				createdAt: now,
				updatedAt: now
			})
			.run();
		await resetPassword(db, u.id, 'a brand new passphrase', 'boss');
		const hash = credentialHash(u.id)!;
		expect(await verifyPassword({ hash, password: 'a brand new passphrase' })).toBe(true);
		expect(await verifyPassword({ hash, password: PASSWORD })).toBe(false);
		expect(db.select().from(session).all()).toEqual([]);
		expect(listAudit(db, { action: 'user.password-reset' }).entries[0].details).toEqual({
			sessionsEnded: 1
		});
	});

	it('gives a single sign-on user a password they did not have', async () => {
		const u = await addUser(db, { email: 'sso@college.edu', role: 'leadership' }, 't');
		expect(credentialHash(u.id)).toBeNull();
		const after = await resetPassword(db, u.id, 'break glass passphrase', 't');
		expect(after.signIn).toEqual(['password']);
		await expect(resetPassword(db, u.id, 'short', 't')).rejects.toThrow(/too short/);
	});
});

describe('normalizeDepartments', () => {
	it('splits, upper-cases, de-duplicates and sorts codes', () => {
		expect(normalizeDepartments(['ento; ansc', ' CS ', 'ANSC', ''])).toEqual([
			'ANSC',
			'CS',
			'ENTO'
		]);
		expect(() => normalizeDepartments(['<script>'])).toThrow(/not a department code/);
	});
});
