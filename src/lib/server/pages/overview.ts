import { breathe, figures, scopeKey } from '../cache';
import { healthPoints } from '../figures/history';
import { withNodesAt } from '../figures/nodes';
import { departmentSummaries, milestoneDate, weeklyInstalls } from '../figures/rollout';
import { daySavingsOf } from '../figures/savings';
import { emptyHealthCounts, type HealthCounts } from '../metrics/health';
import { percentHalfUp1 } from '../metrics/rounding';
import { paceOf } from '../metrics/rollout';
import type { DepartmentSummary } from '../metrics/summary';
import type { FiguresContext } from './context';
import { departmentRow, type DepartmentRow } from './rollout';
import { inScope } from './context';

// The overview: the rollout of the departments the person may see. Leadership sees the college;
// a manager sees their own departments only (their figures, charts and table), with the
// college's adoption beside theirs as the one comparison.

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

/** The departments' summaries added up: the college's, or a manager's departments'. */
function together(
	summaries: readonly DepartmentSummary[],
	asOf: string,
	college: DepartmentSummary
): DepartmentSummary {
	if (summaries.length === 1) return summaries[0];
	const sum = (pick: (s: DepartmentSummary) => number) =>
		summaries.reduce((total, s) => total + pick(s), 0);
	const health = emptyHealthCounts();
	for (const s of summaries)
		for (const key of Object.keys(health) as (keyof HealthCounts)[]) health[key] += s.health[key];
	const managed = sum((s) => s.managed);
	const adopted = sum((s) => s.adopted);
	const weekCounts = college.pace.weeks.map((_, i) => sum((s) => s.pace.weeks[i].installs));
	const began = summaries
		.map((s) => s.rolloutBegan)
		.filter((d): d is string => d !== null)
		.sort()[0];
	return {
		code: 'ALL',
		// one name for the group, which the sentences treat as one: "ANSC + ENTO has reached 95%"
		name: summaries.map((s) => s.code).join(' + '),
		managed,
		adopted,
		adoptionPct: percentHalfUp1(adopted, managed),
		installed: sum((s) => s.installed),
		active: sum((s) => s.active),
		health,
		stragglers: managed - adopted,
		rolloutBegan: began ?? null,
		pace: paceOf({ managed, adopted, weekCounts }, asOf)
	};
}

/**
 * Everything the overview shows, and only that: the page's data is serialized into every answer,
 * so what it does not render is not sent. Kept per kept version (cache.ts) for the page and its
 * CSV.
 */
export function overviewFigures(ctx: FiguresContext) {
	const { db, at, scope } = ctx;
	return figures(db, `overview:${ctx.asOf}:${scopeKey(scope)}`, async () => {
		const summaries = departmentSummaries(db, at);
		const shown = summaries.departments.filter((d) => inScope(scope, d.code));
		const codes = shown.map((d) => d.code);
		const total = scope === null ? summaries.college : together(shown, ctx.asOf, summaries.college);
		await breathe();
		const departments = scope === null ? null : codes;
		const milestone1000 = milestoneDate(db, at, 1000, departments);
		const weeks = weeklyInstalls(db, at, departments);
		await breathe();
		// "no failures", report by report, and the active devices of each report
		const points = healthPoints(db, at, { departments: codes, os: null });
		await breathe();
		// only added up: the retired nodes are read as sums, the others worked out for the day
		const savings = await withNodesAt(
			db,
			at,
			(latestBilledMonth) => {
				const { totals } = daySavingsOf(db, latestBilledMonth, codes);
				return {
					latestBilledMonth,
					realizedCents: totals.realizedCents,
					projectedAnnualCents: totals.projectedAnnualCents
				};
			},
			{ dayOnly: true }
		);
		const failing = points.filter((p) => p.failures > 0);
		const totalRow = departmentRow(total);
		return {
			asOf: ctx.asOf,
			/** whose figures these are: the college's, or a manager's departments' */
			who: scope === null ? 'The college' : shown.length === 1 ? shown[0].name : total.name,
			devices: {
				installed: total.installed,
				active: total.active,
				milestone1000,
				managed: total.managed,
				adopted: total.adopted,
				adoptionPct: total.adoptionPct
			},
			/** beside a manager's adoption, the college's: the one figure of the college they see */
			collegeAdoptionPct: scope === null ? null : summaries.college.adoptionPct,
			health: { failures: total.health.failures, critical: total.health.critical },
			graceDays: at.thresholds.firstBackupGraceDays,
			weeks,
			snapshots: points.map((p) => ({ asOf: p.asOf, active: p.active })),
			departments: shown.map((d) => {
				const row = departmentRow(d);
				return {
					code: d.code,
					name: d.name,
					managed: d.managed,
					installed: d.installed,
					active: d.active,
					adoptionPct: d.adoptionPct,
					failures: d.health.failures,
					pace: paceCells(row)
				};
			}),
			total: {
				...paceCells(totalRow),
				managed: total.managed,
				adopted: total.adopted,
				weeks: total.pace.weeks
			},
			claim: {
				reports: points.length,
				failing: failing.length,
				first: points[0] ? { asOf: points[0].asOf, failures: points[0].failures } : null
			},
			savings
		};
	});
}
