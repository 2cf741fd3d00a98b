import { safeRedirect } from '$lib/server/access';
import {
	copyCookies,
	getAuth,
	oidcConfig,
	signInWithPassword,
	SSO_PROVIDER_ID
} from '$lib/server/auth';
import { authHeaders } from '$lib/server/auth-handle';
import { getDb } from '$lib/server/db';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';

const SignIn = z.object({
	email: z.string().trim().min(1, 'Enter your email.'),
	password: z.string().min(1, 'Enter your password.')
});

// better-auth's error codes on a failed single sign-on, in words a person can act on
const SSO_ERRORS: Record<string, string> = {
	access_denied: 'Single sign-on was cancelled: try again.',
	account_not_linked:
		'Your address belongs to a user who cannot be joined to single sign-on: ask your IT office.',
	email_not_found: 'The identity provider did not send your email address: ask your IT office.',
	state_mismatch: 'The sign-on took too long or was opened twice: try again.',
	invalid_callback_request: 'The sign-on answer was not understood: try again.'
};

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	const oidc = oidcConfig(process.env);
	const code = url.searchParams.get('error');
	const redirectTo = url.searchParams.get('redirectTo');
	return {
		// the form actions keep where to go after signing in
		query: redirectTo ? `&redirectTo=${encodeURIComponent(safeRedirect(redirectTo))}` : '',
		sso: oidc ? { name: oidc.name } : null,
		ssoError: code
			? (SSO_ERRORS[code] ??
				`Single sign-on did not work (${code.slice(0, 60)}): try again, or ask your IT office.`)
			: null
	};
};

export const actions: Actions = {
	signIn: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const parsed = SignIn.safeParse({ email, password: form.get('password') ?? '' });
		if (!parsed.success) {
			return fail(400, { email, message: parsed.error.issues[0].message });
		}
		const db = getDb();
		const result = await signInWithPassword(getAuth(db), db, {
			...parsed.data,
			ip: event.getClientAddress(),
			headers: event.request.headers
		});
		if (!result.ok) return fail(result.status, { email, message: result.message });
		copyCookies(result.headers, event.cookies);
		redirect(303, safeRedirect(event.url.searchParams.get('redirectTo')));
	},

	sso: async (event) => {
		if (!oidcConfig(process.env)) {
			return fail(404, { email: '', sso: true, message: 'Single sign-on is not set up here.' });
		}
		const unreachable = fail(502, {
			email: '',
			sso: true,
			message:
				'The identity provider cannot be reached: try again later, or sign in with a password.'
		});
		let result;
		try {
			result = await getAuth().api.signInSocial({
				body: {
					provider: SSO_PROVIDER_ID,
					callbackURL: safeRedirect(event.url.searchParams.get('redirectTo')),
					errorCallbackURL: '/login'
				},
				headers: authHeaders(event),
				returnHeaders: true
			});
		} catch (e) {
			// discovery failed (the provider is down or OIDC_ISSUER is wrong): say so, log the detail
			console.error('Single sign-on could not start:', e);
			return unreachable;
		}
		if (!result.response.url) return unreachable;
		copyCookies(result.headers, event.cookies);
		redirect(303, result.response.url);
	}
};
