import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { NODE_COLUMNS } from '$lib/server/pages/nodes';
import { savingsTable } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/** The savings page's EZ-Backup nodes (?nodes=billed | retired | all, ?department=), every row. */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = figuresContext(event.url, user);
	const list = await savingsTable(ctx, event.url, 'nodes');
	return csvResponse(
		toCsv(list.rows, NODE_COLUMNS),
		csvFileName('ez-backup-nodes', list.show, list.selected ?? '', ctx.asOf)
	);
};
