import { cached, scopeKey } from '$lib/server/cache';
import { getDb } from '$lib/server/db';
import { asOfFrom } from '$lib/server/pages/asof';
import { nodeFilter, pageDepartments, savingsPage } from '$lib/server/pages/savings';
import { departmentScope } from '$lib/server/pages/scope';
import { loadDepartments, loadState } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const db = getDb();
	const asOf = asOfFrom(event.url, db);
	const scope = departmentScope(event);
	// 404 for a department outside the scope, before any figure is computed
	const { choices, codes, selected } = pageDepartments(
		{ departments: loadDepartments(db) },
		scope,
		event.url.searchParams.get('department')
	);
	const show = nodeFilter(event.url.searchParams.get('nodes'));
	const college = scope === null && selected === null;
	// built once per data version (src/lib/server/cache.ts)
	const figures = cached(db, `savings:${asOf}:${scopeKey(scope)}:${selected ?? '*'}:${show}`, () =>
		savingsPage(loadState(db, asOf), codes, { college, show })
	);
	return { ...figures, choices, selected, show };
};
