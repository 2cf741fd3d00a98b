import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from './auth';
import type { Role } from './db/auth-schema';
import {
	requireDepartment,
	requireFirstRun,
	requireRole,
	requireSignedIn,
	requireToken
} from './guard';
import type { TokenHolder } from './tokens';

// The guards read the request SvelteKit is answering; here, the one a test puts there.
const request = vi.hoisted(() => ({ event: null as unknown as RequestEvent }));
vi.mock('$app/server', () => ({ getRequestEvent: () => request.event }));

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'guard-spec-'));
	// getDb() opens it on first use: who exists decides where the signed-out are sent
	process.env.DATABASE_URL = join(dir, 'guard.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function as(role: Role | null, departments: string[] = []): SessionUser {
	return { id: 'u1', email: 'u@college.edu', name: 'U', role, departments };
}

function asking(user: SessionUser | null, path = '/departments/ANSC') {
	request.event = {
		locals: { user, session: null },
		url: new URL(path, 'http://dash.test')
	} as RequestEvent;
}

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (e) {
		return e;
	}
	throw new Error('expected a throw');
}

const status = (e: unknown) => (isHttpError(e) ? e.status : null);
const location = (e: unknown) => (isRedirect(e) ? e.location : null);

describe('requireRole', () => {
	it('admits the roles it names, and an administrator always', () => {
		asking(as('uploader'));
		expect(requireRole('uploader').role).toBe('uploader');
		asking(as('admin'));
		expect(requireRole('uploader', 'leadership').role).toBe('admin');
		expect(requireRole().role).toBe('admin');
	});

	it('answers 403 to another role, and sends a user without one to /no-access', () => {
		asking(as('leadership'));
		expect(status(thrown(() => requireRole('uploader')))).toBe(403);
		asking(as(null));
		expect(location(thrown(() => requireRole('uploader', 'leadership')))).toBe('/no-access');
	});
});

describe('requireToken', () => {
	const withToken = (token: TokenHolder | null, user: SessionUser | null = null) => {
		request.event = {
			locals: { user, session: null, token },
			url: new URL('/api/v1/imports', 'http://dash.test')
		} as RequestEvent;
	};

	it('admits a token of the roles it names', () => {
		withToken({ name: 'billing cron', role: 'uploader' });
		expect(requireToken('uploader')).toEqual({ name: 'billing cron', role: 'uploader' });
		withToken({ name: 'board', role: 'leadership' });
		expect(requireToken('uploader', 'leadership').name).toBe('board');
	});

	it('answers 401 without a token, even to a signed-in administrator, and 403 to another role', () => {
		withToken(null, as('admin'));
		expect(status(thrown(() => requireToken('uploader')))).toBe(401);
		withToken({ name: 'board', role: 'leadership' });
		expect(status(thrown(() => requireToken('uploader')))).toBe(403);
	});
});

describe('requireDepartment', () => {
	it('lets a manager read their own departments only: the others do not exist for them', () => {
		asking(as('manager', ['ANSC']));
		expect(requireDepartment('ansc').role).toBe('manager');
		expect(status(thrown(() => requireDepartment('CS')))).toBe(404);
		expect(status(thrown(() => requireDepartment('UNASSIGNED')))).toBe(404);
	});

	it('lets every other role read every department', () => {
		for (const role of ['admin', 'uploader', 'leadership'] as const) {
			asking(as(role));
			expect(requireDepartment('UNASSIGNED').role).toBe(role);
		}
		asking(as(null));
		expect(location(thrown(() => requireDepartment('ANSC')))).toBe('/no-access');
	});
});

describe('requireSignedIn and requireFirstRun, before and after the first user', () => {
	it('sends the signed-out to /setup while nobody exists, where the first run is allowed', () => {
		asking(null);
		expect(location(thrown(() => requireSignedIn()))).toBe('/setup');
		expect(location(thrown(() => requireRole('admin')))).toBe('/setup');
		expect(() => requireFirstRun()).not.toThrow();
	});

	it('then sends them to sign in, and closes the first run', async () => {
		const { getDb } = await import('./db');
		const { addUser } = await import('./users');
		await addUser(getDb(), { email: 'first@college.edu', role: 'admin' }, 'test');
		asking(null, '/health?os=mac');
		expect(location(thrown(() => requireSignedIn()))).toBe(
			'/login?redirectTo=%2Fhealth%3Fos%3Dmac'
		);
		expect(location(thrown(() => requireFirstRun()))).toBe('/login');
		asking(as(null));
		expect(requireSignedIn().email).toBe('u@college.edu');
		expect(location(thrown(() => requireFirstRun()))).toBe('/');
	});
});
