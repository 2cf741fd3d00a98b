import { cached, scopeKey } from '../cache';
import type { Db } from '../db';
import { buildReport } from '../metrics/report';
import { weeklyInstalls } from '../metrics/rollout';
import { asOfFrom, stateAsOf } from './asof';
import { activeByReport, failuresByReport } from './health';
import { rolloutFigures, type DepartmentRow, type RolloutContext } from './rollout';
import { inScope } from './scope';

// The overview and the departments list: their figures take seconds at campus scale, so each is
// built once per data version (cache.ts) and shared by the page and its CSV export.

/** The pace figures a table row shows (pace.ts on the page). */
const paceCells = (p: DepartmentRow) => ({
	perWeek: p.perWeek,
	slowestWeek: p.slowestWeek,
	fastestWeek: p.fastestWeek,
	remaining: p.remaining,
	paceStatus: p.paceStatus,
	projectedDate: p.projectedDate,
	earliestDate: p.earliestDate,
	latestDate: p.latestDate
});

/**
 * Everything the overview shows, and only that: the page's data is serialized into every answer,
 * so what it does not render is not sent.
 */
export function overviewFigures(ctx: RolloutContext) {
	const { db, asOf, scope } = ctx;
	return cached(db, `overview:${asOf}:${scopeKey(scope)}`, () => {
		const state = stateAsOf(db, asOf);
		const report = buildReport(state);
		const names = new Map(state.departments.map((d) => [d.code, d.name]));
		const pace = rolloutFigures(state, scope);
		const paceOf = new Map(pace.departments.map((d) => [d.code, d]));
		// "no failures", report by report (the same figures as the health page's history)
		const reports = failuresByReport(ctx, state);
		return {
			asOf: state.asOf,
			devices: report.devices,
			health: { failures: report.health.failures, critical: report.health.critical },
			graceDays: state.thresholds.firstBackupGraceDays,
			weeks: weeklyInstalls(state.devices, state.asOf),
			snapshots: activeByReport(db, state),
			// a manager sees the rows of their own departments
			departments: report.departments
				.filter((d) => inScope(scope, d.code))
				.map((d) => {
					const p = paceOf.get(d.code);
					return {
						code: d.code,
						name: names.get(d.code) ?? 'Unassigned',
						managed: d.managed,
						installed: d.installed,
						active: d.active,
						adoptionPct: d.adoptionPct,
						failures: d.failures,
						pace: p ? paceCells(p) : null
					};
				}),
			college: {
				...paceCells(pace.college),
				managed: pace.college.managed,
				adopted: pace.college.adopted,
				weeks: pace.college.weeks
			},
			claim: {
				reports: reports.length,
				failing: reports.filter((r) => r.failures > 0).length,
				first: reports[0] ? { asOf: reports[0].asOf, failures: reports[0].failures } : null
			}
		};
	});
}

/** The departments list's figures: the college's and those of the departments in scope. */
export function departmentsFigures(ctx: RolloutContext) {
	const { db, asOf, scope } = ctx;
	return cached(db, `departments:${asOf}:${scopeKey(scope)}`, () => {
		const state = stateAsOf(db, asOf);
		return { asOf: state.asOf, ...rolloutFigures(state, scope) };
	});
}

let warming: ReturnType<typeof setTimeout> | undefined;

/**
 * Builds the overview (every department, default as-of date) in the background, right after an
 * import or an undo made through the server, and every 10 s for imports by another process
 * (hooks.server.ts), so that the next reader finds it ready instead of paying the seconds its
 * figures take at campus scale. A no-op when it is built already.
 */
export function warmOverview(db: Db): void {
	if (warming) return;
	warming = setTimeout(() => {
		warming = undefined;
		try {
			overviewFigures({ db, asOf: asOfFrom(new URL('http://warm/'), db), scope: null });
		} catch (e) {
			// the next reader builds it and sees the error, if any
			console.error('warming the overview failed:', e);
		}
	}, 100);
	warming.unref();
}
