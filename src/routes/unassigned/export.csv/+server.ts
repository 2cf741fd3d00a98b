import { error } from '@sveltejs/kit';
import { cached } from '$lib/server/cache';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireDepartment } from '$lib/server/guard';
import { UNASSIGNED } from '$lib/server/metrics/departments';
import { rolloutContext } from '$lib/server/pages/rollout';
import {
	unassignedDeviceColumns,
	unassignedNodeColumns,
	unassignedPage
} from '$lib/server/pages/unassigned';
import type { RequestHandler } from './$types';

/** The UNASSIGNED lists: ?table=devices | nodes. */
export const GET: RequestHandler = (event) => {
	requireDepartment(UNASSIGNED);
	const ctx = rolloutContext(event);
	// the page's own cache entry: the list downloaded is the list shown
	const page = cached(ctx.db, `unassigned:${ctx.asOf}`, () => unassignedPage(ctx));
	switch (event.url.searchParams.get('table')) {
		case 'devices':
			return csvResponse(
				toCsv(page.devices, unassignedDeviceColumns),
				csvFileName('unassigned-devices', page.asOf)
			);
		case 'nodes':
			return csvResponse(
				toCsv(page.nodes, unassignedNodeColumns),
				csvFileName('unassigned-nodes', page.asOf)
			);
		default:
			error(400, 'Ask for one of the tables: devices or nodes.');
	}
};
