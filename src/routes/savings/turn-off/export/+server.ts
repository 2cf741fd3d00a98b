import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { TURN_OFF_COLUMNS, turnOffFigures } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/** The "Turn off now" list as CSV, with what the cancellation form asks for. */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = figuresContext(event.url, user);
	// the same entry as the page's: the list downloaded is the list shown
	const { groups, selected } = await turnOffFigures(ctx, event.url);
	const rows = groups.flatMap((g) => g.accounts.flatMap((a) => a.nodes));
	return csvResponse(
		toCsv(rows, TURN_OFF_COLUMNS),
		csvFileName('ez-backup-turn-off', selected ?? '', ctx.asOf)
	);
};
