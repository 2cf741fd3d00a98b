import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import { openDatabase, type Db } from './db';
import { user } from './db/auth-schema';
import {
	addMapping,
	applySsoSignIn,
	groupsFromProfile,
	listMappings,
	removeMapping,
	resolveSsoGrant,
	type SsoMapping
} from './sso';
import { addUser, getUser, setRole } from './users';

function mapping(
	id: number,
	match: 'email' | 'group',
	value: string,
	role: SsoMapping['role'],
	departments: string[] = []
): SsoMapping {
	return { id, match, value, role, departments, createdBy: 't', createdAt: '2024-01-01T00:00:00Z' };
}

describe('resolveSsoGrant', () => {
	const mappings = [
		mapping(1, 'group', 'CALS-IT', 'uploader'),
		mapping(2, 'group', 'ansc-staff', 'manager', ['ANSC']),
		mapping(3, 'group', 'cs-staff', 'manager', ['CS']),
		mapping(4, 'group', 'deans', 'leadership'),
		mapping(5, 'email', 'Boss@College.edu', 'manager', ['ENTO'])
	];

	it('gives nothing when no mapping matches', () => {
		expect(resolveSsoGrant(mappings, 'x@college.edu', ['students'])).toBeNull();
		expect(resolveSsoGrant([], 'x@college.edu', [])).toBeNull();
	});

	it('matches group values without regard to case or surrounding spaces', () => {
		expect(resolveSsoGrant(mappings, 'x@college.edu', [' cals-it '])).toEqual({
			role: 'uploader',
			departments: [],
			mappings: [1]
		});
	});

	it('takes the widest role of the matching groups', () => {
		expect(resolveSsoGrant(mappings, 'x@college.edu', ['ansc-staff', 'deans'])?.role).toBe(
			'leadership'
		);
		expect(resolveSsoGrant(mappings, 'x@college.edu', ['deans', 'cals-it'])?.role).toBe('uploader');
	});

	it('gives a manager the departments of every matching manager group', () => {
		expect(resolveSsoGrant(mappings, 'x@college.edu', ['cs-staff', 'ansc-staff'])).toEqual({
			role: 'manager',
			departments: ['ANSC', 'CS'],
			mappings: [2, 3]
		});
	});

	it('lets an email mapping decide alone, even for less than the groups give', () => {
		expect(resolveSsoGrant(mappings, 'boss@college.edu', ['cals-it', 'deans'])).toEqual({
			role: 'manager',
			departments: ['ENTO'],
			mappings: [5]
		});
	});
});

describe('groupsFromProfile', () => {
	it('reads a list, a single string, or a dotted path, and nothing else', () => {
		expect(groupsFromProfile({ groups: ['a', 'b', 'a'] }, 'groups')).toEqual(['a', 'b']);
		expect(groupsFromProfile({ groups: 'a' }, 'groups')).toEqual(['a']);
		expect(groupsFromProfile({ realm_access: { roles: ['r1'] } }, 'realm_access.roles')).toEqual([
			'r1'
		]);
		expect(groupsFromProfile({ groups: { a: 1 } }, 'groups')).toEqual([]);
		expect(groupsFromProfile({}, 'groups')).toEqual([]);
		expect(groupsFromProfile({ groups: [1, null, 'x'] }, 'groups')).toEqual(['1', 'x']);
	});
});

describe('with a database', () => {
	let db: Db;
	beforeEach(async () => {
		db = openDatabase(':memory:');
		await addUser(db, { email: 'boss@college.edu', role: 'admin' }, 'setup');
	});

	async function ssoUser(email: string, groups: string[]): Promise<string> {
		const created = await addUser(db, { email, role: null }, 'sso');
		db.update(user)
			.set({ ssoGroups: JSON.stringify(groups) })
			.where(eq(user.id, created.id))
			.run();
		return created.id;
	}

	it('keeps mappings tidy: one per value, managers need departments, removal is audited', () => {
		const added = addMapping(
			db,
			{ match: 'group', value: ' ansc-staff ', role: 'manager', departments: ['ansc'] },
			'boss@college.edu'
		);
		expect(added).toMatchObject({ value: 'ansc-staff', departments: ['ANSC'] });
		expect(() =>
			addMapping(db, { match: 'group', value: 'ANSC-STAFF', role: 'leadership' }, 'boss')
		).toThrow(/already is a mapping/);
		expect(() => addMapping(db, { match: 'group', value: 'x', role: 'manager' }, 'boss')).toThrow(
			/at least one department/
		);
		expect(() => addMapping(db, { match: 'email', value: 'nope', role: 'admin' }, 'boss')).toThrow(
			/not an email address/
		);
		removeMapping(db, added.id, 'boss@college.edu');
		expect(listMappings(db)).toEqual([]);
		expect(listAudit(db, { action: 'sso-mapping.' }).entries.map((e) => e.action)).toEqual([
			'sso-mapping.remove',
			'sso-mapping.add'
		]);
	});

	it('gives a mapped user their role at sign-in and takes it back when the mapping goes', async () => {
		const m = addMapping(
			db,
			{ match: 'group', value: 'ansc-staff', role: 'manager', departments: ['ANSC'] },
			'boss'
		);
		const id = await ssoUser('m@college.edu', ['ansc-staff']);
		expect(applySsoSignIn(db, id, 'oidc')).toEqual({
			role: 'manager',
			departments: ['ANSC'],
			outcome: 'mapped'
		});
		expect(getUser(db, id)).toMatchObject({
			role: 'manager',
			roleSource: 'sso',
			departments: ['ANSC']
		});
		removeMapping(db, m.id, 'boss');
		expect(applySsoSignIn(db, id, 'oidc').outcome).toBe('none');
		expect(getUser(db, id)?.role).toBeNull();
		const signIns = listAudit(db, { action: 'sign-in' }).entries;
		expect(signIns[0].details).toMatchObject({ method: 'sso', groups: ['ansc-staff'], role: null });
	});

	it('keeps a role set by hand, whatever the mappings say', async () => {
		addMapping(db, { match: 'group', value: 'deans', role: 'leadership' }, 'boss');
		const id = await ssoUser('d@college.edu', ['deans']);
		setRole(db, id, 'uploader', [], 'boss');
		expect(applySsoSignIn(db, id, 'oidc')).toMatchObject({ role: 'uploader', outcome: 'kept' });
		expect(getUser(db, id)?.role).toBe('uploader');
	});

	it('does not take the last administrator role away at sign-in', async () => {
		const admins = addMapping(db, { match: 'group', value: 'it-admins', role: 'admin' }, 'boss');
		const id = await ssoUser('a@college.edu', ['it-admins']);
		expect(applySsoSignIn(db, id, 'oidc').role).toBe('admin');
		// the administrator who was there first steps down; the SSO one is now the only one
		setRole(db, getUserId(db, 'boss@college.edu'), null, [], 'boss');
		removeMapping(db, admins.id, 'boss');
		expect(applySsoSignIn(db, id, 'oidc')).toMatchObject({ role: 'admin', outcome: 'kept' });
		expect(getUser(db, id)?.role).toBe('admin');
	});
});

function getUserId(db: Db, email: string): string {
	return db.select({ id: user.id }).from(user).where(eq(user.email, email)).get()!.id;
}
