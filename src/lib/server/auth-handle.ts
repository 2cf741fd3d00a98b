import { building } from '$app/environment';
import { error, json, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { decide, isTokenRule, ROUTE_RULES, ruleOf } from './access';
import { CLIENT_IP_HEADER, getAuth, loadSession, SSO_PROVIDER_ID, type Auth } from './auth';
import { getDb, type Db } from './db';
import { bearerToken, useToken } from './tokens';
import { hasAnyUser } from './users';

// The auth `handle`, composed by hooks.server.ts with `sequence(handleAuth, …)`:
// 1. /api/auth/* goes to better-auth, but only the few endpoints the dashboard uses;
// 2. an API route (/api/v1, for scripts) gets `locals.token` from its `Authorization: Bearer`
//    header, and no session: its cookies are not even read;
// 3. every other request gets `locals.user` and `locals.session` (or null);
// 4. the route rules of access.ts decide: go on, redirect (to /setup, /login, /no-access), or deny.

const AUTH_BASE = '/api/auth';

/** The better-auth endpoints reachable over HTTP: starting and finishing a single sign-on. */
export function isOpenAuthPath(pathname: string): boolean {
	const path = pathname.slice(AUTH_BASE.length);
	return (
		path === '/sign-in/social' ||
		path === `/callback/${SSO_PROVIDER_ID}` ||
		path === '/error' ||
		path === '/ok'
	);
}

/**
 * The request headers as better-auth should see them: with the client's address from SvelteKit
 * (which honours adapter-node's ADDRESS_HEADER behind a proxy) in a header a client cannot set.
 */
export function authHeaders(event: Pick<RequestEvent, 'request' | 'getClientAddress'>): Headers {
	const headers = new Headers(event.request.headers);
	headers.set(CLIENT_IP_HEADER, event.getClientAddress());
	return headers;
}

/** The request for better-auth's handler. It takes over the body: only for /api/auth/*. */
export function forAuth(event: Pick<RequestEvent, 'request' | 'getClientAddress'>): Request {
	return new Request(event.request, { headers: authHeaders(event) });
}

/** The 403 page in the app shell (routes/forbidden): what a page the role may not open answers. */
export const FORBIDDEN_PAGE = '/forbidden';

/** A browser opening a page (or a download link), not a script's request or a form post. */
function isPageVisit(event: Pick<RequestEvent, 'request' | 'isDataRequest'>): boolean {
	const { method, headers } = event.request;
	return (
		(method === 'GET' || method === 'HEAD') &&
		!event.isDataRequest &&
		(headers.get('accept') ?? '').includes('text/html')
	);
}

export function createHandleAuth(dependencies: () => { db: Db; auth: Auth }): Handle {
	return async ({ event, resolve }) => {
		if (building) return resolve(event);
		const { db, auth } = dependencies();

		if (event.url.pathname === AUTH_BASE || event.url.pathname.startsWith(`${AUTH_BASE}/`)) {
			if (!isOpenAuthPath(event.url.pathname)) return new Response('Not Found', { status: 404 });
			return auth.handler(forAuth(event));
		}

		const rule = ruleOf(event.route.id);
		if (isTokenRule(rule)) {
			event.locals.user = null;
			event.locals.session = null;
			const presented = bearerToken(event.request.headers.get('authorization'));
			event.locals.token =
				presented === null
					? null
					: useToken(db, presented, {
							method: event.request.method,
							path: event.url.pathname,
							ip: event.getClientAddress()
						});
			const decision = decide({
				routeId: event.route.id,
				method: event.request.method,
				url: event.url,
				user: null,
				token: event.locals.token,
				hasUsers: true
			});
			if (decision.kind !== 'deny') return resolve(event);
			// a script reads the status and the sentence; 401 says how to authenticate (RFC 6750)
			return json(
				{ message: decision.message },
				{
					status: decision.status,
					headers: decision.status === 401 ? { 'www-authenticate': 'Bearer' } : undefined
				}
			);
		}

		const found = await loadSession(auth, db, authHeaders(event), event.cookies);
		event.locals.user = found?.user ?? null;
		event.locals.session = found?.session ?? null;
		event.locals.token = null;

		const decision = decide({
			routeId: event.route.id,
			method: event.request.method,
			url: event.url,
			user: event.locals.user,
			// someone signed in is a user: the query is only needed for the anonymous
			hasUsers: event.locals.user !== null || hasAnyUser(db)
		});
		if (decision.kind === 'redirect') redirect(303, decision.location);
		if (decision.kind === 'deny') {
			if (event.route.id !== null && !(event.route.id in ROUTE_RULES)) {
				// a developer's omission, not a user's mistake: say where to fix it
				console.error(`${event.route.id} has no rule in ROUTE_RULES (src/lib/server/access.ts)`);
			}
			// SvelteKit answers an error thrown in a handle with its bare error page, outside the
			// app; a person who opened a page gets the 403 page inside the app shell instead
			if (decision.status === 403 && isPageVisit(event)) return event.fetch(FORBIDDEN_PAGE);
			error(decision.status, decision.message);
		}
		return resolve(event);
	};
}

export const handleAuth: Handle = createHandleAuth(() => {
	const db = getDb();
	return { db, auth: getAuth(db) };
});
