import { isConfirmed } from '$lib/ask-first';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import { clearSampleData, hasSampleData } from '$lib/server/imports/pipeline';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { CLEAR_SAMPLES_QUESTION } from './samples';

export const load: PageServerLoad = () => {
	requireRole('admin');
	return { sampleData: hasSampleData(getDb()) };
};

export const actions: Actions = {
	clearSamples: async ({ request }) => {
		const by = requireRole('admin').email;
		const db = getDb();
		if (!hasSampleData(db)) return fail(409, { message: 'There is no sample data to clear.' });
		// pressed before the page's script ran, or without JavaScript: nothing asked yet (ask-first.ts)
		if (!isConfirmed(await request.formData())) return { question: CLEAR_SAMPLES_QUESTION };
		const cleared = clearSampleData(db, by);
		return { message: `Cleared the sample data (${cleared} imports undone).` };
	}
};
