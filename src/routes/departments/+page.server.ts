import { cached, scopeKey } from '$lib/server/cache';
import {
	rolloutContext,
	rolloutFigures,
	sortDepartmentRows,
	sortFrom
} from '$lib/server/pages/rollout';
import { loadState } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { db, asOf, scope } = rolloutContext(event);
	const sort = sortFrom(event.url);
	// built once per data version (src/lib/server/cache.ts); sorting is cheap
	const figures = cached(db, `departments:${asOf}:${scopeKey(scope)}`, () => {
		const state = loadState(db, asOf);
		return { asOf: state.asOf, ...rolloutFigures(state, scope) };
	});
	return {
		asOf: figures.asOf,
		sort,
		departments: sortDepartmentRows(figures.departments, sort.key, sort.dir),
		// the college line is everyone's figures: a manager sees only their departments
		college: scope === null ? figures.college : null
	};
};
