import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import {
	authSecret,
	copyCookies,
	createAuth,
	loadSession,
	oidcConfig,
	pruneSessions,
	SESSION_IDLE_SECONDS,
	SESSION_MAX_SECONDS,
	SIGN_IN_LIMITS,
	signInWithPassword,
	type Auth,
	type CookieJar
} from './auth';
import { openDatabase, type Db } from './db';
import { session } from './db/auth-schema';
import { addUser, setRole } from './users';

const PASSWORD = 'correct horse battery';
const ORIGIN = 'https://dash.college.edu';

let db: Db;
let auth: Auth;
beforeEach(async () => {
	db = openDatabase(':memory:');
	auth = createAuth(db, { ORIGIN, BETTER_AUTH_SECRET: 'x'.repeat(32) });
	await addUser(db, { email: 'ann@college.edu', password: PASSWORD, role: 'leadership' }, 'test');
});

function signIn(email: string, password: string, ip = '10.0.0.1', now?: Date) {
	return signInWithPassword(auth, db, { email, password, ip, headers: new Headers() }, now);
}

/** A cookie jar like SvelteKit's, that remembers what was set and deleted. */
function jar() {
	const cookies = new Map<string, { value: string; options: Parameters<CookieJar['set']>[2] }>();
	return {
		cookies,
		set: (name: string, value: string, options: Parameters<CookieJar['set']>[2]) =>
			cookies.set(name, { value, options }),
		delete: (name: string) => cookies.delete(name)
	};
}

async function sessionCookie(): Promise<string> {
	const result = await signIn('ann@college.edu', PASSWORD);
	if (!result.ok) throw new Error(result.message);
	return result.headers.get('set-cookie')!.split(';')[0];
}

describe('cookies', () => {
	it('are httpOnly, SameSite=Lax, Secure with the __Secure- prefix, and last the idle time', async () => {
		const response = await auth.api.signInEmail({
			body: { email: 'ann@college.edu', password: PASSWORD },
			asResponse: true
		});
		expect(response.status).toBe(200);
		const cookie = response.headers.get('set-cookie')!;
		expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
		expect(cookie).toMatch(/; HttpOnly/);
		expect(cookie).toMatch(/; Secure/);
		expect(cookie).toMatch(/; SameSite=Lax/);
		expect(cookie).toMatch(new RegExp(`; Max-Age=${SESSION_IDLE_SECONDS}`));
	});

	it('are not Secure when the dashboard is served over plain http', async () => {
		const plain = createAuth(db, {
			ORIGIN: 'http://127.0.0.1:4173',
			BETTER_AUTH_SECRET: 'y'.repeat(32)
		});
		const response = await plain.api.signInEmail({
			body: { email: 'ann@college.edu', password: PASSWORD },
			asResponse: true
		});
		const cookie = response.headers.get('set-cookie')!;
		expect(cookie).toMatch(/^better-auth\.session_token=/);
		expect(cookie).not.toMatch(/Secure/);
		expect(cookie).toMatch(/; HttpOnly/);
	});

	it('reach SvelteKit with every flag spelled out', async () => {
		const result = await signIn('ann@college.edu', PASSWORD);
		expect(result.ok).toBe(true);
		const target = jar();
		copyCookies(result.ok ? result.headers : null, target);
		const [[name, cookie]] = [...target.cookies];
		expect(name).toBe('__Secure-better-auth.session_token');
		expect(cookie.options).toMatchObject({
			path: '/',
			httpOnly: true,
			secure: true,
			sameSite: 'lax',
			maxAge: SESSION_IDLE_SECONDS
		});
	});
});

describe('the HTTP endpoints', () => {
	it('do not offer password sign-in or sign-up, so the failure limit cannot be bypassed', async () => {
		for (const path of ['/sign-in/email', '/sign-up/email', '/update-user', '/change-password']) {
			const response = await auth.handler(
				new Request(`${ORIGIN}/api/auth${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', origin: ORIGIN },
					body: JSON.stringify({ email: 'ann@college.edu', password: PASSWORD, name: 'x' })
				})
			);
			expect(response.status, path).toBe(404);
		}
	});
});

describe('signInWithPassword', () => {
	it('signs in whatever the case of the email, and records it', async () => {
		const result = await signIn(' Ann@College.EDU ', PASSWORD);
		expect(result.ok).toBe(true);
		expect(listAudit(db, { action: 'sign-in' }).entries[0]).toMatchObject({
			actor: 'ann@college.edu',
			details: { method: 'password', ip: '10.0.0.1' }
		});
	});

	it('refuses a wrong password with one message for a wrong email too, and records both', async () => {
		const wrongPassword = await signIn('ann@college.edu', 'not the password at all');
		const unknownEmail = await signIn('nobody@college.edu', PASSWORD);
		expect(wrongPassword).toEqual({
			ok: false,
			status: 400,
			message: 'The email or password is wrong.'
		});
		expect(unknownEmail).toEqual(wrongPassword);
		expect(listAudit(db, { action: 'sign-in.failed' }).entries.map((e) => e.subject)).toEqual([
			'nobody@college.edu',
			'ann@college.edu'
		]);
	});

	it(
		'stops an email from one address after 5 failures, even with the right password',
		{
			timeout: 20_000
		},
		async () => {
			for (let i = 0; i < SIGN_IN_LIMITS.perEmailAndAddress; i++) {
				expect((await signIn('ann@college.edu', `wrong password ${i}`)).ok).toBe(false);
			}
			const limited = await signIn('ann@college.edu', PASSWORD);
			expect(limited).toMatchObject({ ok: false, status: 429 });
			expect(!limited.ok && limited.message).toMatch(
				/Too many failed sign-in attempts: wait 15 minutes/
			);
			expect(listAudit(db, { action: 'sign-in.rate-limited' }).total).toBe(1);
			// the owner, from another address, still gets in
			expect((await signIn('ann@college.edu', PASSWORD, '10.0.0.2')).ok).toBe(true);
			// and so does anyone once the window has passed
			const later = new Date(Date.now() + (SIGN_IN_LIMITS.windowMinutes + 1) * 60_000);
			expect((await signIn('ann@college.edu', PASSWORD, '10.0.0.1', later)).ok).toBe(true);
		}
	);

	it('stops an address that fails on many emails', async () => {
		for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
			await signIn(`guess${i}@college.edu`, 'wrong password here', '10.9.9.9');
		}
		expect(await signIn('ann@college.edu', PASSWORD, '10.9.9.9')).toMatchObject({ status: 429 });
		expect((await signIn('ann@college.edu', PASSWORD, '10.0.0.1')).ok).toBe(true);
		// each refusal costs a password hash on purpose (no timing hint of which emails exist)
	}, 30_000);
});

describe('loadSession', () => {
	it('gives the user with their current role and departments', async () => {
		const headers = new Headers({ cookie: await sessionCookie() });
		const found = await loadSession(auth, db, headers, jar());
		expect(found?.user).toMatchObject({
			email: 'ann@college.edu',
			role: 'leadership',
			departments: []
		});
		setRole(db, found!.user.id, 'manager', ['ANSC'], 'test');
		const again = await loadSession(auth, db, headers, jar());
		expect(again?.user).toMatchObject({ role: 'manager', departments: ['ANSC'] });
	});

	it('lasts the idle time from the last use', async () => {
		const headers = new Headers({ cookie: await sessionCookie() });
		const found = await loadSession(auth, db, headers, jar());
		const idle = found!.session.expiresAt.getTime() - found!.session.createdAt.getTime();
		expect(Math.abs(idle - SESSION_IDLE_SECONDS * 1000)).toBeLessThan(5000);
		// once past its expiry, the session is gone
		db.update(session)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.run();
		expect(await loadSession(auth, db, headers, jar())).toBeNull();
	});

	it('ends a session older than the maximum however active, and clears its cookie', async () => {
		const headers = new Headers({ cookie: await sessionCookie() });
		const target = jar();
		target.set('__Secure-better-auth.session_token', 'x', { path: '/' });
		const later = new Date(Date.now() + SESSION_MAX_SECONDS * 1000 + 60_000);
		expect(await loadSession(auth, db, headers, target, later)).toBeNull();
		expect(target.cookies.has('__Secure-better-auth.session_token')).toBe(false);
		expect(db.select().from(session).all()).toEqual([]);
		expect(await loadSession(auth, db, headers, jar())).toBeNull();
	});

	it('gives nothing for a made-up cookie', async () => {
		const headers = new Headers({ cookie: '__Secure-better-auth.session_token=forged.value' });
		expect(await loadSession(auth, db, headers, jar())).toBeNull();
	});
});

describe('pruneSessions', () => {
	it('deletes the sessions past their expiry or their maximum age, and only those', () => {
		const now = new Date('2024-06-10T12:00:00Z');
		const userId = db.$client.prepare('SELECT id FROM user').pluck().get() as string;
		const row = (id: string, createdAt: string, expiresAt: string) => ({
			id,
			token: id,
			userId,
			createdAt: new Date(createdAt),
			updatedAt: new Date(createdAt),
			expiresAt: new Date(expiresAt)
		});
		db.insert(session)
			.values([
				row('fresh', '2024-06-10T11:00:00Z', '2024-06-10T19:00:00Z'),
				row('idle', '2024-06-10T01:00:00Z', '2024-06-10T09:00:00Z'),
				row('ancient', '2024-06-01T12:00:00Z', '2024-06-10T18:00:00Z')
			])
			.run();
		expect(pruneSessions(db, now)).toBe(2);
		expect(db.select({ id: session.id }).from(session).all()).toEqual([{ id: 'fresh' }]);
	});
});

describe('authSecret', () => {
	it('uses BETTER_AUTH_SECRET when set', () => {
		expect(authSecret(db, { BETTER_AUTH_SECRET: 'from-the-environment-0123456789' })).toBe(
			'from-the-environment-0123456789'
		);
	});

	it('otherwise makes one once and keeps it in the settings, so restarts keep sessions', () => {
		const first = authSecret(db, {});
		expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(authSecret(db, {})).toBe(first);
		expect(authSecret(openDatabase(':memory:'), {})).not.toBe(first);
	});

	it('lets a session signed with the kept secret survive a new instance', async () => {
		const first = createAuth(db, { ORIGIN });
		const signed = await first.api.signInEmail({
			body: { email: 'ann@college.edu', password: PASSWORD },
			asResponse: true
		});
		const cookie = signed.headers.get('set-cookie')!.split(';')[0];
		const restarted = createAuth(db, { ORIGIN });
		const found = await loadSession(restarted, db, new Headers({ cookie }), jar());
		expect(found?.user.email).toBe('ann@college.edu');
		const otherSecret = createAuth(db, { ORIGIN, BETTER_AUTH_SECRET: 'z'.repeat(32) });
		expect(await loadSession(otherSecret, db, new Headers({ cookie }), jar())).toBeNull();
	});
});

describe('oidcConfig', () => {
	it('is off until the issuer, the client id and the public address are all set', () => {
		const all = { OIDC_ISSUER: 'https://idp.college.edu', OIDC_CLIENT_ID: 'dash', ORIGIN };
		expect(oidcConfig(all)).not.toBeNull();
		expect(oidcConfig({ ...all, OIDC_ISSUER: '' })).toBeNull();
		expect(oidcConfig({ ...all, OIDC_CLIENT_ID: undefined })).toBeNull();
		expect(oidcConfig({ ...all, ORIGIN: undefined })).toBeNull();
	});

	it('reads the settings, with defaults and openid always asked for', () => {
		expect(
			oidcConfig({
				ORIGIN,
				OIDC_ISSUER: 'https://idp.college.edu/realms/cals/',
				OIDC_CLIENT_ID: 'dashboard',
				OIDC_SCOPES: 'email,profile groups'
			})
		).toEqual({
			issuer: 'https://idp.college.edu/realms/cals',
			clientId: 'dashboard',
			clientSecret: undefined,
			scopes: ['openid', 'email', 'profile', 'groups'],
			groupsClaim: 'groups',
			name: 'single sign-on'
		});
	});
});
