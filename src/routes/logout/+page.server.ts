import { copyCookies, getAuth, signOut } from '$lib/server/auth';
import { authHeaders } from '$lib/server/auth-handle';
import { getDb } from '$lib/server/db';
import { requireSignedIn } from '$lib/server/guard';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a form action), so that a link or an image elsewhere cannot sign anyone
// out; GET shows the button.
export const load: PageServerLoad = () => {
	const { email } = requireSignedIn();
	return { email };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireSignedIn();
		const db = getDb();
		const headers = await signOut(getAuth(db), db, authHeaders(event), user.email);
		copyCookies(headers, event.cookies);
		redirect(303, '/login');
	}
};
