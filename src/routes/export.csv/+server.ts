import { error } from '@sveltejs/kit';
import { csvFileName, csvResponse, toCsv } from '$lib/server/csv';
import { requireReader } from '$lib/server/guard';
import { dayOf, mondayOnOrBefore, parseDay } from '$lib/server/metrics/asof';
import type { InstallWeek } from '$lib/server/metrics/rollout';
import { figuresContext } from '$lib/server/pages/context';
import { overviewFigures } from '$lib/server/pages/overview';
import { departmentColumns, departmentsFigures, paceWeekColumns } from '$lib/server/pages/rollout';
import type { RequestHandler } from './$types';

/** The overview's tables as CSV: ?table=departments | weeks | pace-weeks (and the page's asOf). */
export const GET: RequestHandler = async (event) => {
	const user = requireReader();
	const ctx = await figuresContext(event.url, user);
	const table = event.url.searchParams.get('table');
	// from the pages' own cache entries: the figures downloaded are the figures shown
	if (table === 'departments') {
		const { asOf, departments, college } = await departmentsFigures(ctx);
		const rows = ctx.scope === null ? [...departments, college] : departments;
		return csvResponse(toCsv(rows, departmentColumns), csvFileName('departments', asOf));
	}
	if (table === 'pace-weeks') {
		const { asOf, total } = await overviewFigures(ctx);
		return csvResponse(toCsv(total.weeks, paceWeekColumns), csvFileName('installs-per-week', asOf));
	}
	if (table === 'weeks') {
		// the active count of the Code42 report dated in each week, as the chart shows it
		const { asOf, weeks, snapshots } = await overviewFigures(ctx);
		const active = new Map<string, number>();
		for (const s of snapshots) {
			const day = parseDay(s.asOf);
			if (day !== null) active.set(dayOf(mondayOnOrBefore(day)), s.active);
		}
		return csvResponse(
			toCsv<InstallWeek>(weeks, [
				{ header: 'Week of', value: 'weekStart' },
				{ header: 'Installs', value: 'installs' },
				{ header: 'Installed to date', value: 'installed' },
				{ header: 'Active (report that week)', value: (w) => active.get(w.weekStart) }
			]),
			csvFileName('installs-by-week', asOf)
		);
	}
	error(400, 'Ask for one of the tables: departments, weeks or pace-weeks.');
};
