import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuth, signInWithPassword, type Auth } from './auth';
import { authHeaders, createHandleAuth, forAuth, isOpenAuthPath } from './auth-handle';
import { listAudit } from './audit';
import { openDatabase, type Db } from './db';
import { createToken, listTokens } from './tokens';
import { addUser } from './users';

const ORIGIN = 'http://127.0.0.1:4173';
const PASSWORD = 'correct horse battery';

let db: Db;
let auth: Auth;
beforeEach(() => {
	db = openDatabase(':memory:');
	auth = createAuth(db, { ORIGIN, BETTER_AUTH_SECRET: 's'.repeat(32) });
});

function event(
	path: string,
	routeId: string | null,
	init: RequestInit = {},
	isDataRequest = false
) {
	const url = new URL(path, ORIGIN);
	const set: string[] = [];
	const fetched: string[] = [];
	return {
		url,
		request: new Request(url, init),
		route: { id: routeId },
		isDataRequest,
		locals: {} as App.Locals,
		cookies: { set: (name: string) => set.push(name), delete: () => undefined },
		getClientAddress: () => '192.0.2.7',
		// SvelteKit's fetch of a page of this app: here it records which
		fetch: async (target: string) => {
			fetched.push(target);
			return new Response(`the page ${target}`, { status: 403 });
		},
		set,
		fetched
	};
}

async function run(e: ReturnType<typeof event>) {
	const handle = createHandleAuth(() => ({ db, auth }));
	let resolved = false;
	try {
		const response = await handle({
			event: e as unknown as RequestEvent,
			resolve: async () => {
				resolved = true;
				return new Response('page');
			}
		});
		return { resolved, response, thrown: null };
	} catch (thrown) {
		return { resolved, response: null, thrown };
	}
}

async function signedInCookie(email: string): Promise<string> {
	const result = await signInWithPassword(auth, db, {
		email,
		password: PASSWORD,
		ip: '192.0.2.7',
		headers: new Headers()
	});
	if (!result.ok) throw new Error(result.message);
	return result.headers.get('set-cookie')!.split(';')[0];
}

describe('handleAuth', () => {
	it('sends every page to /setup while no user exists, but answers /healthz', async () => {
		const page = await run(event('/', '/'));
		expect(isRedirect(page.thrown) && page.thrown.location).toBe('/setup');
		expect(page.resolved).toBe(false);
		expect((await run(event('/healthz', '/healthz'))).resolved).toBe(true);
		expect((await run(event('/setup', '/setup'))).resolved).toBe(true);
	});

	it('puts the signed-in user on locals and lets a permitted request through', async () => {
		await addUser(
			db,
			{ email: 'm@college.edu', password: PASSWORD, role: 'manager', departments: ['ANSC'] },
			't'
		);
		const e = event('/', '/', { headers: { cookie: await signedInCookie('m@college.edu') } });
		const result = await run(e);
		expect(result.resolved).toBe(true);
		expect(e.locals.user).toMatchObject({
			email: 'm@college.edu',
			role: 'manager',
			departments: ['ANSC']
		});
		expect(e.locals.session?.id).toBeTruthy();
	});

	it('answers 403 to a role the route rule does not name', async () => {
		await addUser(
			db,
			{ email: 'm@college.edu', password: PASSWORD, role: 'manager', departments: ['ANSC'] },
			't'
		);
		const e = event('/admin/users', '/admin/users', {
			headers: { cookie: await signedInCookie('m@college.edu') }
		});
		const result = await run(e);
		expect(isHttpError(result.thrown) && result.thrown.status).toBe(403);
		expect(result.resolved).toBe(false);
	});

	it('answers a browser opening a page the role may not open with the 403 page in the app shell', async () => {
		await addUser(
			db,
			{ email: 'm@college.edu', password: PASSWORD, role: 'manager', departments: ['ANSC'] },
			't'
		);
		const cookie = await signedInCookie('m@college.edu');
		const accept = 'text/html,application/xhtml+xml,*/*;q=0.8';
		const page = event('/admin/users', '/admin/users', { headers: { cookie, accept } });
		const result = await run(page);
		expect(result.response?.status).toBe(403);
		expect(await result.response?.text()).toBe('the page /forbidden');
		expect(result.resolved).toBe(false);

		// its data (a navigation inside the app), a form post and a script's request get the error
		const data = event(
			'/admin/users/__data.json',
			'/admin/users',
			{ headers: { cookie, accept } },
			true
		);
		const post = event('/admin/users', '/admin/users', {
			method: 'POST',
			headers: { cookie, accept }
		});
		const script = event('/admin/users', '/admin/users', { headers: { cookie, accept: '*/*' } });
		for (const e of [data, post, script]) {
			const denied = await run(e);
			expect(isHttpError(denied.thrown) && denied.thrown.status).toBe(403);
			expect(e.fetched).toEqual([]);
		}
	});

	it('denies a route that has no rule, even to an administrator', async () => {
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const e = event('/forgotten', '/forgotten', {
			headers: { cookie: await signedInCookie('a@college.edu') }
		});
		const result = await run(e);
		expect(isHttpError(result.thrown) && result.thrown.status).toBe(403);
		expect(result.resolved).toBe(false);
	});

	it('sends a signed-out visitor to /login', async () => {
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const result = await run(event('/admin/audit?action=sign-in', '/admin/audit'));
		expect(isRedirect(result.thrown) && result.thrown.location).toBe(
			'/login?redirectTo=%2Fadmin%2Faudit%3Faction%3Dsign-in'
		);
	});

	it('passes /api/auth requests to better-auth only for the sign-on endpoints', async () => {
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const ok = await run(event('/api/auth/ok', null));
		expect(ok.response?.status).toBe(200);
		const session = await run(
			event('/api/auth/get-session', null, {
				headers: { cookie: await signedInCookie('a@college.edu') }
			})
		);
		expect(session.response?.status).toBe(404);
		expect(session.resolved).toBe(false);
	});
});

describe('handleAuth, on an API route', () => {
	it('lets a token of the right role through, without reading a session, and notes its use', async () => {
		const { token } = createToken(
			db,
			{ name: 'billing cron', role: 'uploader' },
			'admin@college.edu'
		);
		// no user exists yet: a script never leads to /setup
		const e = event('/api/v1/imports?name=a.csv', '/api/v1/imports', {
			method: 'POST',
			headers: { authorization: `Bearer ${token}` }
		});
		const result = await run(e);
		expect(result.resolved).toBe(true);
		expect(e.locals).toEqual({
			user: null,
			session: null,
			token: { name: 'billing cron', role: 'uploader' }
		});
		expect(listTokens(db)[0].lastUsedAt).not.toBeNull();
		expect(listAudit(db, { action: 'token.use' }).entries[0]).toMatchObject({
			actor: 'token:billing cron',
			subject: 'billing cron',
			details: { method: 'POST', path: '/api/v1/imports', ip: '192.0.2.7' }
		});
	});

	it('answers 401 with the way to authenticate without a token or with a wrong one', async () => {
		createToken(db, { name: 'billing cron', role: 'uploader' }, 'admin@college.edu');
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const cookie = await signedInCookie('a@college.edu');
		for (const headers of [
			{} as Record<string, string>,
			{ authorization: 'Bearer brd_not-a-token' },
			{ authorization: 'Basic YTpi' },
			// an administrator's session is no token: a browser's cookie never reaches the API
			{ cookie }
		]) {
			const e = event('/api/v1/report', '/api/v1/report', { headers });
			const result = await run(e);
			expect(result.resolved).toBe(false);
			const response = result.response!;
			expect(response.status).toBe(401);
			expect(response.headers.get('www-authenticate')).toBe('Bearer');
			expect((await response.json()).message).toMatch(/^Send a valid API token/);
		}
		expect(listTokens(db)[0].lastUsedAt).toBeNull();
	});

	it('answers 403 to a token whose role the route does not name', async () => {
		const { token } = createToken(db, { name: 'board', role: 'leadership' }, 'a@college.edu');
		const e = event('/api/v1/imports?name=a.csv', '/api/v1/imports', {
			method: 'POST',
			headers: { authorization: `Bearer ${token}` }
		});
		const result = await run(e);
		expect(result.resolved).toBe(false);
		expect(result.response?.status).toBe(403);
	});

	it('ignores a token on a page: pages take a session only', async () => {
		const { token } = createToken(db, { name: 'board', role: 'leadership' }, 'a@college.edu');
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const e = event('/health', '/health', { headers: { authorization: `Bearer ${token}` } });
		const result = await run(e);
		expect(isRedirect(result.thrown) && result.thrown.location).toBe('/login?redirectTo=%2Fhealth');
		expect(e.locals.token).toBeNull();
	});
});

describe('forAuth', () => {
	it('tells better-auth the address SvelteKit saw, whatever the client claimed', () => {
		const e = event('/api/auth/sign-in/social', null, {
			method: 'POST',
			headers: { 'x-dashboard-client-ip': '10.6.6.6', 'x-forwarded-for': '10.6.6.6' },
			body: '{}'
		});
		expect(authHeaders(e).get('x-dashboard-client-ip')).toBe('192.0.2.7');
		expect(forAuth(e).headers.get('x-dashboard-client-ip')).toBe('192.0.2.7');
	});

	it('leaves the request body for the form action when it reads the session', async () => {
		await addUser(db, { email: 'a@college.edu', password: PASSWORD, role: 'admin' }, 't');
		const e = event('/admin/users', '/admin/users', {
			method: 'POST',
			headers: {
				cookie: await signedInCookie('a@college.edu'),
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: 'role=admin'
		});
		expect((await run(e)).resolved).toBe(true);
		expect((await e.request.formData()).get('role')).toBe('admin');
	});

	it('opens only the sign-on endpoints', () => {
		expect(isOpenAuthPath('/api/auth/sign-in/social')).toBe(true);
		expect(isOpenAuthPath('/api/auth/callback/oidc')).toBe(true);
		expect(isOpenAuthPath('/api/auth/callback/github')).toBe(false);
		expect(isOpenAuthPath('/api/auth/sign-in/email')).toBe(false);
		expect(isOpenAuthPath('/api/auth/get-session')).toBe(false);
	});
});
