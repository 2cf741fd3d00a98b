import { cached, scopeKey } from '$lib/server/cache';
import { healthHistory, healthToday, ROW_LIMIT } from '$lib/server/pages/health';
import { rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = rolloutContext(event);
	const params = event.url.searchParams;
	const filters = ['department', 'os', 'bucket'].map((k) => params.get(k) ?? '').join('|');
	// built once per data version and filter (src/lib/server/cache.ts)
	return cached(ctx.db, `health:${ctx.asOf}:${scopeKey(ctx.scope)}:${filters}`, () => {
		const today = healthToday(ctx, event.url);
		return {
			asOf: today.state.asOf,
			filter: today.filter,
			choices: today.choices,
			thresholds: today.thresholds,
			uploadMbps: today.uploadMbps,
			counts: today.counts,
			rows: today.rows.slice(0, ROW_LIMIT),
			totalRows: today.rows.length,
			rowLimit: ROW_LIMIT,
			inProgress: today.inProgress,
			history: healthHistory(ctx, today)
		};
	});
};
