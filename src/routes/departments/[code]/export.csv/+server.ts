import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireDepartment } from '$lib/server/guard';
import { inProgressColumns } from '$lib/server/pages/health';
import {
	departmentFigures,
	deviceHealthColumns,
	paceWeekColumns,
	rolloutContext,
	stragglerColumns
} from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

const TABLES = ['stragglers', 'failures', 'first-backups', 'pace-weeks'];

/**
 * A department's tables, every row (the page shows them a page at a time), from the page's own
 * cache entry: ?table=stragglers | failures | first-backups | pace-weeks.
 */
export const GET: RequestHandler = (event) => {
	requireDepartment(event.params.code);
	const table = event.url.searchParams.get('table') ?? '';
	// a wrong question is answered before any figure is built
	if (!TABLES.includes(table)) {
		error(400, 'Ask for one of the tables: stragglers, failures, first-backups or pace-weeks.');
	}
	const { code, asOf, rollout: page } = departmentFigures(rolloutContext(event), event.params.code);
	const name = (what: string) => csvFileName(what, code, asOf);
	switch (table) {
		case 'stragglers':
			return csvResponse(toCsv(page.stragglers, stragglerColumns), name('stragglers'));
		case 'failures':
			return csvResponse(toCsv(page.failures, deviceHealthColumns), name('failures'));
		case 'first-backups':
			return csvResponse(toCsv(page.firstBackups, inProgressColumns), name('first-backups'));
		default:
			return csvResponse(toCsv(page.department.weeks, paceWeekColumns), name('installs-per-week'));
	}
};
