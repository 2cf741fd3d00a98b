// For tests: what a manager's mail holds of other departments. A manager reads only their own
// departments, on the pages and in the digest alike; these find any other department's code (as a
// word: device and node names start with it) and any dollar amount that is not one of their own
// departments' figures.
import type { Db } from '../db';
import { figuresAt } from '../figures/at';
import { withNodesAt } from '../figures/nodes';
import { departmentNames } from '../figures/rollout';
import { savingsOf } from '../figures/savings';
import { formatCents } from '../../format';
import { turnOffRows } from '../pages/savings';

/** The department codes other than `own` that the text names. */
export function otherCodesIn(text: string, db: Db, own: readonly string[]): string[] {
	return departmentNames(db)
		.map((d) => d.code)
		.filter((code) => !own.includes(code))
		.filter((code) => new RegExp(`(^|[^A-Za-z0-9])${code}([^A-Za-z0-9]|$)`).test(text));
}

/**
 * The dollar amounts of the text that are none of the figures of `own` as of `asOf` (realized,
 * eligible a month, projected, each eligible account's charge) and none of the same for the
 * departments together.
 */
export async function foreignAmountsIn(
	text: string,
	db: Db,
	asOf: string,
	own: readonly string[]
): Promise<string[]> {
	const at = figuresAt(db, asOf);
	const allowed = new Set<string>();
	const add = (cents: number) => allowed.add(formatCents(cents));
	await withNodesAt(db, at, () => {
		const { byDepartment, totals } = savingsOf(db, own);
		for (const f of [...byDepartment.values(), totals]) {
			add(f.realizedCents);
			add(f.eligibleMonthlyCents);
			add(f.projectedAnnualCents);
			add(f.runRateCents);
		}
	});
	const turnOff = await turnOffRows(
		{ db, asOf, at, scope: [...own] },
		new URL('http://leaks.invalid/savings/turn-off')
	);
	for (const row of turnOff) add(row.latestChargeCents);
	return (text.match(/-?\$[\d,]+\.\d\d/g) ?? []).filter((amount) => !allowed.has(amount));
}
