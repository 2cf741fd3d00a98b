import { getDb } from '$lib/server/db';
import { buildReport } from '$lib/server/metrics/report';
import { weeklyInstalls } from '$lib/server/metrics/rollout';
import { asOfFrom } from '$lib/server/pages/asof';
import { loadSnapshotCounts, loadState } from '$lib/server/state';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const state = loadState(db, asOfFrom(url, db));
	const report = buildReport(state);
	const names = new Map(state.departments.map((d) => [d.code, d.name]));
	return {
		asOf: state.asOf,
		devices: report.devices,
		health: report.health,
		weeks: weeklyInstalls(state.devices, state.asOf),
		snapshots: loadSnapshotCounts(db, state.asOf).filter((s) => s.kind === 'code42-devices'),
		departments: report.departments.map((d) => ({ ...d, name: names.get(d.code) ?? 'Unassigned' }))
	};
};
