import { error } from '@sveltejs/kit';
import { csvDownload } from '$lib/server/csv';
import { requireDepartment } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { departmentCsv, type DepartmentTable } from '$lib/server/pages/rollout';
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
	return csvDownload(
		await departmentCsv(await figuresContext(event.url, user), event.params.code, table)
	);
};
