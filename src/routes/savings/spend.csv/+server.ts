import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { savingsTable, spendColumns } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/**
 * What EZ-Backup charged, month by month, for every department of the page (?department=,
 * ?asOf=): the chart on the page stacks only the departments charged most.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = figuresContext(event.url, user);
	const list = await savingsTable(ctx, event.url, 'spend');
	return csvResponse(
		toCsv(list.spend, spendColumns(list.spend, list.codes)),
		csvFileName('ez-backup-charges-by-month', list.selected ?? '', ctx.asOf)
	);
};
