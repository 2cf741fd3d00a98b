import { getDb } from '$lib/server/db';
import { clearSampleData, hasSampleData } from '$lib/server/imports/pipeline';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ sampleData: hasSampleData(getDb()) });

export const actions: Actions = {
	clearSamples: ({ locals }) => {
		const db = getDb();
		if (!hasSampleData(db)) return fail(409, { message: 'There is no sample data to clear.' });
		const by = (locals as { user?: { email: string } }).user?.email ?? 'administrator';
		const cleared = clearSampleData(db, by);
		return { message: `Cleared the sample data (${cleared} imports undone).` };
	}
};
