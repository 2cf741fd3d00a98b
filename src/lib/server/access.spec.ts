import { describe, expect, it } from 'vitest';
import { decide, departmentScope, safeRedirect, type RouteRule } from './access';
import type { SessionUser } from './auth';
import type { Role } from './db/auth-schema';

const RULES: Record<string, RouteRule> = {
	'/': { read: ['admin', 'uploader', 'leadership', 'manager'] },
	'/imports': { read: ['uploader', 'leadership'], write: ['uploader'] },
	'/admin/users': { read: ['admin'] },
	'/login': 'public',
	'/healthz': 'public',
	'/setup': 'setup',
	'/logout': 'signed-in',
	'/api/v1/imports': { token: ['uploader'] }
};

const url = (path: string) => new URL(path, 'http://dash.test');

function decision(
	routeId: string | null,
	user: { role: Role | null } | null,
	options: {
		method?: string;
		hasUsers?: boolean;
		path?: string;
		token?: { role: 'uploader' | 'leadership' } | null;
	} = {}
) {
	return decide({
		routeId,
		method: options.method ?? 'GET',
		url: url(options.path ?? routeId ?? '/nowhere'),
		user,
		token: options.token,
		hasUsers: options.hasUsers ?? true,
		rules: RULES
	});
}

describe('decide', () => {
	it('denies a route that has no rule, whoever asks', () => {
		expect(decision('/secret', { role: 'admin' })).toEqual({
			kind: 'deny',
			status: 403,
			message: 'You do not have access to this page.'
		});
	});

	it('lets SvelteKit answer 404 when no route matched', () => {
		expect(decision(null, null)).toEqual({ kind: 'allow' });
	});

	it('sends everything to /setup while no user exists, except setup itself and /healthz', () => {
		expect(decision('/', null, { hasUsers: false })).toEqual({
			kind: 'redirect',
			location: '/setup'
		});
		expect(decision('/login', null, { hasUsers: false })).toEqual({
			kind: 'redirect',
			location: '/setup'
		});
		expect(decision('/setup', null, { hasUsers: false })).toEqual({ kind: 'allow' });
		expect(decision('/healthz', null, { hasUsers: false })).toEqual({ kind: 'allow' });
	});

	it('closes /setup once a user exists', () => {
		expect(decision('/setup', null)).toEqual({ kind: 'redirect', location: '/login' });
		expect(decision('/setup', { role: 'admin' })).toEqual({ kind: 'redirect', location: '/' });
	});

	it('sends a signed-out reader to /login with the way back, and refuses a signed-out write', () => {
		expect(decision('/imports', null, { path: '/imports?kind=x' })).toEqual({
			kind: 'redirect',
			location: '/login?redirectTo=%2Fimports%3Fkind%3Dx'
		});
		expect(decision('/', null)).toEqual({ kind: 'redirect', location: '/login' });
		expect(decision('/imports', null, { method: 'POST' })).toMatchObject({
			kind: 'deny',
			status: 401
		});
		expect(decision('/login', null)).toEqual({ kind: 'allow' });
	});

	it('sends a signed-in user without a role to /no-access, but lets them sign out', () => {
		expect(decision('/', { role: null })).toEqual({ kind: 'redirect', location: '/no-access' });
		expect(decision('/logout', { role: null }, { method: 'POST' })).toEqual({ kind: 'allow' });
	});

	it('checks reads against `read` and other methods against `write`', () => {
		expect(decision('/imports', { role: 'leadership' })).toEqual({ kind: 'allow' });
		expect(decision('/imports', { role: 'leadership' }, { method: 'POST' })).toMatchObject({
			kind: 'deny',
			status: 403
		});
		expect(decision('/imports', { role: 'uploader' }, { method: 'POST' })).toEqual({
			kind: 'allow'
		});
		expect(decision('/imports', { role: 'manager' })).toMatchObject({ kind: 'deny', status: 403 });
		expect(decision('/admin/users', { role: 'uploader' })).toMatchObject({ kind: 'deny' });
	});

	it('lets an administrator do everything a rule allows anyone', () => {
		expect(decision('/imports', { role: 'admin' }, { method: 'POST' })).toEqual({ kind: 'allow' });
		expect(decision('/admin/users', { role: 'admin' }, { method: 'POST' })).toEqual({
			kind: 'allow'
		});
	});
});

function user(role: Role | null, departments: string[] = []): SessionUser {
	return { id: 'u1', email: 'u@college.edu', name: 'U', role, departments };
}

describe('decide, on an API route', () => {
	it('lets through a token of a role the rule names, and no session, whoever exists', () => {
		for (const hasUsers of [true, false]) {
			expect(
				decision('/api/v1/imports', null, {
					method: 'POST',
					hasUsers,
					token: { role: 'uploader' }
				})
			).toEqual({ kind: 'allow' });
		}
		// a signed-in administrator without a token is a browser, not a script: 401
		expect(decision('/api/v1/imports', { role: 'admin' }, { method: 'POST' })).toMatchObject({
			kind: 'deny',
			status: 401
		});
	});

	it('answers 401 without a valid token and 403 to a token of another role', () => {
		expect(decision('/api/v1/imports', null, { method: 'POST', token: null })).toEqual({
			kind: 'deny',
			status: 401,
			message:
				'Send a valid API token: Authorization: Bearer TOKEN. An administrator creates one on Admin › API tokens or with npm run tokens.'
		});
		expect(
			decision('/api/v1/imports', null, { method: 'POST', token: { role: 'leadership' } })
		).toEqual({
			kind: 'deny',
			status: 403,
			message:
				'A token of the leadership role may not use this endpoint: ask an administrator for a token of the right role.'
		});
	});
});

describe('departmentScope', () => {
	it('scopes a manager to their departments and everyone else to all', () => {
		expect(departmentScope(user('manager', ['ANSC', 'CS']))).toEqual(['ANSC', 'CS']);
		expect(departmentScope(user('leadership'))).toBeNull();
		expect(departmentScope(user('admin', ['ANSC']))).toBeNull();
	});
});

describe('safeRedirect', () => {
	it('keeps paths on this site and refuses anything else', () => {
		expect(safeRedirect('/savings?x=1')).toBe('/savings?x=1');
		expect(safeRedirect('//evil.example/')).toBe('/');
		expect(safeRedirect('/\\evil.example/')).toBe('/');
		expect(safeRedirect('https://evil.example/')).toBe('/');
		expect(safeRedirect(null)).toBe('/');
	});
});
