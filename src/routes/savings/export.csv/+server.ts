import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { NODE_COLUMNS, savingsFigures } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/** The savings page's EZ-Backup nodes (?nodes=billed | retired | all, ?department=), every row. */
export const GET: RequestHandler = (event) => {
	requireReader();
	const { figures, selected, show } = savingsFigures(event);
	return csvResponse(
		toCsv(figures.nodes, NODE_COLUMNS),
		csvFileName('ez-backup-nodes', show, selected ?? '', figures.asOf)
	);
};
