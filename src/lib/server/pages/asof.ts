import { error } from '@sveltejs/kit';
import type { Db } from '../db';
import { defaultAsOf } from '../state';

/** The as-of date a page was asked for (`?asOf=YYYY-MM-DD`), else the default one. */
export function asOfFrom(url: URL, db: Db): string {
	const asked = url.searchParams.get('asOf');
	if (asked === null || asked === '') return defaultAsOf(db);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || Number.isNaN(Date.parse(`${asked}T00:00:00Z`))) {
		error(400, `"${asked}" is not a date: write the as-of date as YYYY-MM-DD.`);
	}
	return asked;
}
