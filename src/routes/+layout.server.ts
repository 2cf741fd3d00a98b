import { getDb } from '$lib/server/db';
import { hasSampleData } from '$lib/server/imports/pipeline';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	sampleData: hasSampleData(getDb()),
	user: locals.user
		? { name: locals.user.name, email: locals.user.email, role: locals.user.role }
		: null
});
