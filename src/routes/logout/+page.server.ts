import { copyCookies, getAuth, signOut } from '$lib/server/auth';
import { authHeaders } from '$lib/server/auth-handle';
import { getDb } from '$lib/server/db';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a form action), so that a link or an image elsewhere cannot sign anyone
// out; GET shows the button.
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return { email: locals.user.email };
};

export const actions: Actions = {
	default: async (event) => {
		const user = event.locals.user;
		if (user) {
			const db = getDb();
			const headers = await signOut(getAuth(db), db, authHeaders(event), user.email);
			copyCookies(headers, event.cookies);
		}
		redirect(303, '/login');
	}
};
