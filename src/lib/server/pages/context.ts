import { error } from '@sveltejs/kit';
import { departmentScope } from '../access';
import { figuresNow } from '../cache';
import { getDb, type Db } from '../db';
import { defaultAsOf, figuresAt, type At } from '../figures/at';
import { workedOut } from '../figures/day-codes';
import type { AuthorizedUser } from '../guard';

// What every page of figures is asked for: as of which day, and for whom (a manager reads only
// their departments). The route's guard has already said who is asking.

export interface FiguresContext {
	db: Db;
	/** the as-of date, YYYY-MM-DD: the one asked for (`?asOf=`), else the default */
	asOf: string;
	at: At;
	/** null: every department; else the codes the person may read */
	scope: string[] | null;
}

/** The as-of date a page was asked for (`?asOf=YYYY-MM-DD`), else the default one. */
export function asOfFrom(url: URL, db: Db): string {
	const asked = url.searchParams.get('asOf');
	if (asked === null || asked === '') return defaultAsOf(db);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || Number.isNaN(Date.parse(`${asked}T00:00:00Z`))) {
		error(400, `"${asked}" is not a date: write the as-of date as YYYY-MM-DD.`);
	}
	return asked;
}

export async function figuresContext(url: URL, user: AuthorizedUser): Promise<FiguresContext> {
	const db = getDb();
	const asOf = asOfFrom(url, db);
	// the report date, thresholds and settings of the day change only with a commit that bumps
	// the kept version (health settings and imports keep the figures)
	// a day between report dates is worked out a chunk at a time (figures/day-codes.ts)
	const at = await workedOut(
		db,
		figuresNow(db, `at:${asOf}`, () => figuresAt(db, asOf))
	);
	return { db, asOf, at, scope: departmentScope(user) };
}

/** Whether a department is within the scope. */
export const inScope = (scope: readonly string[] | null, code: string): boolean =>
	scope === null || scope.includes(code);
