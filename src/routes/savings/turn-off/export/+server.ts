import { cached, scopeKey } from '$lib/server/cache';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { getDb } from '$lib/server/db';
import { requireReader } from '$lib/server/guard';
import { asOfFrom, stateAsOf } from '$lib/server/pages/asof';
import { pageDepartments, TURN_OFF_COLUMNS, turnOffPage } from '$lib/server/pages/savings';
import { departmentScope } from '$lib/server/pages/scope';
import { loadDepartments } from '$lib/server/state';
import type { RequestHandler } from './$types';

/** The "Turn off now" list as CSV, with what the cancellation form asks for. */
export const GET: RequestHandler = (event) => {
	requireReader();
	const db = getDb();
	const asOf = asOfFrom(event.url, db);
	const scope = departmentScope(event);
	const { codes, selected } = pageDepartments(
		{ departments: loadDepartments(db) },
		scope,
		event.url.searchParams.get('department')
	);
	// the same entry as the page's: the list downloaded is the list shown
	const { groups } = cached(db, `turn-off:${asOf}:${scopeKey(scope)}:${selected ?? '*'}`, () =>
		turnOffPage(stateAsOf(db, asOf), codes)
	);
	const rows = groups.flatMap((g) => g.accounts.flatMap((a) => a.nodes));
	return csvResponse(
		toCsv(rows, TURN_OFF_COLUMNS),
		csvFileName('ez-backup-turn-off', selected ?? '', asOf)
	);
};
