import { cached } from '$lib/server/cache';
import { getDb } from '$lib/server/db';
import { hasSampleData } from '$lib/server/imports/pipeline';
import { menuFor } from '$lib/server/menu';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	// the sample imports come and go with imports: kept per data version (cache.ts)
	sampleData: cached(getDb(), 'sample-data', () => hasSampleData(getDb())),
	user: locals.user
		? { name: locals.user.name, email: locals.user.email, role: locals.user.role }
		: null,
	// the sections this person may open, from the route rules: no link in the menu is a dead end
	menu: menuFor(locals.user)
});
