import { monthNumber } from './asof';
import { nodeKey, type NodeSavings, type NodeSavingsResult, type SavingsFigures } from './savings';
import type { Charge } from './types';

// What departments paid EZ-Backup month by month, and what they would have paid had no node been
// retired. A node's charges all count to the node's department (domain.md's rule, decided by its
// latest charge), so a department's spend, its savings and its list of nodes always add up.

/** 'YYYY-MM' of a month number (year × 12 + month − 1). */
export function monthOfNumber(n: number): string {
	const year = Math.floor(n / 12);
	const month = n - year * 12 + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included ('2020-11', '2021-01' → 3 months). */
export function monthRange(from: string, to: string): string[] {
	const a = monthNumber(from);
	const b = monthNumber(to);
	if (a === null || b === null) {
		throw new RangeError(`"${a === null ? from : to}" is not a month: write it as YYYY-MM.`);
	}
	const months: string[] = [];
	for (let n = a; n <= b; n++) months.push(monthOfNumber(n));
	return months;
}

/** The month `n` months after a month (n may be negative). */
export function addMonths(month: string, n: number): string {
	const m = monthNumber(month);
	if (m === null) throw new RangeError(`"${month}" is not a month: write it as YYYY-MM.`);
	return monthOfNumber(m + n);
}

export interface DepartmentSpendMonth {
	month: string;
	/** cents charged in the month to the nodes of each department asked for (0 where none) */
	byDepartment: Record<string, number>;
	/** the sum over those departments */
	totalCents: number;
}

/**
 * The departments a chart of `spend` stacks one by one: the `n` charged most over its months,
 * largest first (ties in the order of `codes`); `others` are the rest of those charged at all,
 * added up as one band. All of them are shown when at most n + 1 were charged, so that "other
 * departments" is never a single one. Departments charged nothing in the period are in neither.
 */
export function largestDepartments(
	spend: readonly DepartmentSpendMonth[],
	codes: readonly string[],
	n: number
): { shown: string[]; others: string[] } {
	const charged = codes
		.map((code, i) => ({
			code,
			i,
			cents: spend.reduce((s, m) => s + (m.byDepartment[code] ?? 0), 0)
		}))
		.filter((d) => d.cents > 0)
		.sort((a, b) => b.cents - a.cents || a.i - b.i)
		.map((d) => d.code);
	return charged.length <= n + 1
		? { shown: charged, others: [] }
		: { shown: charged.slice(0, n), others: charged.slice(n) };
}

/**
 * EZ-Backup charges by month and department, for the departments in `codes`, from the first
 * billed month to the latest billed month (months without a charge included, at 0). The same node
 * and month charged twice (nodenames differing only in case) is one charge: the later in the list,
 * as in `nodeSavings`. Charges after the latest billed month, and of nodes outside `codes`, are
 * left out.
 */
export function spendByMonth(
	charges: readonly Charge[],
	result: NodeSavingsResult,
	codes: readonly string[]
): DepartmentSpendMonth[] {
	if (result.latestBilledMonth === null) return [];
	const limit = monthNumber(result.latestBilledMonth) as number;
	const wanted = new Set(codes);
	// nodes of the departments asked for, by index; departments by index too
	const departmentIndex = new Map(codes.map((code, i) => [code, i]));
	const nodeIndex = new Map<string, number>();
	const nodeDepartment: number[] = [];
	for (const node of result.nodes) {
		if (!wanted.has(node.department) || nodeIndex.has(node.nodeKey)) continue;
		nodeIndex.set(node.nodeKey, nodeDepartment.length);
		nodeDepartment.push(departmentIndex.get(node.department) as number);
	}
	// (node, month) → cents, as one number key (month numbers stay below 2^16 until year 5461);
	// a later charge of the same node and month replaces the earlier
	const effective = new Map<number, number>();
	// hundreds of thousands of charges hold a few dozen months and some thousands of nodenames:
	// each text is parsed once
	const months = new Map<string, number | null>();
	const nodes = new Map<string, number>(); // nodename as written → node index, −1 when not shown
	let first = limit;
	for (const charge of charges) {
		let n = months.get(charge.month);
		if (n === undefined) months.set(charge.month, (n = monthNumber(charge.month)));
		if (n === null || n > limit) continue;
		let node = nodes.get(charge.nodename);
		if (node === undefined) {
			node = nodeIndex.get(nodeKey(charge.nodename)) ?? -1;
			nodes.set(charge.nodename, node);
		}
		if (node < 0) continue;
		effective.set(node * 65536 + n, charge.totalCents);
		if (n < first) first = n;
	}
	const totals = Array.from({ length: limit - first + 1 }, () =>
		new Array<number>(codes.length).fill(0)
	);
	for (const [key, cents] of effective) {
		const n = key % 65536;
		totals[n - first][nodeDepartment[(key - n) / 65536]] += cents;
	}
	const spend: DepartmentSpendMonth[] = totals.map((row, i) => ({
		month: monthOfNumber(first + i),
		byDepartment: Object.fromEntries(codes.map((code, d) => [code, row[d]])),
		totalCents: row.reduce((a, b) => a + b, 0)
	}));
	return spend;
}

export interface SpendComparisonMonth {
	month: string;
	/** what the departments were charged */
	actualCents: number;
	/** what they would have been charged had the retired nodes kept their baseline */
	withoutRetirementsCents: number;
	/** the difference: the saving of the month */
	savedCents: number;
	/** retired nodes that count in the saving of the month */
	retiredNodes: number;
}

/**
 * Actual spend next to spend without the retirements: each retired node of `codes` adds its
 * baseline to every month after its last bill, up to and including the latest billed month. The
 * savings of the months add up to the realized savings of those nodes, to the cent.
 */
export function spendWithoutRetirements(
	spend: readonly DepartmentSpendMonth[],
	nodes: readonly NodeSavings[],
	codes: readonly string[]
): SpendComparisonMonth[] {
	const wanted = new Set(codes);
	return spendWithout(
		spend,
		nodes
			.filter((node) => node.retired && wanted.has(node.department))
			.map((node) => ({ lastMonth: node.lastMonth, baselineCents: node.baselineCents, nodes: 1 }))
	);
}

/** Retired nodes of the same last billed month, added up: their baselines and how many. */
export interface Retirements {
	lastMonth: string;
	baselineCents: number;
	nodes: number;
}

/** `spendWithoutRetirements` from the retired nodes grouped by their last billed month. */
export function spendWithout(
	spend: readonly DepartmentSpendMonth[],
	retirements: readonly Retirements[]
): SpendComparisonMonth[] {
	const months = spend.map((m) => ({
		month: m.month,
		actualCents: m.totalCents,
		withoutRetirementsCents: m.totalCents,
		savedCents: 0,
		retiredNodes: 0
	}));
	if (months.length === 0) return months;
	const firstNumber = monthNumber(months[0].month) as number;
	for (const group of retirements) {
		const last = monthNumber(group.lastMonth) as number;
		for (let n = Math.max(last + 1, firstNumber); n - firstNumber < months.length; n++) {
			const month = months[n - firstNumber];
			month.savedCents += group.baselineCents;
			month.withoutRetirementsCents += group.baselineCents;
			month.retiredNodes += group.nodes;
		}
	}
	return months;
}

export interface NetFigures {
	/** active devices, each of which costs the setting below every month */
	activeDevices: number;
	/** null while no administrator has entered the cost: not known, not $0.00 */
	centsPerDeviceMonth: number | null;
	/** what the college pays for Code42 each month (null: not known) */
	code42MonthlyCents: number | null;
	code42AnnualCents: number | null;
	/** what departments save each month once the eligible nodes are off: run rate + eligible */
	savingMonthlyCents: number;
	/** projected annual savings (12 × the monthly saving) */
	savingAnnualCents: number;
	/** saving minus Code42 cost; negative when Code42 costs the college more than it saves */
	netMonthlyCents: number | null;
	netAnnualCents: number | null;
}

/**
 * The college's net: the departments' projected saving against the centrally paid Code42 cost
 * (active devices × the cost per device per month in force). Whole cents throughout. While the
 * cost was never entered (null) the cost and the net are not known.
 */
export function collegeNet(
	savings: Pick<SavingsFigures, 'runRateCents' | 'eligibleMonthlyCents'>,
	activeDevices: number,
	centsPerDeviceMonth: number | null
): NetFigures {
	for (const [what, value] of [
		['The count of active devices', activeDevices],
		['The Code42 cost per device per month', centsPerDeviceMonth ?? 0]
	] as const) {
		if (!Number.isSafeInteger(value) || value < 0) {
			throw new RangeError(`${what} must be a whole number, 0 or more, not ${value}.`);
		}
	}
	const savingMonthlyCents = savings.runRateCents + savings.eligibleMonthlyCents;
	const code42MonthlyCents =
		centsPerDeviceMonth === null ? null : activeDevices * centsPerDeviceMonth;
	return {
		activeDevices,
		centsPerDeviceMonth,
		code42MonthlyCents,
		code42AnnualCents: code42MonthlyCents === null ? null : 12 * code42MonthlyCents,
		savingMonthlyCents,
		savingAnnualCents: 12 * savingMonthlyCents,
		netMonthlyCents: code42MonthlyCents === null ? null : savingMonthlyCents - code42MonthlyCents,
		netAnnualCents:
			code42MonthlyCents === null ? null : 12 * (savingMonthlyCents - code42MonthlyCents)
	};
}
