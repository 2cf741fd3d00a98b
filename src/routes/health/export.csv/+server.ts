import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import {
	countColumns,
	countRows,
	durationColumns,
	healthHistory,
	healthPointColumns,
	healthToday,
	inProgressColumns
} from '$lib/server/pages/health';
import { deviceHealthColumns, rolloutContext } from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

/**
 * The health page's tables with its filters:
 * ?table=devices | counts | first-backups | history | durations.
 */
export const GET: RequestHandler = (event) => {
	const ctx = rolloutContext(event);
	const today = healthToday(ctx, event.url);
	const { department, os, bucket } = today.filter;
	const name = (what: string) => csvFileName(what, department ?? '', os ?? '', today.state.asOf);
	switch (event.url.searchParams.get('table')) {
		case 'devices':
			return csvResponse(toCsv(today.rows, deviceHealthColumns), name(`health-${bucket}`));
		case 'counts':
			return csvResponse(toCsv(countRows(today.counts), countColumns), name('health-counts'));
		case 'first-backups':
			return csvResponse(toCsv(today.inProgress, inProgressColumns), name('first-backups'));
		case 'history':
			return csvResponse(
				toCsv(healthHistory(ctx, today).points, healthPointColumns),
				name('health-over-time')
			);
		case 'durations':
			return csvResponse(
				toCsv(healthHistory(ctx, today).durations, durationColumns),
				name('first-backup-durations')
			);
		default:
			error(
				400,
				'Ask for one of the tables: devices, counts, first-backups, history or durations.'
			);
	}
};
