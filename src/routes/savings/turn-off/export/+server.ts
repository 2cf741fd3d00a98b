import { csvDownload } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { turnOffCsv } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/**
 * The "Turn off now" list as CSV, with what the cancellation form asks for: every node of it,
 * whichever page of it is shown.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	return csvDownload(await turnOffCsv(await figuresContext(event.url, user), event.url));
};
