import { asc, eq } from 'drizzle-orm';
import { audit, type Queries } from './audit';
import type { Db } from './db';
import { ROLES, ssoMappings, user, userDepartments, userRoles, type Role } from './db/auth-schema';
import { departmentsForRole, normalizeEmail, setRole, UserError } from './users';

// Single sign-on users get their role from the mappings an administrator keeps: by email, or by a
// value of the identity provider's group claim. The rule, applied at every SSO sign-in:
// - a role set by hand (source 'local') is kept: a person's decision wins over the mappings;
// - else, when mappings for the user's email exist, they decide alone (a person can be singled
//   out, for more or for less than their groups give);
// - else the group mappings that match decide; with several, the widest role wins (admin, then
//   uploader, leadership, manager), and a manager reads the departments of every matching manager
//   mapping;
// - else the user has no role: they sign in and see "No access yet: ask your IT office."

export type MatchKind = 'email' | 'group';

export interface SsoMapping {
	id: number;
	match: MatchKind;
	value: string;
	role: Role;
	departments: string[];
	createdBy: string;
	createdAt: string;
}

export interface SsoGrant {
	role: Role;
	departments: string[];
	/** the ids of the mappings that gave it */
	mappings: number[];
}

const sameValue = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Which role and departments the mappings give; null when none applies. */
export function resolveSsoGrant(
	mappings: readonly SsoMapping[],
	email: string,
	groups: readonly string[]
): SsoGrant | null {
	const byEmail = mappings.filter((m) => m.match === 'email' && sameValue(m.value, email));
	const matching =
		byEmail.length > 0
			? byEmail
			: mappings.filter((m) => m.match === 'group' && groups.some((g) => sameValue(m.value, g)));
	if (matching.length === 0) return null;
	// ROLES is ordered from the widest to the narrowest
	const role = ROLES.find((r) => matching.some((m) => m.role === r))!;
	const departments =
		role === 'manager'
			? [
					...new Set(matching.filter((m) => m.role === 'manager').flatMap((m) => m.departments))
				].sort()
			: [];
	return {
		role,
		departments,
		mappings: matching.filter((m) => m.role === role).map((m) => m.id)
	};
}

/**
 * Reads the group claim from an ID token or userinfo profile. `claim` may be a dotted path
 * (Keycloak's `realm_access.roles`); the value may be a list or a single string.
 */
export function groupsFromProfile(profile: Record<string, unknown>, claim: string): string[] {
	let value: unknown = profile;
	for (const key of claim.split('.')) {
		value =
			value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : null;
	}
	if (typeof value === 'string') value = [value];
	if (!Array.isArray(value)) return [];
	return [
		...new Set(value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String))
	];
}

export function listMappings(db: Queries): SsoMapping[] {
	return db
		.select()
		.from(ssoMappings)
		.orderBy(asc(ssoMappings.match), asc(ssoMappings.value))
		.all();
}

export function addMapping(
	db: Db,
	input: { match: MatchKind; value: string; role: Role; departments?: readonly string[] },
	actor: string
): SsoMapping {
	const value = input.match === 'email' ? normalizeEmail(input.value) : input.value.trim();
	if (value === '') throw new UserError('Enter the group claim value to match.');
	if (value.length > 500) throw new UserError('The value is too long: use at most 500 characters.');
	const departments = departmentsForRole(input.role, input.departments ?? []);
	if (listMappings(db).some((m) => m.match === input.match && sameValue(m.value, value))) {
		throw new UserError(
			`There already is a mapping for the ${input.match} "${value}": remove it first to change it.`,
			409
		);
	}
	const created = db
		.insert(ssoMappings)
		.values({
			match: input.match,
			value,
			role: input.role,
			departments,
			createdBy: actor,
			createdAt: new Date().toISOString()
		})
		.returning()
		.get();
	audit(db, actor, 'sso-mapping.add', `${input.match}:${value}`, {
		role: input.role,
		departments
	});
	return created;
}

export function removeMapping(db: Db, id: number, actor: string): SsoMapping {
	const existing = db.select().from(ssoMappings).where(eq(ssoMappings.id, id)).get();
	if (!existing) throw new UserError('That mapping no longer exists: reload the page.', 404);
	db.delete(ssoMappings).where(eq(ssoMappings.id, id)).run();
	audit(db, actor, 'sso-mapping.remove', `${existing.match}:${existing.value}`, {
		role: existing.role,
		departments: existing.departments
	});
	return existing;
}

export interface SsoSignInResult {
	role: Role | null;
	departments: string[];
	/** 'kept' for a role set by hand, 'mapped' when the mappings set it, 'none' without access */
	outcome: 'kept' | 'mapped' | 'none';
}

/** Applies the mappings to a user who just signed in through SSO, and records the sign-in. */
export function applySsoSignIn(db: Db, userId: string, providerId: string): SsoSignInResult {
	const row = db
		.select({ email: user.email, ssoGroups: user.ssoGroups })
		.from(user)
		.where(eq(user.id, userId))
		.get();
	if (!row) throw new Error(`SSO sign-in for a user that does not exist (${userId})`);
	const groups = parseJsonList(row.ssoGroups);
	const current = db.select().from(userRoles).where(eq(userRoles.userId, userId)).get();
	let result: SsoSignInResult;
	if (current?.source === 'local') {
		result = { role: current.role, departments: [], outcome: 'kept' };
	} else {
		const grant = resolveSsoGrant(listMappings(db), row.email, groups);
		const changed =
			grant?.role !== current?.role ||
			JSON.stringify(grant?.departments ?? []) !== JSON.stringify(currentDepartments(db, userId));
		result = grant
			? { role: grant.role, departments: grant.departments, outcome: 'mapped' }
			: { role: null, departments: [], outcome: 'none' };
		if (changed) {
			try {
				setRole(db, userId, result.role, result.departments, 'sso', 'sso');
			} catch (e) {
				// the last administrator lost the group that made them one: keep them, or nobody could fix it
				if (!(e instanceof UserError)) throw e;
				result = { role: current?.role ?? null, departments: [], outcome: 'kept' };
			}
		}
	}
	audit(db, row.email, 'sign-in', row.email, {
		method: 'sso',
		provider: providerId,
		groups,
		role: result.role,
		outcome: result.outcome
	});
	return result;
}

function currentDepartments(db: Queries, userId: string): string[] {
	return db
		.select({ department: userDepartments.department })
		.from(userDepartments)
		.where(eq(userDepartments.userId, userId))
		.orderBy(userDepartments.department)
		.all()
		.map((d) => d.department);
}

function parseJsonList(json: string | null): string[] {
	if (!json) return [];
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) ? value.map(String) : [];
	} catch {
		return [];
	}
}
