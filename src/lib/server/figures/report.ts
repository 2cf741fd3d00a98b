import type { Db } from '../db';
import { UNASSIGNED } from '../metrics/departments';
import { emptyHealthCounts, type HealthCounts } from '../metrics/health';
import { nameKey } from '../metrics/names';
import type { Report } from '../metrics/report';
import { percentHalfUp1 } from '../metrics/rounding';
import { keptResolver } from '../kept/departments';
import { code42CostOf } from '../pages/savings';
import { figuresAt, type At } from './at';
import { withNodesAt } from './nodes';
import { departmentSummaries, milestoneDate } from './rollout';
import { daySavingsOf } from './savings';

// The figures of `npm run report` (domain.md's scripting interface), read from the kept tables:
// the same JSON metrics/report.ts's buildReport gives from the whole state.

/** The code a department option names (code, name or alias, or UNASSIGNED); null for none. */
export function departmentOption(db: Db, text: string): string | null {
	if (nameKey(text) === nameKey(UNASSIGNED)) return UNASSIGNED;
	return keptResolver(db).resolve(text);
}

/**
 * The report as of a day (the latest report's by default), of the college or of one department
 * (a code already resolved: departmentOption), every figure of it then that department's alone.
 */
export async function reportOf(
	db: Db,
	asOf?: string,
	department: string | null = null,
	/** the day's reference points, when worked out already (figures/day-codes.ts) */
	at: At = figuresAt(db, asOf)
): Promise<Report> {
	const { college, departments } = departmentSummaries(db, at);
	const listed =
		department === null ? departments : departments.filter((d) => d.code === department);
	const codes = departments.map((d) => d.code);
	const savings = await withNodesAt(
		db,
		at,
		(latestBilledMonth) => ({ latestBilledMonth, ...daySavingsOf(db, latestBilledMonth, codes) }),
		{ dayOnly: true }
	);
	const scope = department === null ? college : listed[0];
	const money =
		department === null ? savings.totals : (savings.byDepartment.get(department) ?? savings.totals);
	const cost = code42CostOf(db, at.month);
	const code42MonthlyCents = cost === null ? null : scope.active * cost;
	const health: HealthCounts = { ...emptyHealthCounts(), ...scope.health };
	return {
		asOf: at.asOf,
		department,
		devices: {
			installed: scope.installed,
			active: scope.active,
			milestone1000: milestoneDate(db, at, 1000, department === null ? null : [department]),
			managed: scope.managed,
			adopted: scope.adopted,
			adoptionPct: percentHalfUp1(scope.adopted, scope.managed)
		},
		health,
		savings: {
			latestBilledMonth: savings.latestBilledMonth,
			realizedCents: money.realizedCents,
			eligibleMonthlyCents: money.eligibleMonthlyCents,
			runRateCents: money.runRateCents,
			projectedAnnualCents: money.projectedAnnualCents,
			retiredNodes: money.retiredNodes,
			eligibleNodes: money.eligibleNodes,
			billedNodes: money.billedNodes,
			code42MonthlyCents,
			netAnnualCents:
				code42MonthlyCents === null ? null : money.projectedAnnualCents - 12 * code42MonthlyCents
		},
		departments: listed.map((d) => {
			const f = savings.byDepartment.get(d.code);
			return {
				code: d.code,
				installed: d.installed,
				active: d.active,
				managed: d.managed,
				adopted: d.adopted,
				adoptionPct: d.adoptionPct,
				failures: d.health.failures,
				realizedSavingsCents: f?.realizedCents ?? 0,
				eligibleMonthlyCents: f?.eligibleMonthlyCents ?? 0,
				projectedAnnualCents: f?.projectedAnnualCents ?? 0
			};
		})
	};
}
