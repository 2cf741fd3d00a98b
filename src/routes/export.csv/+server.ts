import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { dayOf, mondayOnOrBefore, parseDay } from '$lib/server/metrics/asof';
import { weeklyInstalls, type InstallWeek } from '$lib/server/metrics/rollout';
import {
	departmentColumns,
	paceWeekColumns,
	rolloutContext,
	rolloutFigures
} from '$lib/server/pages/rollout';
import { loadSnapshotCounts, loadState } from '$lib/server/state';
import type { RequestHandler } from './$types';

/** The overview's tables as CSV: ?table=departments | weeks | pace-weeks (and the page's asOf). */
export const GET: RequestHandler = (event) => {
	const ctx = rolloutContext(event);
	const state = loadState(ctx.db, ctx.asOf);
	const table = event.url.searchParams.get('table');
	const name = (what: string) => csvFileName(what, state.asOf);
	if (table === 'departments') {
		const { departments, college } = rolloutFigures(state, ctx.scope);
		const rows = ctx.scope === null ? [...departments, college] : departments;
		return csvResponse(toCsv(rows, departmentColumns), name('departments'));
	}
	if (table === 'pace-weeks') {
		const { college } = rolloutFigures(state, ctx.scope);
		return csvResponse(toCsv(college.weeks, paceWeekColumns), name('installs-per-week'));
	}
	if (table === 'weeks') {
		// the active count of the Code42 report dated in each week, as the chart shows it
		const active = new Map<string, number>();
		for (const s of loadSnapshotCounts(ctx.db, state.asOf)) {
			if (s.kind !== 'code42-devices') continue;
			active.set(dayOf(mondayOnOrBefore(parseDay(s.asOf) as number)), s.active);
		}
		const rows = weeklyInstalls(state.devices, state.asOf);
		return csvResponse(
			toCsv<InstallWeek>(rows, [
				{ header: 'Week of', value: 'weekStart' },
				{ header: 'Installs', value: 'installs' },
				{ header: 'Installed to date', value: 'installed' },
				{ header: 'Active (report that week)', value: (w) => active.get(w.weekStart) }
			]),
			name('installs-by-week')
		);
	}
	error(400, 'Ask for one of the tables: departments, weeks or pace-weeks.');
};
