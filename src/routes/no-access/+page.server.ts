import { NO_ACCESS_MESSAGE } from '$lib/server/access';
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Where a signed-in user without a role lands (typically an SSO user no mapping matched).
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	if (locals.user.role !== null) redirect(303, '/');
	return { email: locals.user.email, message: NO_ACCESS_MESSAGE };
};
