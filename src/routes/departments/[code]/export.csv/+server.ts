import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireDepartment } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { inProgressColumns } from '$lib/server/pages/health';
import { NODE_COLUMNS } from '$lib/server/pages/nodes';
import {
	departmentTable,
	deviceHealthColumns,
	paceWeekColumns,
	stragglerColumns,
	type DepartmentTable
} from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

const TABLES: readonly DepartmentTable[] = [
	'stragglers',
	'failures',
	'first-backups',
	'pace-weeks',
	'nodes'
];
const isTable = (text: string): text is DepartmentTable =>
	(TABLES as readonly string[]).includes(text);

/**
 * A department's tables, every row (the page shows them a page at a time):
 * ?table=stragglers | failures | first-backups | pace-weeks | nodes (those still billed that cannot be
 * turned off yet).
 */
export const GET: RequestHandler = async (event) => {
	const user = requireDepartment(event.params.code);
	const table = event.url.searchParams.get('table') ?? '';
	// a wrong question is answered before any figure is built
	if (!isTable(table)) {
		error(
			400,
			'Ask for one of the tables: stragglers, failures, first-backups, pace-weeks or nodes.'
		);
	}
	const ctx = figuresContext(event.url, user);
	const list = await departmentTable(ctx, event.params.code, table);
	const name = (what: string) => csvFileName(what, list.code, ctx.asOf);
	switch (list.table) {
		case 'stragglers':
			return csvResponse(toCsv(list.rows, stragglerColumns), name('stragglers'));
		case 'failures':
			return csvResponse(toCsv(list.rows, deviceHealthColumns), name('failures'));
		case 'first-backups':
			return csvResponse(toCsv(list.rows, inProgressColumns), name('first-backups'));
		case 'nodes':
			return csvResponse(toCsv(list.rows, NODE_COLUMNS), name('ez-backup-nodes-not-turned-off'));
		default:
			return csvResponse(toCsv(list.rows, paceWeekColumns), name('installs-per-week'));
	}
};
