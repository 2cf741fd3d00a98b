import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import {
	DEFAULT_DATA_CAP_GB,
	DEFAULT_UPLOAD_MBPS,
	healthSettingsForm,
	loadHealthSettings,
	saveHealthSettings
} from '$lib/server/health-settings';
import { DEFAULT_THRESHOLDS } from '$lib/server/metrics/health';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	requireRole('admin');
	return {
		settings: loadHealthSettings(getDb()),
		defaults: {
			thresholds: DEFAULT_THRESHOLDS,
			uploadMbps: DEFAULT_UPLOAD_MBPS,
			dataCapGb: DEFAULT_DATA_CAP_GB
		}
	};
};

export const actions: Actions = {
	save: async ({ request }) => {
		const by = requireRole('admin').email;
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
