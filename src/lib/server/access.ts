import type { SessionUser } from './auth';
import type { Role } from './db/auth-schema';
import type { TokenHolder, TokenRole } from './tokens';

// Who may open what. The hook (auth-handle.ts) applies ROUTE_RULES to every request, denying any
// route without a rule; and every load, action and endpoint still calls a guard of guard.ts
// itself, so that a mistake in one of the two is caught by the other. Roles:
// - admin: everything (also wherever a rule or guard names other roles only);
// - uploader: imports, and reads everything;
// - leadership: reads everything;
// - manager: reads only their departments (departmentScope, requireDepartment).
// The API (/api/v1) is for scripts: an API token (tokens.ts) instead of a session, with a role of
// its own (uploader or leadership); no session cookie is read there, so no form post of a browser
// can ride on one.

export type RouteRule =
	/** anyone, signed in or not */
	| 'public'
	/** only while no user exists: the first-run page */
	| 'setup'
	/** any signed-in user, even one without a role yet */
	| 'signed-in'
	/** GET and HEAD need a `read` role; other methods (form actions, POST endpoints) a `write` one */
	| { read: readonly Role[]; write?: readonly Role[] }
	/** an API route: an `Authorization: Bearer` token of one of these roles, never a session */
	| { token: readonly TokenRole[] };

export const EVERYONE: readonly Role[] = ['admin', 'uploader', 'leadership', 'manager'];
export const UPLOADERS: readonly Role[] = ['admin', 'uploader'];
export const ADMINS: readonly Role[] = ['admin'];

/**
 * Route id (as in `event.route.id`) → who may use it. A test fails for any +page or +server file
 * under src/routes without a rule here, and for a rule whose route does not exist.
 */
export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
	'/healthz': 'public',
	'/login': 'public',
	'/logout': 'signed-in',
	'/no-access': 'signed-in',
	'/setup': 'setup',
	// the 403 page the hook answers with (auth-handle.ts): it shows nothing but the message
	'/forbidden': 'public',
	// the figures: everyone with a role; loads narrow a manager to their departments
	'/': { read: EVERYONE, write: ADMINS },
	'/export.csv': { read: EVERYONE },
	'/departments': { read: EVERYONE },
	'/departments/export.csv': { read: EVERYONE },
	'/departments/[code]': { read: EVERYONE },
	'/departments/[code]/export.csv': { read: EVERYONE },
	'/devices/[uid]': { read: EVERYONE },
	'/devices/[uid]/export.csv': { read: EVERYONE },
	'/health': { read: EVERYONE },
	'/health/export.csv': { read: EVERYONE },
	'/savings': { read: EVERYONE },
	'/savings/export.csv': { read: EVERYONE },
	'/savings/spend.csv': { read: EVERYONE },
	'/savings/turn-off': { read: EVERYONE },
	'/savings/turn-off/export': { read: EVERYONE },
	// UNASSIGNED is no manager's department (the load answers 404); only administrators fix it
	'/unassigned': { read: EVERYONE, write: ADMINS },
	'/unassigned/export.csv': { read: EVERYONE },
	// imports: uploaders upload, leadership may look at the history
	'/imports': { read: ['uploader', 'leadership'], write: UPLOADERS },
	'/imports/upload': { read: UPLOADERS, write: UPLOADERS },
	'/admin': { read: ADMINS },
	'/admin/audit': { read: ADMINS },
	'/admin/audit/export': { read: ADMINS },
	'/admin/health': { read: ADMINS },
	'/admin/links': { read: ADMINS },
	'/admin/settings': { read: ADMINS },
	'/admin/sso': { read: ADMINS },
	'/admin/tokens': { read: ADMINS },
	'/admin/users': { read: ADMINS },
	// their own digest subscription: anyone with a role
	'/account': { read: EVERYONE },
	// the API, for scripts (docs/api.md); its description is no secret
	'/api/v1/imports': { token: ['uploader'] },
	'/api/v1/report': { token: ['uploader', 'leadership'] },
	'/api/v1/openapi.json': 'public'
};

/** The route ids of ROUTE_RULES: the coverage test compares them with the files under src/routes. */
export const RULED_ROUTES: readonly string[] = Object.keys(ROUTE_RULES);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Decision =
	| { kind: 'allow' }
	| { kind: 'redirect'; location: string }
	| { kind: 'deny'; status: 401 | 403; message: string };

export const NO_ACCESS_MESSAGE = 'No access yet: ask your IT office.';
export const FORBIDDEN_MESSAGE = 'You do not have access to this page.';
export const NO_TOKEN_MESSAGE =
	'Send a valid API token: Authorization: Bearer TOKEN. An administrator creates one on Admin › API tokens or with npm run tokens.';
export const tokenForbiddenMessage = (role: TokenRole): string =>
	`A token of the ${role} role may not use this endpoint: ask an administrator for a token of the right role.`;

/** Whether a route is for scripts, with an API token rather than a session. */
export const isTokenRule = (rule: RouteRule | undefined): rule is { token: readonly TokenRole[] } =>
	typeof rule === 'object' && 'token' in rule;

/** The rule of a route (undefined for one without a rule). */
export const ruleOf = (routeId: string | null): RouteRule | undefined =>
	routeId === null ? undefined : ROUTE_RULES[routeId];

export function mayUse(role: Role, allowed: readonly Role[]): boolean {
	return role === 'admin' || allowed.includes(role);
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return fallback;
	}
	return target;
}

export function loginUrl(url: URL): string {
	const back = url.pathname + url.search;
	return back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`;
}

/** What the hook does with a request; pure, so that every branch is unit-tested. */
export function decide(input: {
	routeId: string | null;
	method: string;
	url: URL;
	user: Pick<SessionUser, 'role'> | null;
	/** the API token the request carries, on an API route */
	token?: Pick<TokenHolder, 'role'> | null;
	hasUsers: boolean;
	rules?: Readonly<Record<string, RouteRule>>;
}): Decision {
	const { routeId, method, url, user, hasUsers } = input;
	// no route matched: SvelteKit answers 404 and nothing is served
	if (routeId === null) return { kind: 'allow' };
	const rule = (input.rules ?? ROUTE_RULES)[routeId];
	if (rule === undefined) {
		return { kind: 'deny', status: 403, message: FORBIDDEN_MESSAGE };
	}
	// a script's token, whoever else exists: it never leads to a page such as /setup or /login
	if (isTokenRule(rule)) {
		const token = input.token ?? null;
		if (token === null) return { kind: 'deny', status: 401, message: NO_TOKEN_MESSAGE };
		return rule.token.includes(token.role)
			? { kind: 'allow' }
			: { kind: 'deny', status: 403, message: tokenForbiddenMessage(token.role) };
	}
	if (!hasUsers) {
		// first run: every page leads to /setup, except what load balancers and tests poll
		if (rule === 'setup' || routeId === '/healthz') return { kind: 'allow' };
		return { kind: 'redirect', location: '/setup' };
	}
	if (rule === 'public') return { kind: 'allow' };
	if (rule === 'setup') return { kind: 'redirect', location: user ? '/' : '/login' };
	if (!user) {
		return READ_METHODS.has(method)
			? { kind: 'redirect', location: loginUrl(url) }
			: { kind: 'deny', status: 401, message: 'Your session has ended: sign in again.' };
	}
	if (rule === 'signed-in') return { kind: 'allow' };
	if (user.role === null) return { kind: 'redirect', location: '/no-access' };
	const allowed = READ_METHODS.has(method) ? rule.read : (rule.write ?? rule.read);
	return mayUse(user.role, allowed)
		? { kind: 'allow' }
		: { kind: 'deny', status: 403, message: FORBIDDEN_MESSAGE };
}

/** null: the user reads every department; else the only department codes they may read. */
export function departmentScope(user: Pick<SessionUser, 'role' | 'departments'>): string[] | null {
	return user.role === 'manager' ? [...user.departments] : null;
}
