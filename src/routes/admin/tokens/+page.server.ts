import { isConfirmed } from '$lib/ask-first';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import { createToken, listTokens, revokeToken } from '$lib/server/tokens';
import { UserError } from '$lib/server/users';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { revokeQuestion } from './revoke';

export const load: PageServerLoad = () => {
	requireRole('admin');
	return { tokens: listTokens(getDb()) };
};

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
	create: async ({ request }) => {
		const by = requireRole('admin').email;
		const form = await request.formData();
		const values = { name: text(form, 'name'), role: text(form, 'role') };
		try {
			// the token is in this answer only: it is shown once, never stored
			return { form: 'create' as const, created: createToken(getDb(), values, by) };
		} catch (e) {
			if (e instanceof UserError) {
				return fail(e.status, { form: 'create' as const, message: e.message, values });
			}
			throw e;
		}
	},

	revoke: async ({ request }) => {
		const by = requireRole('admin').email;
		const form = await request.formData();
		const name = text(form, 'name');
		// pressed before the page's script ran, or without JavaScript: nothing asked yet (ask-first.ts)
		if (!isConfirmed(form))
			return { form: 'revoke' as const, name, question: revokeQuestion(name) };
		try {
			const revoked = revokeToken(getDb(), name, by);
			return { form: 'revoke' as const, name, done: `The token "${revoked.name}" was revoked.` };
		} catch (e) {
			if (e instanceof UserError) {
				return fail(e.status, { form: 'revoke' as const, name, message: e.message });
			}
			throw e;
		}
	}
};
