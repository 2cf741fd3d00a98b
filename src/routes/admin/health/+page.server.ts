import { error, fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	DEFAULT_UPLOAD_MBPS,
	healthSettingsForm,
	loadHealthSettings,
	saveHealthSettings
} from '$lib/server/health-settings';
import { DEFAULT_THRESHOLDS } from '$lib/server/metrics/health';
import type { Actions, PageServerLoad } from './$types';

/** Administrators only: the auth hook denies this route to every other role as well. */
function administrator(locals: App.Locals): string {
	const user = locals.user;
	if (user && user.role !== 'admin') error(403, 'Only an administrator can change these settings.');
	return user?.email ?? 'administrator';
}

export const load: PageServerLoad = ({ locals }) => {
	administrator(locals);
	return {
		settings: loadHealthSettings(getDb()),
		defaults: { thresholds: DEFAULT_THRESHOLDS, uploadMbps: DEFAULT_UPLOAD_MBPS }
	};
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const by = administrator(locals);
		const values = Object.fromEntries(await request.formData());
		const parsed = healthSettingsForm.safeParse(values);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return fail(400, {
				values,
				field: String(issue?.path[0] ?? ''),
				message: issue?.message ?? 'Check the form.'
			});
		}
		saveHealthSettings(getDb(), parsed.data, by);
		return { saved: true };
	}
};
