import { getRequestEvent } from '$app/server';
import { error, redirect } from '@sveltejs/kit';
import {
	departmentScope,
	EVERYONE,
	FORBIDDEN_MESSAGE,
	loginUrl,
	mayUse,
	NO_TOKEN_MESSAGE,
	tokenForbiddenMessage
} from './access';
import type { SessionUser } from './auth';
import { getDb } from './db';
import type { Role } from './db/auth-schema';
import type { TokenHolder, TokenRole } from './tokens';
import { hasAnyUser } from './users';

// The guards. Every load, action and +server handler under src/routes calls one of them before
// anything else (guard.routes.spec.ts fails for one that does not), on the request SvelteKit is
// answering: the hook's ROUTE_RULES (access.ts) are the safety net, not the check. Only the
// routes whose rule is 'public' call none: /login, which the signed-out must reach, and
// /healthz, which load balancers poll and which answers "ok" and nothing else.

/** A signed-in user who has a role. */
export type AuthorizedUser = SessionUser & { role: Role };

/** Anyone signed in, with a role or not yet (signing out, the no-access page); else /login. */
export function requireSignedIn(): SessionUser {
	const { locals, url } = getRequestEvent();
	if (!locals.user) redirect(303, hasAnyUser(getDb()) ? loginUrl(url) : '/setup');
	return locals.user;
}

/**
 * The user, if their role is one of `roles` (an administrator's always is): else 403, or a
 * redirect to /no-access for a user without a role yet.
 */
export function requireRole(...roles: Role[]): AuthorizedUser {
	const user = requireSignedIn();
	if (user.role === null) redirect(303, '/no-access');
	if (!mayUse(user.role, roles)) error(403, FORBIDDEN_MESSAGE);
	return user as AuthorizedUser;
}

/**
 * Anyone with a role: every role reads the figures, a manager those of their departments only
 * (the pages narrow to them: departmentScope).
 */
export function requireReader(): AuthorizedUser {
	return requireRole(...EVERYONE);
}

/**
 * A user who may read the figures of department `code`: everyone with a role, except a manager
 * outside their departments, to whom it does not exist (404).
 */
export function requireDepartment(code: string): AuthorizedUser {
	const user = requireReader();
	const scope = departmentScope(user);
	if (scope !== null && !scope.includes(code.trim().toUpperCase())) {
		error(404, 'No such department.');
	}
	return user;
}

/** Only while no user exists: the first-run page, which creates the first administrator. */
export function requireFirstRun(): void {
	if (hasAnyUser(getDb())) redirect(303, getRequestEvent().locals.user ? '/' : '/login');
}

/**
 * The API token of a script's request (the hook checked it: `locals.token`), if its role is one
 * of `roles`: else 401 without a valid token, 403 for a token of another role.
 */
export function requireToken(...roles: TokenRole[]): TokenHolder {
	const { token } = getRequestEvent().locals;
	if (!token) error(401, NO_TOKEN_MESSAGE);
	if (!roles.includes(token.role)) error(403, tokenForbiddenMessage(token.role));
	return token;
}
