import { error } from '@sveltejs/kit';
import { cached, heldBriefly } from '../cache';
import type { Db } from '../db';
import type { DashboardState } from '../metrics/types';
import { defaultAsOf, loadState } from '../state';

/** The as-of date a page was asked for (`?asOf=YYYY-MM-DD`), else the default one. */
export function asOfFrom(url: URL, db: Db): string {
	const asked = url.searchParams.get('asOf');
	// it changes only with the imports: kept per data version, as the figures are
	if (asked === null || asked === '') return cached(db, 'default-as-of', () => defaultAsOf(db));
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || Number.isNaN(Date.parse(`${asked}T00:00:00Z`))) {
		error(400, `"${asked}" is not a date: write the as-of date as YYYY-MM-DD.`);
	}
	return asked;
}

/**
 * The state as of a date, for a page's figures: loaded once for the pages built one after the
 * other after a change (cache.ts, heldBriefly), not once per page.
 */
export function stateAsOf(db: Db, asOf: string): DashboardState {
	return heldBriefly(db, `state:${asOf}`, () => loadState(db, asOf));
}
