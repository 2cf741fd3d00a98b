import type { Handle, RequestEvent } from '@sveltejs/kit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decide } from './access';
import { listAudit } from './audit';
import { createAuth, loadSession, type Auth } from './auth';
import { createHandleAuth } from './auth-handle';
import { openDatabase, type Db } from './db';
import { addMapping } from './sso';
import { addUser, findUserByEmail } from './users';

// Single sign-on end to end: a real OpenID provider (the `oidc-provider` package, on 127.0.0.1 at
// an ephemeral port) and the dashboard's auth handle behind a real HTTP server, driven through the
// redirects a browser would follow, with one cookie jar for the host as a browser keeps.

const CLIENT_ID = 'backup-dashboard';
const CLIENT_SECRET = 'a-client-secret-for-the-test';

interface Person {
	email: string;
	email_verified: boolean;
	name: string;
	groups: string[];
}

const PEOPLE: Record<string, Person> = {
	'mgr-1': {
		email: 'Mia.Manager@college.edu',
		email_verified: true,
		name: 'Mia Manager',
		groups: ['ansc-staff', 'all-staff']
	},
	'new-2': {
		email: 'nick@college.edu',
		email_verified: true,
		name: 'Nick New',
		groups: ['students']
	},
	'adm-3': {
		email: 'ada@college.edu',
		email_verified: true,
		name: 'Ada Admin',
		groups: ['ansc-staff']
	}
};

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
	return new Promise((done) => {
		const server = createServer(handler);
		server.listen(0, '127.0.0.1', () => done(server));
	});
}

const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Serves a SvelteKit handle over node:http, as adapter-node would for /api/auth/*. */
function serveHandle(handle: () => Handle) {
	return async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
		const headers = new Headers();
		for (const [key, value] of Object.entries(req.headers)) {
			if (typeof value === 'string') headers.set(key, value);
		}
		const request = new Request(url, {
			method: req.method,
			headers,
			body: chunks.length > 0 ? Buffer.concat(chunks) : undefined
		});
		const event = {
			url,
			request,
			route: { id: null },
			locals: {},
			getClientAddress: () => req.socket.remoteAddress ?? '127.0.0.1'
		} as unknown as RequestEvent;
		const response = await handle()({
			event,
			resolve: async () => new Response('Not Found', { status: 404 })
		});
		res.statusCode = response.status;
		response.headers.forEach((value, key) => {
			if (key !== 'set-cookie') res.setHeader(key, value);
		});
		const cookies = response.headers.getSetCookie();
		if (cookies.length > 0) res.setHeader('set-cookie', cookies);
		res.end(Buffer.from(await response.arrayBuffer()));
	};
}

/** The cookies of 127.0.0.1: shared by both servers, as a browser shares them across ports. */
class Browser {
	cookies = new Map<string, string>();

	async fetch(url: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size > 0) {
			headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		}
		const response = await fetch(url, { ...init, headers, redirect: 'manual' });
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const name = pair.slice(0, pair.indexOf('='));
			const value = pair.slice(pair.indexOf('=') + 1);
			const expired = attributes.some(
				(a) =>
					/^\s*max-age=0$/i.test(a) ||
					(/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now())
			);
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return response;
	}

	/** Follows redirects from `url` until a page answers, or until `stop` says so. */
	async follow(
		url: string,
		stop: (url: URL) => boolean = () => false
	): Promise<{ url: URL; response: Response }> {
		let current = new URL(url);
		for (let hop = 0; hop < 15; hop++) {
			if (stop(current)) return { url: current, response: new Response(null) };
			const response = await this.fetch(current.href);
			const location = response.headers.get('location');
			if (response.status < 300 || response.status >= 400 || !location) {
				return { url: current, response };
			}
			current = new URL(location, current);
		}
		throw new Error(`too many redirects, last at ${current.href}`);
	}
}

let provider: Server;
let app: Server;
let issuer: string;
let appOrigin: string;
let db: Db;
let auth: Auth;

beforeAll(async () => {
	provider = await listen(() => undefined);
	app = await listen(() => undefined);
	issuer = origin(provider);
	appOrigin = origin(app);
	const oidc = new Provider(issuer, {
		clients: [
			{
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_post'
			}
		],
		claims: {
			openid: ['sub'],
			email: ['email', 'email_verified'],
			profile: ['name'],
			groups: ['groups']
		},
		async findAccount(_ctx, id) {
			const person = PEOPLE[id];
			if (!person) return undefined;
			return { accountId: id, claims: async () => ({ sub: id, ...person }) };
		},
		cookies: { keys: ['a-cookie-signing-key-for-the-test'] },
		// explicit lifetimes, which also keeps the provider from logging a notice for each default
		ttl: {
			AccessToken: 600,
			AuthorizationCode: 60,
			Grant: 600,
			IdToken: 600,
			Interaction: 600,
			Session: 600
		}
	});
	provider.removeAllListeners('request');
	provider.on('request', oidc.callback());
	app.removeAllListeners('request');
	app.on(
		'request',
		serveHandle(() => createHandleAuth(() => ({ db, auth })))
	);
});

afterAll(async () => {
	await Promise.all([provider, app].map((s) => new Promise<void>((done) => s.close(() => done()))));
});

beforeEach(async () => {
	db = openDatabase(':memory:');
	auth = createAuth(db, {
		ORIGIN: appOrigin,
		BETTER_AUTH_SECRET: 'a-secret-of-at-least-32-characters!!',
		OIDC_ISSUER: issuer,
		OIDC_CLIENT_ID: CLIENT_ID,
		OIDC_CLIENT_SECRET: CLIENT_SECRET,
		OIDC_SCOPES: 'openid email profile groups',
		OIDC_GROUPS_CLAIM: 'groups'
	});
	await addUser(db, { email: 'boss@college.edu', role: 'admin' }, 'setup');
	addMapping(
		db,
		{ match: 'group', value: 'ANSC-staff', role: 'manager', departments: ['ANSC'] },
		'boss@college.edu'
	);
});

/** Starts the sign-on as the login page's SSO button does, and returns the provider's page. */
async function startSignOn(browser: Browser): Promise<URL> {
	const response = await browser.fetch(`${appOrigin}/api/auth/sign-in/social`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: appOrigin },
		body: JSON.stringify({ provider: 'oidc', callbackURL: '/', errorCallbackURL: '/login' })
	});
	expect(response.status).toBe(200);
	const { url } = (await response.json()) as { url: string };
	expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
	const authorize = new URL(url);
	expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
	expect(authorize.searchParams.get('scope')).toBe('openid email profile groups');
	const { url: page, response: shown } = await browser.follow(url);
	expect(shown.status).toBe(200);
	expect(page.pathname).toMatch(/^\/interaction\//);
	return page;
}

/** Signs in at the provider as `accountId` and consents; returns where the provider sends back. */
async function signOnAs(browser: Browser, accountId: string): Promise<URL> {
	let page = await startSignOn(browser);
	for (const prompt of ['login', 'consent']) {
		const response = await browser.fetch(page.href, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ prompt, login: accountId, password: 'any' })
		});
		expect(response.status).toBe(303);
		const next = await browser.follow(new URL(response.headers.get('location')!, page).href, (u) =>
			u.href.startsWith(appOrigin)
		);
		page = next.url;
		if (page.href.startsWith(appOrigin)) return page;
	}
	return page;
}

/** Lets the dashboard finish the sign-on; returns where it sends the browser. */
async function finish(browser: Browser, callback: URL): Promise<URL> {
	expect(callback.pathname).toBe('/api/auth/callback/oidc');
	const response = await browser.fetch(callback.href);
	expect(response.status).toBe(302);
	return new URL(response.headers.get('location')!, appOrigin);
}

async function sessionOf(browser: Browser) {
	const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	const cookies = { set: () => undefined, delete: () => undefined };
	return loadSession(auth, db, new Headers({ cookie }), cookies);
}

describe('single sign-on against a real OpenID provider', () => {
	it('signs a mapped user in with the role and departments of their group', async () => {
		const browser = new Browser();
		const callback = await signOnAs(browser, 'mgr-1');
		expect(callback.searchParams.get('code')).toBeTruthy();
		const landing = await finish(browser, callback);
		expect(landing.href).toBe(`${appOrigin}/`);

		const found = await sessionOf(browser);
		expect(found?.user).toMatchObject({
			email: 'mia.manager@college.edu',
			name: 'Mia Manager',
			role: 'manager',
			departments: ['ANSC']
		});
		expect(findUserByEmail(db, 'mia.manager@college.edu')).toMatchObject({
			signIn: ['oidc'],
			ssoGroups: ['ansc-staff', 'all-staff'],
			roleSource: 'sso'
		});
		const [signIn] = listAudit(db, { action: 'sign-in' }).entries;
		expect(signIn).toMatchObject({
			actor: 'mia.manager@college.edu',
			details: { method: 'sso', provider: 'oidc', role: 'manager', outcome: 'mapped' }
		});
	});

	it('signs in a user no mapping matches, who then has no access yet', async () => {
		const browser = new Browser();
		await finish(browser, await signOnAs(browser, 'new-2'));
		const found = await sessionOf(browser);
		expect(found?.user).toMatchObject({ email: 'nick@college.edu', role: null, departments: [] });
		expect(
			decide({
				routeId: '/',
				method: 'GET',
				url: new URL(`${appOrigin}/`),
				user: found!.user,
				hasUsers: true
			})
		).toEqual({ kind: 'redirect', location: '/no-access' });
	});

	it('joins a user an administrator added, who keeps the role set by hand', async () => {
		await addUser(db, { email: 'ada@college.edu', role: 'admin' }, 'boss@college.edu');
		const browser = new Browser();
		await finish(browser, await signOnAs(browser, 'adm-3'));
		const found = await sessionOf(browser);
		expect(found?.user).toMatchObject({ email: 'ada@college.edu', role: 'admin' });
		expect(findUserByEmail(db, 'ada@college.edu')?.signIn).toEqual(['oidc']);
	});

	it('sends a sign-on cancelled at the provider back to /login with the reason, and records it', async () => {
		const browser = new Browser();
		const page = await startSignOn(browser);
		const { url: callback } = await browser.follow(`${page.href}/abort`, (u) =>
			u.href.startsWith(appOrigin)
		);
		expect(callback.searchParams.get('error')).toBe('access_denied');
		const landing = await finish(browser, callback);
		expect(landing.pathname).toBe('/login');
		expect(landing.searchParams.get('error')).toBe('access_denied');
		expect(await sessionOf(browser)).toBeNull();
		expect(listAudit(db, { action: 'sign-in.failed' }).entries[0]).toMatchObject({
			subject: 'oidc',
			details: { method: 'sso', error: 'access_denied' }
		});
	});

	it('refuses a callback whose state this browser never started', async () => {
		const attacker = new Browser();
		const callback = await signOnAs(attacker, 'mgr-1');
		// the victim's browser is sent the attacker's callback link (login CSRF)
		const victim = new Browser();
		const landing = await finish(victim, callback);
		expect(landing.pathname).toBe('/login');
		expect(landing.searchParams.get('error')).toBeTruthy();
		expect(await sessionOf(victim)).toBeNull();
	});

	it('serves only the sign-on endpoints of better-auth over HTTP', async () => {
		const browser = new Browser();
		await finish(browser, await signOnAs(browser, 'mgr-1'));
		for (const path of ['/get-session', '/list-sessions', '/sign-in/email', '/update-user']) {
			const response = await browser.fetch(`${appOrigin}/api/auth${path}`);
			expect(response.status, path).toBe(404);
		}
	});
});
