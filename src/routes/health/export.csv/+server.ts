import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import {
	countColumns,
	countRows,
	durationColumns,
	healthFigures,
	healthPointColumns,
	inProgressColumns
} from '$lib/server/pages/health';
import { deviceHealthColumns, rolloutContext } from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

/**
 * The health page's tables with its filters, every row (the page shows them a page at a time):
 * ?table=devices | counts | first-backups | history | durations. From the page's own cache entry.
 */
export const GET: RequestHandler = (event) => {
	requireReader();
	const ctx = rolloutContext(event);
	const table = event.url.searchParams.get('table');
	// a wrong question is answered before any figure is built
	if (!['devices', 'counts', 'first-backups', 'history', 'durations'].includes(table ?? '')) {
		error(400, 'Ask for one of the tables: devices, counts, first-backups, history or durations.');
	}
	const today = healthFigures(ctx, event.url);
	const { department, os, bucket } = today.filter;
	const name = (what: string) => csvFileName(what, department ?? '', os ?? '', today.asOf);
	switch (table) {
		case 'devices':
			return csvResponse(toCsv(today.rows, deviceHealthColumns), name(`health-${bucket}`));
		case 'counts':
			return csvResponse(toCsv(countRows(today.counts), countColumns), name('health-counts'));
		case 'first-backups':
			return csvResponse(toCsv(today.inProgress, inProgressColumns), name('first-backups'));
		case 'history':
			return csvResponse(toCsv(today.history.points, healthPointColumns), name('health-over-time'));
		case 'durations':
			return csvResponse(
				toCsv(today.history.durations, durationColumns),
				name('first-backup-durations')
			);
		default:
			error(
				400,
				'Ask for one of the tables: devices, counts, first-backups, history or durations.'
			);
	}
};
