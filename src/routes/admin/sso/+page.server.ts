import { requireRole } from '$lib/server/guard';
import { oidcConfig, SSO_PROVIDER_ID } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { addMapping, listMappings, removeMapping } from '$lib/server/sso';
import { departmentsInForce } from '$lib/server/kept/departments';
import { ROLES, UserError } from '$lib/server/users';
import { fail } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';

const AddMapping = z.object({
	match: z.enum(['email', 'group'], { error: 'Choose whether to match an email or a group.' }),
	value: z.string().trim().min(1, 'Enter the email or group to match.').max(500),
	role: z.enum(ROLES, { error: 'Choose a role.' }),
	departments: z
		.string()
		.max(2000)
		.transform((s) => s.split(/[\s,;]+/).filter(Boolean))
});
const RemoveMapping = z.object({ id: z.coerce.number().int().positive() });

function fields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') out[key] = value;
	return out;
}

export const load: PageServerLoad = (event) => {
	requireRole('admin');
	const db = getDb();
	const oidc = oidcConfig(process.env);
	const origin = process.env.ORIGIN?.replace(/\/+$/, '') ?? event.url.origin;
	return {
		mappings: listMappings(db),
		departments: departmentsInForce(db).map((d) => d.code),
		oidc: oidc
			? {
					name: oidc.name,
					issuer: oidc.issuer,
					groupsClaim: oidc.groupsClaim,
					scopes: oidc.scopes.join(' '),
					redirectUri: `${origin}/api/auth/callback/${SSO_PROVIDER_ID}`
				}
			: null
	};
};

export const actions: Actions = {
	add: async (event) => {
		const me = requireRole('admin');
		const form = fields(await event.request.formData());
		const parsed = AddMapping.safeParse(form);
		if (!parsed.success) {
			return fail(400, {
				form: 'add' as const,
				message: parsed.error.issues[0].message,
				values: form
			});
		}
		try {
			const created = addMapping(getDb(), parsed.data, me.email);
			return {
				form: 'add' as const,
				done: `Mapping for ${created.match} "${created.value}" added.`
			};
		} catch (e) {
			if (e instanceof UserError) {
				return fail(e.status, { form: 'add' as const, message: e.message, values: form });
			}
			throw e;
		}
	},

	remove: async (event) => {
		const me = requireRole('admin');
		const parsed = RemoveMapping.safeParse(fields(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'remove' as const, message: 'Choose a mapping.' });
		try {
			removeMapping(getDb(), parsed.data.id, me.email);
			return { form: 'remove' as const, done: 'Mapping removed.' };
		} catch (e) {
			if (e instanceof UserError)
				return fail(e.status, { form: 'remove' as const, message: e.message });
			throw e;
		}
	}
};
