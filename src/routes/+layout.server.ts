import { getDb } from '$lib/server/db';
import { hasSampleData } from '$lib/server/imports/pipeline';
import { menuFor } from '$lib/server/menu';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	sampleData: hasSampleData(getDb()),
	user: locals.user
		? { name: locals.user.name, email: locals.user.email, role: locals.user.role }
		: null,
	// the sections this person may open, from the route rules: no link in the menu is a dead end
	menu: menuFor(locals.user)
});
