import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import {
	departmentColumns,
	rolloutContext,
	rolloutFigures,
	sortDepartmentRows,
	sortFrom
} from '$lib/server/pages/rollout';
import { loadState } from '$lib/server/state';
import type { RequestHandler } from './$types';

/** The departments list as CSV, in the order the page is sorted in, the college last. */
export const GET: RequestHandler = (event) => {
	const ctx = rolloutContext(event);
	const state = loadState(ctx.db, ctx.asOf);
	const { departments, college } = rolloutFigures(state, ctx.scope);
	const sort = sortFrom(event.url);
	const rows = sortDepartmentRows(departments, sort.key, sort.dir);
	if (ctx.scope === null) rows.push(college);
	return csvResponse(toCsv(rows, departmentColumns), csvFileName('departments', state.asOf));
};
