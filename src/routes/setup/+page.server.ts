import { copyCookies, getAuth, signInWithPassword } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { requireFirstRun } from '$lib/server/guard';
import { createFirstAdmin, MIN_PASSWORD_LENGTH, UserError } from '$lib/server/users';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';

// The first run: while no user exists every page leads here; it creates the first administrator,
// signs them in and goes to the overview. Once a user exists it is gone.

const FirstAdmin = z
	.object({
		name: z.string().trim().max(200, 'The name is too long.'),
		email: z.string().trim().min(1, 'Enter your email.'),
		password: z
			.string()
			.min(MIN_PASSWORD_LENGTH, `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`),
		confirm: z.string()
	})
	.refine((v) => v.password === v.confirm, {
		message: 'The two passwords differ: type the same one twice.',
		path: ['confirm']
	});

export const load: PageServerLoad = () => {
	requireFirstRun();
	return { minPasswordLength: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async (event) => {
		requireFirstRun();
		const db = getDb();
		const form = await event.request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			email: String(form.get('email') ?? ''),
			password: String(form.get('password') ?? ''),
			confirm: String(form.get('confirm') ?? '')
		};
		const parsed = FirstAdmin.safeParse(values);
		const kept = { name: values.name, email: values.email };
		if (!parsed.success) return fail(400, { ...kept, message: parsed.error.issues[0].message });
		try {
			await createFirstAdmin(db, parsed.data);
		} catch (e) {
			if (e instanceof UserError) return fail(e.status, { ...kept, message: e.message });
			throw e;
		}
		const result = await signInWithPassword(getAuth(db), db, {
			email: parsed.data.email,
			password: parsed.data.password,
			ip: event.getClientAddress(),
			headers: event.request.headers
		});
		if (!result.ok) redirect(303, '/login');
		copyCookies(result.headers, event.cookies);
		redirect(303, '/');
	}
};
