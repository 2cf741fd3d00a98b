// The follow-up list of a department: managed computers with no active Code42 device, and how long
// the department's rollout has been going. "Rollout began" is not in domain.md: it is the week
// (Monday, UTC) of the department's earliest install (docs/rules.md).
import { asOfInstant, dayOf, mondayOnOrBefore, parseDay, parseInstant, WEEK_MS } from './asof';
import { createDepartmentResolver, departmentOfDevice, indexManaged } from './departments';
import { distinctDevices, stragglers, type Straggler } from './rollout';
import type { DashboardState } from './types';

/**
 * The Monday (UTC, YYYY-MM-DD) of the week of each department's earliest install: the earliest
 * creationDate, before T, among the devices the device rule places in it, deactivated ones
 * included. A department without such a device is missing from the map: its rollout has not begun.
 */
export function rolloutStarts(
	state: Pick<DashboardState, 'asOf' | 'departments' | 'devices' | 'managed'>
): Map<string, string> {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const earliest = new Map<string, number>();
	for (const device of distinctDevices(state.devices)) {
		const ms = parseInstant(device.creationDate);
		if (ms === null || ms >= T) continue;
		const code = departmentOfDevice(device, inventory, resolver).code;
		const held = earliest.get(code);
		if (held === undefined || ms < held) earliest.set(code, ms);
	}
	const starts = new Map<string, string>();
	for (const [code, ms] of earliest) starts.set(code, dayOf(mondayOnOrBefore(ms)));
	return starts;
}

/** Whole weeks from 00:00Z of a day (a rollout's Monday) to T, the end of the as-of day. */
export function weeksSince(day: string, asOf: string): number {
	const start = parseDay(day);
	if (start === null)
		throw new RangeError(`"${day}" is not a calendar day: write it as YYYY-MM-DD.`);
	return Math.max(0, Math.floor((asOfInstant(asOf) - start) / WEEK_MS));
}

export interface StragglerRow extends Straggler {
	/** the Monday the department's rollout began; null when it has not begun */
	rolloutBegan: string | null;
	/** whole weeks since then, as of D: how many weekly prompts the computer has ignored */
	weeksSinceRolloutBegan: number | null;
}

/** The stragglers (see `stragglers`) with the weeks since their department's rollout began. */
export function stragglerRows(
	state: Pick<DashboardState, 'asOf' | 'departments' | 'devices' | 'managed' | 'managedOn'>
): StragglerRow[] {
	const starts = rolloutStarts(state);
	return stragglers(state).map((s) => {
		const began = starts.get(s.department) ?? null;
		return {
			...s,
			rolloutBegan: began,
			weeksSinceRolloutBegan: began === null ? null : weeksSince(began, state.asOf)
		};
	});
}
