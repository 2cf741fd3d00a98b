import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { savingsFigures, spendColumns } from '$lib/server/pages/savings';
import type { RequestHandler } from './$types';

/**
 * What EZ-Backup charged, month by month, for every department of the page (?department=,
 * ?asOf=): the chart on the page stacks only the departments charged most.
 */
export const GET: RequestHandler = (event) => {
	requireReader();
	const { figures, selected } = savingsFigures(event);
	return csvResponse(
		toCsv(figures.spend, spendColumns(figures)),
		csvFileName('ez-backup-charges-by-month', selected ?? '', figures.asOf)
	);
};
