import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { departmentsFigures, sortDepartmentRows, sortFrom } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	const ctx = await figuresContext(event.url, user);
	const sort = sortFrom(event.url);
	const figures = await departmentsFigures(ctx);
	return {
		asOf: figures.asOf,
		sort,
		departments: sortDepartmentRows(figures.departments, sort.key, sort.dir),
		// the college line is everyone's figures: a manager sees only their departments
		college: ctx.scope === null ? figures.college : null
	};
};
