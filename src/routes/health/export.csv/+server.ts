import { error } from '@sveltejs/kit';
import { csvDownload } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { healthCsv, type HealthTable } from '$lib/server/pages/health';
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
	return csvDownload(await healthCsv(await figuresContext(event.url, user), event.url, table));
};
