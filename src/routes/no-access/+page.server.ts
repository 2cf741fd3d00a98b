import { NO_ACCESS_MESSAGE } from '$lib/server/access';
import { requireSignedIn } from '$lib/server/guard';
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Where a signed-in user without a role lands (typically an SSO user no mapping matched).
export const load: PageServerLoad = () => {
	const user = requireSignedIn();
	if (user.role !== null) redirect(303, '/');
	return { email: user.email, message: NO_ACCESS_MESSAGE };
};
