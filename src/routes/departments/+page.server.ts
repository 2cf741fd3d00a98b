import { requireReader } from '$lib/server/guard';
import { departmentsFigures } from '$lib/server/pages/overview';
import { rolloutContext, sortDepartmentRows, sortFrom } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireReader();
	const ctx = rolloutContext(event);
	const sort = sortFrom(event.url);
	// built once per data version (src/lib/server/cache.ts); sorting is cheap
	const figures = departmentsFigures(ctx);
	return {
		asOf: figures.asOf,
		sort,
		departments: sortDepartmentRows(figures.departments, sort.key, sort.dir),
		// the college line is everyone's figures: a manager sees only their departments
		college: ctx.scope === null ? figures.college : null
	};
};
