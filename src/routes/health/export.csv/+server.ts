import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import {
	countColumns,
	durationColumns,
	healthPointColumns,
	healthTable,
	inProgressColumns,
	type HealthTable
} from '$lib/server/pages/health';
import { deviceHealthColumns } from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

const TABLES: readonly HealthTable[] = [
	'devices',
	'counts',
	'first-backups',
	'history',
	'durations'
];
const isTable = (text: string): text is HealthTable => (TABLES as readonly string[]).includes(text);

/**
 * The health page's tables with its filters, every row (the page shows them a page at a time):
 * ?table=devices | counts | first-backups | history | durations.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const table = event.url.searchParams.get('table') ?? '';
	// a wrong question is answered before any figure is built
	if (!isTable(table)) {
		error(400, 'Ask for one of the tables: devices, counts, first-backups, history or durations.');
	}
	const ctx = figuresContext(event.url, user);
	const list = await healthTable(ctx, event.url, table);
	const { department, os, bucket } = list.filter;
	const name = (what: string) => csvFileName(what, department ?? '', os ?? '', ctx.asOf);
	switch (list.table) {
		case 'devices':
			return csvResponse(toCsv(list.rows, deviceHealthColumns), name(`health-${bucket}`));
		case 'counts':
			return csvResponse(toCsv(list.rows, countColumns), name('health-counts'));
		case 'first-backups':
			return csvResponse(toCsv(list.rows, inProgressColumns), name('first-backups'));
		case 'history':
			return csvResponse(toCsv(list.rows, healthPointColumns), name('health-over-time'));
		default:
			return csvResponse(toCsv(list.rows, durationColumns), name('first-backup-durations'));
	}
};
