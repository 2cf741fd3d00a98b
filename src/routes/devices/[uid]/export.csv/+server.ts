import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { devicePage, historyColumns, linkedNodeColumns } from '$lib/server/pages/device';
import type { RequestHandler } from './$types';

/** A device's tables: ?table=history | nodes. */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = await figuresContext(event.url, user);
	const page = await devicePage(ctx, event.params.uid);
	const name = (what: string) => csvFileName(what, page.device.deviceName, page.asOf);
	switch (event.url.searchParams.get('table')) {
		case 'history':
			return csvResponse(toCsv(page.history, historyColumns), name('device-history'));
		case 'nodes':
			return csvResponse(toCsv(page.nodes, linkedNodeColumns), name('device-nodes'));
		default:
			error(400, 'Ask for one of the tables: history or nodes.');
	}
};
