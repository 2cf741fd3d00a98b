import { csvDownload } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { savingsCsv } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/**
 * What EZ-Backup charged, month by month, for every department of the page (?department=,
 * ?asOf=): the chart on the page stacks only the departments charged most.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	return csvDownload(await savingsCsv(await figuresContext(event.url, user), event.url, 'spend'));
};
