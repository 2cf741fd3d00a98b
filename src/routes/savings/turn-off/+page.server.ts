import { cached, scopeKey } from '$lib/server/cache';
import { getDb } from '$lib/server/db';
import { requireReader } from '$lib/server/guard';
import { asOfFrom, stateAsOf } from '$lib/server/pages/asof';
import { pageDepartments, turnOffPage } from '$lib/server/pages/savings';
import { departmentScope } from '$lib/server/pages/scope';
import { loadDepartments } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireReader();
	const db = getDb();
	const asOf = asOfFrom(event.url, db);
	const scope = departmentScope(event);
	const { choices, codes, selected } = pageDepartments(
		{ departments: loadDepartments(db) },
		scope,
		event.url.searchParams.get('department')
	);
	const list = cached(db, `turn-off:${asOf}:${scopeKey(scope)}:${selected ?? '*'}`, () =>
		turnOffPage(stateAsOf(db, asOf), codes)
	);
	return { ...list, choices, selected };
};
