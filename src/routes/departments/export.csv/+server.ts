import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import {
	departmentColumns,
	departmentsFigures,
	sortDepartmentRows,
	sortFrom
} from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

/** The departments list as CSV, in the order the page is sorted in, the college last. */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = await figuresContext(event.url, user);
	// the page's own cache entry: the figures downloaded are the figures shown
	const { asOf, departments, college } = await departmentsFigures(ctx);
	const sort = sortFrom(event.url);
	const rows = sortDepartmentRows(departments, sort.key, sort.dir);
	if (ctx.scope === null) rows.push(college);
	return csvResponse(toCsv(rows, departmentColumns), csvFileName('departments', asOf));
};
