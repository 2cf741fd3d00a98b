import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { parseSetCookieHeader } from 'better-auth/cookies';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { audit, countAuditSince } from './audit';
import { getDb, type Db } from './db';
import {
	account,
	rateLimit,
	session,
	user,
	userDepartments,
	userRoles,
	verification,
	type Role
} from './db/auth-schema';
import { settings } from './db/schema';
import { applySsoSignIn, groupsFromProfile } from './sso';

// Email + password and OpenID Connect sign-in through better-auth, on the dashboard's own SQLite
// database. Choices, and why:
// - Sessions end after 8 hours without use (IDLE) and, however active, 7 days after sign-in (MAX):
//   a dashboard left open on a shared office computer does not stay signed in for a week. better-auth
//   slides `expiresAt` by IDLE at most every REFRESH; the 7-day cap is checked in `loadSession`.
// - Cookies are httpOnly and SameSite=Lax always, and Secure (with the __Secure- prefix) when
//   ORIGIN is https; `useSecureCookies` is set from ORIGIN rather than NODE_ENV, because the e2e
//   tests run the production build over plain http on 127.0.0.1.
// - The secret is BETTER_AUTH_SECRET, else one generated on first start and kept in the settings
//   table (key 'auth.secret'), so that restarts keep sessions without any setup.
// - Password sign-in goes only through `signInWithPassword` (the /login form action): its HTTP
//   endpoint is disabled, so the failed-attempt limit below cannot be bypassed.
// - Nobody signs up: administrators add users (src/lib/server/users.ts), SSO users are created at
//   their first sign-on and get their role from the SSO mappings (src/lib/server/sso.ts).

export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
export const SESSION_MAX_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_REFRESH_SECONDS = 15 * 60;

/** Failed password sign-ins allowed per window, per email from one address and per address. */
export const SIGN_IN_LIMITS = { perEmailAndAddress: 5, perAddress: 20, windowMinutes: 15 };

export const SSO_PROVIDER_ID = 'oidc';

/** The header the hook sets to the client's address (from adapter-node), for better-auth to read. */
export const CLIENT_IP_HEADER = 'x-dashboard-client-ip';

export interface AuthEnv {
	ORIGIN?: string;
	BETTER_AUTH_SECRET?: string;
	OIDC_ISSUER?: string;
	OIDC_CLIENT_ID?: string;
	OIDC_CLIENT_SECRET?: string;
	OIDC_SCOPES?: string;
	OIDC_GROUPS_CLAIM?: string;
	OIDC_PROVIDER_NAME?: string;
	[key: string]: string | undefined;
}

export interface OidcConfig {
	issuer: string;
	clientId: string;
	clientSecret?: string;
	scopes: string[];
	groupsClaim: string;
	name: string;
}

/**
 * The SSO settings, or null when OIDC_ISSUER, OIDC_CLIENT_ID or ORIGIN is missing (the identity
 * provider must be told the exact address to send people back to, ORIGIN/api/auth/callback/oidc).
 */
export function oidcConfig(env: AuthEnv): OidcConfig | null {
	const issuer = env.OIDC_ISSUER?.trim().replace(/\/+$/, '');
	const clientId = env.OIDC_CLIENT_ID?.trim();
	if (!issuer || !clientId || !env.ORIGIN?.trim()) return null;
	const scopes = (env.OIDC_SCOPES ?? 'openid email profile').split(/[\s,]+/).filter(Boolean);
	return {
		issuer,
		clientId,
		clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
		scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
		groupsClaim: env.OIDC_GROUPS_CLAIM?.trim() || 'groups',
		name: env.OIDC_PROVIDER_NAME?.trim() || 'single sign-on'
	};
}

const SECRET_SETTING = 'auth.secret';

/** BETTER_AUTH_SECRET, else the secret kept in the settings table (made on first use). */
export function authSecret(db: Db, env: AuthEnv): string {
	const fromEnv = env.BETTER_AUTH_SECRET?.trim();
	if (fromEnv) return fromEnv;
	// the value column is JSON: drizzle parses it, and the check below makes sure it is a string
	const read = (): string | undefined => {
		const found = db
			.select({ value: settings.value })
			.from(settings)
			.where(and(eq(settings.key, SECRET_SETTING), eq(settings.effectiveMonth, '0000-00')))
			.get();
		if (found === undefined) return undefined;
		if (typeof found.value !== 'string') {
			throw new Error(`The setting ${SECRET_SETTING} is not a string.`);
		}
		return found.value;
	};
	const existing = read();
	if (existing !== undefined) return existing;
	// ON CONFLICT DO NOTHING: when two processes start at once, both end up with the first one's secret
	db.insert(settings)
		.values({
			key: SECRET_SETTING,
			effectiveMonth: '0000-00',
			value: randomBytes(32).toString('base64url'),
			updatedBy: 'system'
		})
		.onConflictDoNothing()
		.run();
	return read()!;
}

// Endpoints of better-auth the dashboard does not use: closed, so that nothing reaches them.
const DISABLED_PATHS = [
	'/sign-in/email',
	'/sign-up/email',
	'/update-user',
	'/delete-user',
	'/change-email',
	'/change-password',
	'/set-password',
	'/request-password-reset',
	'/reset-password',
	'/send-verification-email',
	'/verify-email',
	'/link-social',
	'/unlink-account',
	'/list-accounts',
	'/account-info',
	'/get-access-token',
	'/refresh-token'
];

function authOptions(db: Db, env: AuthEnv) {
	const origin = env.ORIGIN?.trim().replace(/\/+$/, '') || undefined;
	const oidc = oidcConfig(env);
	if (env.OIDC_ISSUER && !origin) {
		console.error("Single sign-on needs ORIGIN (the dashboard's public URL): it stays off.");
	}
	return {
		appName: 'Backup rollout dashboard',
		baseURL: origin,
		basePath: '/api/auth',
		secret: authSecret(db, env),
		trustedOrigins: origin ? [origin] : [],
		database: drizzleAdapter(db, {
			provider: 'sqlite',
			schema: { user, session, account, verification, rateLimit }
		}),
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: 12,
			maxPasswordLength: 128
		},
		user: {
			additionalFields: {
				// written from the group claim at each SSO sign-in; no endpoint that takes user input
				// to the user table is open (see DISABLED_PATHS)
				ssoGroups: { type: 'string', required: false, input: true }
			}
		},
		session: {
			expiresIn: SESSION_IDLE_SECONDS,
			updateAge: SESSION_REFRESH_SECONDS,
			// no cookie cache: a removed user or a changed role takes effect at the next request
			cookieCache: { enabled: false }
		},
		account: {
			accountLinking: {
				enabled: true,
				// the college's identity provider vouches for its addresses: an SSO sign-in with the
				// address of a user an administrator added joins that user (who keeps their role)
				trustedProviders: oidc ? [SSO_PROVIDER_ID] : []
			}
		},
		rateLimit: {
			enabled: true,
			storage: 'database',
			window: 60,
			max: 100
		},
		advanced: {
			useSecureCookies: origin?.startsWith('https://') ?? false,
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
			ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] }
		},
		disabledPaths: DISABLED_PATHS,
		telemetry: { enabled: false },
		// failed sign-ins are in the audit log; better-auth's own warnings would repeat them
		logger: { level: 'error' },
		onAPIError: { errorURL: '/login' },
		plugins: oidc
			? [
					genericOAuth({
						config: [
							{
								providerId: SSO_PROVIDER_ID,
								name: oidc.name,
								discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
								// never accept an ID token that was not checked against the provider's keys
								requireIdTokenVerification: true,
								clientId: oidc.clientId,
								clientSecret: oidc.clientSecret,
								scopes: oidc.scopes,
								pkce: true,
								// the provider is the source of truth for the name, address and groups
								overrideUserInfo: true,
								mapProfileToUser: (profile) => ({
									name:
										(typeof profile.name === 'string' && profile.name) ||
										(typeof profile.email === 'string' ? profile.email : ''),
									ssoGroups: JSON.stringify(groupsFromProfile(profile, oidc.groupsClaim))
								})
							}
						]
					})
				]
			: [],
		databaseHooks: {
			session: {
				create: {
					after: async (created, ctx) => {
						// an SSO callback: the user row now holds this sign-on's groups
						if (ctx?.path === '/callback/:id') {
							applySsoSignIn(db, created.userId, String(ctx.params?.id ?? SSO_PROVIDER_ID));
							pruneSessions(db);
						}
					}
				}
			}
		},
		hooks: {
			after: createAuthMiddleware(async (ctx) => {
				if (ctx.path !== '/callback/:id' || ctx.context.newSession) return;
				// a failed SSO callback ends in a redirect to /login?error=…
				const returned = ctx.context.returned;
				const location = isAPIError(returned)
					? new Headers(returned.headers).get('location')
					: null;
				const error = location ? new URL(location, 'http://x').searchParams.get('error') : null;
				audit(db, 'anonymous', 'sign-in.failed', SSO_PROVIDER_ID, {
					method: 'sso',
					error: error ?? 'unknown',
					ip: ctx.headers?.get(CLIENT_IP_HEADER) ?? null
				});
			})
		}
	} satisfies BetterAuthOptions;
}

export function createAuth(db: Db, env: AuthEnv = process.env) {
	return betterAuth(authOptions(db, env));
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per database handle: the server has one, each test its own.
const instances = new WeakMap<Db, Auth>();

export function getAuth(db: Db = getDb()): Auth {
	let auth = instances.get(db);
	if (!auth) {
		auth = createAuth(db);
		instances.set(db, auth);
	}
	return auth;
}

/** What SvelteKit's `event.cookies` offers that the copy below needs. */
export interface CookieJar {
	set(
		name: string,
		value: string,
		options: {
			path: string;
			httpOnly?: boolean;
			secure?: boolean;
			sameSite?: 'lax' | 'strict' | 'none';
			maxAge?: number;
			expires?: Date;
			domain?: string;
		}
	): void;
}

/**
 * Hands the cookies better-auth set on its response to SvelteKit. Every flag is passed explicitly,
 * since SvelteKit's defaults (Secure except on localhost) differ from better-auth's choices.
 */
export function copyCookies(headers: Headers | null | undefined, cookies: CookieJar): void {
	const setCookie = headers?.get('set-cookie');
	if (!setCookie) return;
	for (const [name, attributes] of parseSetCookieHeader(setCookie)) {
		cookies.set(name, attributes.value, {
			path: attributes.path || '/',
			httpOnly: attributes.httponly ?? false,
			secure: attributes.secure ?? false,
			sameSite: attributes.samesite ?? 'lax',
			maxAge: attributes['max-age'],
			expires: attributes.expires,
			domain: attributes.domain
		});
	}
}

export type SignInResult =
	| { ok: true; userId: string; headers: Headers }
	| { ok: false; status: 400 | 429; message: string };

/** Signs in with a password, refusing after too many failures (counted in the audit log). */
export async function signInWithPassword(
	auth: Auth,
	db: Db,
	input: { email: string; password: string; ip: string; headers: Headers },
	now: Date = new Date()
): Promise<SignInResult> {
	const email = input.email.trim().toLowerCase();
	const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
	const failures = {
		emailAndAddress: countAuditSince(db, 'sign-in.failed', since, { subject: email, ip: input.ip }),
		address: countAuditSince(db, 'sign-in.failed', since, { ip: input.ip })
	};
	if (
		failures.emailAndAddress >= SIGN_IN_LIMITS.perEmailAndAddress ||
		failures.address >= SIGN_IN_LIMITS.perAddress
	) {
		audit(db, email, 'sign-in.rate-limited', email, { method: 'password', ip: input.ip });
		return {
			ok: false,
			status: 429,
			message: `Too many failed sign-in attempts: wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again, or ask an administrator to reset your password.`
		};
	}
	const headers = new Headers(input.headers);
	headers.set(CLIENT_IP_HEADER, input.ip);
	try {
		const result = await auth.api.signInEmail({
			body: { email, password: input.password, rememberMe: true },
			headers,
			returnHeaders: true
		});
		audit(db, email, 'sign-in', email, { method: 'password', ip: input.ip });
		// a sign-in is rare enough, and the table small enough, to tidy it here
		pruneSessions(db, now);
		return { ok: true, userId: result.response.user.id, headers: result.headers };
	} catch (e) {
		if (!isAPIError(e) || e.statusCode >= 500) throw e;
		audit(db, email, 'sign-in.failed', email, {
			method: 'password',
			ip: input.ip,
			reason: e.body?.code ?? e.message
		});
		return { ok: false, status: 400, message: 'The email or password is wrong.' };
	}
}

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	/** null: signed in, but no access yet */
	role: Role | null;
	/** a manager's departments; empty for the other roles */
	departments: string[];
}

export interface SessionInfo {
	id: string;
	createdAt: Date;
	expiresAt: Date;
}

/** The signed-in user's role and departments, read fresh on every request. */
export function loadAccess(db: Db, userId: string): Pick<SessionUser, 'role' | 'departments'> {
	// read on every request: prepared once per connection, so no SQL is built per request
	let statements = accessStatements.get(db);
	if (!statements) {
		statements = prepareAccess(db);
		accessStatements.set(db, statements);
	}
	const role = statements.role.get({ userId })?.role ?? null;
	const departments =
		role === 'manager' ? statements.departments.all({ userId }).map((r) => r.department) : [];
	return { role, departments };
}

function prepareAccess(db: Db) {
	return {
		role: db
			.select({ role: userRoles.role })
			.from(userRoles)
			.where(eq(userRoles.userId, sql.placeholder('userId')))
			.prepare(),
		departments: db
			.select({ department: userDepartments.department })
			.from(userDepartments)
			.where(eq(userDepartments.userId, sql.placeholder('userId')))
			.orderBy(userDepartments.department)
			.prepare()
	};
}

const accessStatements = new WeakMap<Db, ReturnType<typeof prepareAccess>>();

/**
 * The session of a request, or null. Passes on the refreshed cookie better-auth may set, and ends
 * a session older than SESSION_MAX_SECONDS however active it was.
 */
export async function loadSession(
	auth: Auth,
	db: Db,
	headers: Headers,
	cookies: CookieJar & { delete(name: string, options: { path: string }): void },
	now: Date = new Date()
): Promise<{ user: SessionUser; session: SessionInfo } | null> {
	const result = await auth.api.getSession({ headers, returnHeaders: true });
	const found = result.response;
	if (!found) {
		copyCookies(result.headers, cookies);
		return null;
	}
	if (now.getTime() - found.session.createdAt.getTime() > SESSION_MAX_SECONDS * 1000) {
		db.delete(session).where(eq(session.id, found.session.id)).run();
		const context = await auth.$context;
		cookies.delete(context.authCookies.sessionToken.name, { path: '/' });
		return null;
	}
	copyCookies(result.headers, cookies);
	return {
		user: {
			id: found.user.id,
			email: found.user.email,
			name: found.user.name,
			...loadAccess(db, found.user.id)
		},
		session: {
			id: found.session.id,
			createdAt: found.session.createdAt,
			expiresAt: found.session.expiresAt
		}
	};
}

/** Ends the session of the request; returns the headers that clear its cookie. */
export async function signOut(
	auth: Auth,
	db: Db,
	headers: Headers,
	actor: string
): Promise<Headers> {
	const result = await auth.api.signOut({ headers, returnHeaders: true });
	audit(db, actor, 'sign-out', actor, null);
	return result.headers;
}

/** Deletes sessions past their expiry or their maximum age: better-auth leaves them in the table. */
export function pruneSessions(db: Db, now: Date = new Date()): number {
	const maxStart = new Date(now.getTime() - SESSION_MAX_SECONDS * 1000);
	return db
		.delete(session)
		.where(or(lt(session.expiresAt, now), lt(session.createdAt, maxStart)))
		.run().changes;
}
