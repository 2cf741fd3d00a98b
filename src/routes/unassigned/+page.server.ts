import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { requireDepartment, requireRole } from '$lib/server/guard';
import { UNASSIGNED } from '$lib/server/metrics/departments';
import { figuresContext } from '$lib/server/pages/context';
import { addAlias, unassignedPage } from '$lib/server/pages/unassigned';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// UNASSIGNED is no manager's department: to them this list does not exist
	const user = requireDepartment(UNASSIGNED);
	const page = await unassignedPage(await figuresContext(event.url, user));
	// only an administrator fixes
	return { ...page, canFix: user.role === 'admin' };
};

const aliasForm = z.object({
	alias: z
		.string()
		.trim()
		.min(1, 'Write the alias to add.')
		.max(200, 'An alias is at most 200 characters long.'),
	department: z.string().trim().min(1, 'Pick the department the alias names.')
});

export const actions: Actions = {
	addAlias: async (event) => {
		const by = requireRole('admin').email;
		const form = Object.fromEntries(await event.request.formData());
		const parsed = aliasForm.safeParse(form);
		const alias = typeof form.alias === 'string' ? form.alias : '';
		if (!parsed.success) {
			return fail(400, { alias, message: parsed.error.issues[0]?.message ?? 'Check the form.' });
		}
		const outcome = addAlias(getDb(), parsed.data.department, parsed.data.alias, by);
		if (!outcome.ok) return fail(outcome.status, { alias, message: outcome.message });
		return { alias, done: outcome.message };
	}
};
