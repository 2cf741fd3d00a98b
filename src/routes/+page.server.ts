import { cached, scopeKey } from '$lib/server/cache';
import { buildReport } from '$lib/server/metrics/report';
import { weeklyInstalls } from '$lib/server/metrics/rollout';
import { failuresByReport } from '$lib/server/pages/health';
import { rolloutContext, rolloutFigures } from '$lib/server/pages/rollout';
import { inScope } from '$lib/server/pages/scope';
import { loadSnapshotCounts, loadState } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = rolloutContext(event);
	const { db, asOf, scope } = ctx;
	// seconds at campus scale, so built once per data version (src/lib/server/cache.ts)
	return cached(db, `overview:${asOf}:${scopeKey(scope)}`, () => {
		const state = loadState(db, asOf);
		const report = buildReport(state);
		const names = new Map(state.departments.map((d) => [d.code, d.name]));
		return {
			asOf: state.asOf,
			devices: report.devices,
			health: report.health,
			thresholds: state.thresholds,
			weeks: weeklyInstalls(state.devices, state.asOf),
			snapshots: loadSnapshotCounts(db, state.asOf).filter((s) => s.kind === 'code42-devices'),
			// a manager sees the rows of their own departments
			departments: report.departments
				.filter((d) => inScope(scope, d.code))
				.map((d) => ({ ...d, name: names.get(d.code) ?? 'Unassigned' })),
			pace: rolloutFigures(state, scope),
			// "no failures", report by report (the same figures as the health page's history)
			failuresByReport: failuresByReport(ctx, state)
		};
	});
};
