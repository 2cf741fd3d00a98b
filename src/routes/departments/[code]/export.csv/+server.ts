import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { inProgressColumns } from '$lib/server/pages/health';
import {
	departmentFromUrl,
	departmentPage,
	deviceHealthColumns,
	paceWeekColumns,
	rolloutContext,
	stragglerColumns
} from '$lib/server/pages/rollout';
import { loadState } from '$lib/server/state';
import type { RequestHandler } from './$types';

/** A department's tables: ?table=stragglers | failures | first-backups | pace-weeks. */
export const GET: RequestHandler = (event) => {
	const ctx = rolloutContext(event);
	const state = loadState(ctx.db, ctx.asOf);
	const code = departmentFromUrl(state, ctx.scope, event.params.code);
	const page = departmentPage(ctx, state, code);
	const table = event.url.searchParams.get('table');
	const name = (what: string) => csvFileName(what, code, state.asOf);
	switch (table) {
		case 'stragglers':
			return csvResponse(toCsv(page.stragglers, stragglerColumns), name('stragglers'));
		case 'failures':
			return csvResponse(toCsv(page.failures, deviceHealthColumns), name('failures'));
		case 'first-backups':
			return csvResponse(toCsv(page.firstBackups, inProgressColumns), name('first-backups'));
		case 'pace-weeks':
			return csvResponse(toCsv(page.department.weeks, paceWeekColumns), name('installs-per-week'));
		default:
			error(400, 'Ask for one of the tables: stragglers, failures, first-backups or pace-weeks.');
	}
};
