import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { cached } from '$lib/server/cache';
import { requireDepartment, requireRole } from '$lib/server/guard';
import { UNASSIGNED } from '$lib/server/metrics/departments';
import { rolloutContext } from '$lib/server/pages/rollout';
import { addAlias, unassignedPage } from '$lib/server/pages/unassigned';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	// UNASSIGNED is no manager's department: to them this list does not exist
	const { role } = requireDepartment(UNASSIGNED);
	const ctx = rolloutContext(event);
	// built once per data version (src/lib/server/cache.ts)
	const page = cached(ctx.db, `unassigned:${ctx.asOf}`, () => unassignedPage(ctx));
	// only an administrator fixes
	return { ...page, canFix: role === 'admin' };
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
		const ctx = rolloutContext(event);
		const outcome = addAlias(ctx.db, parsed.data.department, parsed.data.alias, by);
		if (!outcome.ok) return fail(outcome.status, { alias, message: outcome.message });
		return { alias, done: outcome.message };
	}
};
