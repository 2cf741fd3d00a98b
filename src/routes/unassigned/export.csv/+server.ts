import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireDepartment } from '$lib/server/guard';
import { UNASSIGNED } from '$lib/server/metrics/departments';
import { figuresContext } from '$lib/server/pages/context';
import {
	unassignedDeviceColumns,
	unassignedNodeColumns,
	unassignedPage
} from '$lib/server/pages/unassigned';
import type { RequestHandler } from './$types';

/** The UNASSIGNED lists: ?table=devices | nodes. */
export const GET: RequestHandler = async (event) => {
	const user = requireDepartment(UNASSIGNED);
	// the page's own cache entry: the list downloaded is the list shown
	const page = await unassignedPage(await figuresContext(event.url, user));
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
