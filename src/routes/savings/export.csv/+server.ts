import { csvDownload } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { savingsCsv } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/** The savings page's EZ-Backup nodes (?nodes=billed | retired | all, ?department=), every row. */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	return csvDownload(await savingsCsv(await figuresContext(event.url, user), event.url, 'nodes'));
};
