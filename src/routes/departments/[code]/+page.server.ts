import { cached, scopeKey } from '$lib/server/cache';
import { departmentFromUrl, departmentPage, rolloutContext } from '$lib/server/pages/rollout';
import { departmentSavingsSentence } from '$lib/server/metrics/nodes';
import { loadState } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = rolloutContext(event);
	const asked = event.params.code.trim().toUpperCase();
	// built once per data version (src/lib/server/cache.ts)
	return cached(ctx.db, `department:${asked}:${ctx.asOf}:${scopeKey(ctx.scope)}`, () => {
		const state = loadState(ctx.db, ctx.asOf);
		// 404 for a department that does not exist or is outside the person's scope
		const code = departmentFromUrl(state, ctx.scope, asked);
		return {
			asOf: state.asOf,
			code,
			rollout: departmentPage(ctx, state, code),
			savings: departmentSavingsSentence(state, code)
		};
	});
};
