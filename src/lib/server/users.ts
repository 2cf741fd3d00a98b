import { hashPassword } from 'better-auth/crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { audit, type Queries } from './audit';
import type { Db } from './db';
import {
	account,
	ROLES,
	session,
	user,
	userDepartments,
	userRoles,
	type Role
} from './db/auth-schema';

// The one place that adds, changes and removes users: the admin page and `npm run users` both call
// these, so the rules (last administrator, managers need departments, password length) hold for
// both, and every change is audited.

export { ROLES, type Role };

/** A refusal the person asked for can act on: the message is shown as is. */
export class UserError extends Error {
	constructor(
		message: string,
		readonly status = 400
	) {
		super(message);
		this.name = 'UserError';
	}
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/** better-auth's provider id of an email + password account */
export const CREDENTIAL_PROVIDER = 'credential';

export interface UserSummary {
	id: string;
	email: string;
	name: string;
	role: Role | null;
	/** 'sso' when the SSO mappings set the role; 'local' when a person did */
	roleSource: 'local' | 'sso' | null;
	/** the departments a manager reads (empty for the other roles) */
	departments: string[];
	/** how they can sign in: 'password', and the SSO provider ids */
	signIn: string[];
	/** the group claim of their last single sign-on */
	ssoGroups: string[];
	createdAt: string;
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function normalizeEmail(email: string): string {
	const normalized = email.trim().toLowerCase();
	// deliberately loose: the directory decides what a real address is; this catches typos
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized) || normalized.length > 254) {
		throw new UserError(`"${email.trim()}" is not an email address.`);
	}
	return normalized;
}

const DEPARTMENT_CODE = /^[A-Z0-9][A-Z0-9_.&-]{0,31}$/;

/** Upper-cased, de-duplicated, sorted department codes. */
export function normalizeDepartments(codes: readonly string[]): string[] {
	const normalized = new Set<string>();
	for (const raw of codes) {
		for (const part of raw.split(/[\s,;]+/)) {
			const code = part.trim().toUpperCase();
			if (code === '') continue;
			if (!DEPARTMENT_CODE.test(code)) {
				throw new UserError(
					`"${part.trim()}" is not a department code: use the code from the departments file, such as ANSC.`
				);
			}
			normalized.add(code);
		}
	}
	return [...normalized].sort();
}

/** Managers read only their departments, so they need at least one; other roles read everything. */
export function departmentsForRole(role: Role | null, departments: readonly string[]): string[] {
	const codes = normalizeDepartments(departments);
	if (role !== 'manager') return [];
	if (codes.length === 0) {
		throw new UserError(
			'A manager needs at least one department: they see only their departments.'
		);
	}
	return codes;
}

export function checkPassword(password: string): void {
	if (password.length < MIN_PASSWORD_LENGTH) {
		throw new UserError(
			`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`
		);
	}
	if (password.length > MAX_PASSWORD_LENGTH) {
		throw new UserError(`The password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`);
	}
}

export function hasAnyUser(db: Queries): boolean {
	return (
		db
			.select({ one: sql`1` })
			.from(user)
			.limit(1)
			.get() !== undefined
	);
}

function parseGroups(json: string | null): string[] {
	if (!json) return [];
	try {
		const parsed: unknown = JSON.parse(json);
		return Array.isArray(parsed) ? parsed.map(String) : [];
	} catch {
		return [];
	}
}

function summaries(db: Db, ids?: string[]): UserSummary[] {
	const users = (ids ? db.select().from(user).where(inArray(user.id, ids)) : db.select().from(user))
		.orderBy(user.email)
		.all();
	if (users.length === 0) return [];
	const userIds = users.map((u) => u.id);
	const roles = new Map(
		db
			.select()
			.from(userRoles)
			.where(inArray(userRoles.userId, userIds))
			.all()
			.map((r) => [r.userId, r])
	);
	const departments = new Map<string, string[]>();
	for (const d of db
		.select()
		.from(userDepartments)
		.where(inArray(userDepartments.userId, userIds))
		.orderBy(userDepartments.department)
		.all()) {
		departments.set(d.userId, [...(departments.get(d.userId) ?? []), d.department]);
	}
	const signIn = new Map<string, string[]>();
	for (const a of db
		.select({ userId: account.userId, providerId: account.providerId })
		.from(account)
		.where(inArray(account.userId, userIds))
		.orderBy(account.providerId)
		.all()) {
		const method = a.providerId === CREDENTIAL_PROVIDER ? 'password' : a.providerId;
		signIn.set(a.userId, [...(signIn.get(a.userId) ?? []), method]);
	}
	return users.map((u) => {
		const role = roles.get(u.id);
		return {
			id: u.id,
			email: u.email,
			name: u.name,
			role: role?.role ?? null,
			roleSource: role?.source ?? null,
			departments: role?.role === 'manager' ? (departments.get(u.id) ?? []) : [],
			signIn: signIn.get(u.id) ?? [],
			ssoGroups: parseGroups(u.ssoGroups),
			createdAt: u.createdAt.toISOString()
		};
	});
}

export function listUsers(db: Db): UserSummary[] {
	return summaries(db);
}

export function getUser(db: Db, id: string): UserSummary | null {
	return summaries(db, [id])[0] ?? null;
}

export function findUserByEmail(db: Db, email: string): UserSummary | null {
	const row = db
		.select({ id: user.id })
		.from(user)
		.where(eq(user.email, email.trim().toLowerCase()))
		.get();
	return row ? getUser(db, row.id) : null;
}

function requireUserByEmail(db: Db, email: string): UserSummary {
	const found = findUserByEmail(db, email);
	if (!found) throw new UserError(`No user has the email ${email.trim()}.`, 404);
	return found;
}

function requireUserById(db: Db, id: string): UserSummary {
	const found = getUser(db, id);
	if (!found) throw new UserError('That user no longer exists: reload the page.', 404);
	return found;
}

function adminCount(db: Queries): number {
	return db
		.select({ id: userRoles.userId })
		.from(userRoles)
		.where(eq(userRoles.role, 'admin'))
		.all().length;
}

/** Writes the role and departments; inside the caller's transaction. */
function writeRole(
	tx: Queries,
	userId: string,
	role: Role | null,
	departments: string[],
	source: 'local' | 'sso',
	actor: string
): void {
	tx.delete(userDepartments).where(eq(userDepartments.userId, userId)).run();
	if (role === null) {
		tx.delete(userRoles).where(eq(userRoles.userId, userId)).run();
		return;
	}
	const now = new Date().toISOString();
	tx.insert(userRoles)
		.values({ userId, role, source, updatedBy: actor, updatedAt: now })
		.onConflictDoUpdate({
			target: userRoles.userId,
			set: { role, source, updatedBy: actor, updatedAt: now }
		})
		.run();
	if (departments.length > 0) {
		tx.insert(userDepartments)
			.values(departments.map((department) => ({ userId, department })))
			.run();
	}
}

export interface NewUser {
	email: string;
	name?: string;
	/** none for a user who will only use single sign-on */
	password?: string;
	role: Role | null;
	departments?: readonly string[];
}

/** Adds a user who signs in with a password (or, without one, only through SSO). */
export async function addUser(
	db: Db,
	input: NewUser,
	actor: string,
	options: { onlyIfFirst?: boolean } = {}
): Promise<UserSummary> {
	const email = normalizeEmail(input.email);
	const departments = departmentsForRole(input.role, input.departments ?? []);
	if (input.password !== undefined) checkPassword(input.password);
	const name = input.name?.trim() || email.split('@')[0];
	if (name.length > 200) throw new UserError('The name is too long: use at most 200 characters.');
	// hashing is slow on purpose, so it happens before the transaction, which must be synchronous
	const hash = input.password === undefined ? null : await hashPassword(input.password);
	const id = randomUUID();
	db.transaction((tx) => {
		// checked inside the transaction so that two first-run forms cannot both create an administrator
		if (options.onlyIfFirst && hasAnyUser(tx)) {
			throw new UserError('The first administrator already exists: sign in instead.', 409);
		}
		if (tx.select({ id: user.id }).from(user).where(eq(user.email, email)).get()) {
			throw new UserError(`A user with the email ${email} already exists.`, 409);
		}
		const now = new Date();
		// an address an administrator typed in is vouched for, which lets SSO link to this user
		tx.insert(user)
			.values({ id, name, email, emailVerified: true, createdAt: now, updatedAt: now })
			.run();
		if (hash !== null) {
			tx.insert(account)
				.values({
					id: randomUUID(),
					accountId: id,
					providerId: CREDENTIAL_PROVIDER,
					userId: id,
					password: hash,
					createdAt: now,
					updatedAt: now
				})
				.run();
		}
		writeRole(tx, id, input.role, departments, 'local', actor);
		audit(tx, actor, options.onlyIfFirst ? 'setup.first-admin' : 'user.add', email, {
			role: input.role,
			departments,
			password: hash !== null
		});
	});
	return requireUserById(db, id);
}

/** The first run: creates the first administrator, only while no user exists. */
export function createFirstAdmin(
	db: Db,
	input: { email: string; name?: string; password: string }
): Promise<UserSummary> {
	return addUser(
		db,
		{ ...input, role: 'admin', departments: [] },
		input.email.trim().toLowerCase(),
		{ onlyIfFirst: true }
	);
}

function refuseLastAdmin(db: Queries, target: UserSummary, what: string): void {
	if (target.role === 'admin' && adminCount(db) <= 1) {
		throw new UserError(
			`${target.email} is the only administrator, so they cannot be ${what}: make someone else an administrator first.`,
			409
		);
	}
}

export function removeUser(db: Db, id: string, actor: string): UserSummary {
	const target = requireUserById(db, id);
	db.transaction((tx) => {
		refuseLastAdmin(tx, target, 'removed');
		// sessions, accounts, role and departments go with the user (foreign keys cascade)
		tx.delete(user).where(eq(user.id, id)).run();
		audit(tx, actor, 'user.remove', target.email, { role: target.role });
	});
	return target;
}

export function removeUserByEmail(db: Db, email: string, actor: string): UserSummary {
	return removeUser(db, requireUserByEmail(db, email).id, actor);
}

/** Sets the role (null: no access) and, for a manager, the departments. */
export function setRole(
	db: Db,
	id: string,
	role: Role | null,
	departments: readonly string[],
	actor: string,
	source: 'local' | 'sso' = 'local'
): UserSummary {
	const codes = departmentsForRole(role, departments);
	const target = requireUserById(db, id);
	db.transaction((tx) => {
		if (role !== 'admin') refuseLastAdmin(tx, target, 'given another role');
		writeRole(tx, id, role, codes, source, actor);
		audit(tx, actor, 'user.role', target.email, {
			from: { role: target.role, departments: target.departments },
			to: { role, departments: codes },
			source
		});
	});
	return requireUserById(db, id);
}

export function setRoleByEmail(
	db: Db,
	email: string,
	role: Role | null,
	departments: readonly string[],
	actor: string
): UserSummary {
	return setRole(db, requireUserByEmail(db, email).id, role, departments, actor);
}

/** Sets a new password and signs the user out everywhere, since the old one may be known. */
export async function resetPassword(
	db: Db,
	id: string,
	password: string,
	actor: string
): Promise<UserSummary> {
	checkPassword(password);
	const target = requireUserById(db, id);
	const hash = await hashPassword(password);
	db.transaction((tx) => {
		const now = new Date();
		const existing = tx
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.userId, id), eq(account.providerId, CREDENTIAL_PROVIDER)))
			.get();
		if (existing) {
			tx.update(account)
				.set({ password: hash, updatedAt: now })
				.where(eq(account.id, existing.id))
				.run();
		} else {
			// an SSO-only user gets a password too: a way in when the identity provider is down
			tx.insert(account)
				.values({
					id: randomUUID(),
					accountId: id,
					providerId: CREDENTIAL_PROVIDER,
					userId: id,
					password: hash,
					createdAt: now,
					updatedAt: now
				})
				.run();
		}
		const signedOut = tx.delete(session).where(eq(session.userId, id)).run().changes;
		audit(tx, actor, 'user.password-reset', target.email, { sessionsEnded: signedOut });
	});
	return requireUserById(db, id);
}

export function resetPasswordByEmail(
	db: Db,
	email: string,
	password: string,
	actor: string
): Promise<UserSummary> {
	return resetPassword(db, requireUserByEmail(db, email).id, password, actor);
}
