import { addDays, asOfInstant, dayOf, mondayOnOrBefore, parseInstant, WEEK_MS } from './asof';
import {
	createDepartmentResolver,
	deviceShortName,
	indexManaged,
	managedOnDay,
	UNASSIGNED,
	type ManagedEntry
} from './departments';
import { ceilDiv, divRoundHalfUp, percentHalfUp1 } from './rounding';
import type { DashboardState, Device } from './types';

/** "Active" are devices whose latest status starts with `Active` ('Active, Deauthorized' too). */
export function isActiveStatus(status: string | null | undefined): boolean {
	return (status ?? '').trim().toLowerCase().startsWith('active');
}

/**
 * One entry per deviceUid. The state should already hold each device once; if it does not, the
 * entry from the latest report (`reportAsOf`) wins, the later one in the list on a tie.
 */
export function distinctDevices(devices: readonly Device[]): readonly Device[] {
	const uids = new Set<string>();
	for (const device of devices) uids.add(device.deviceUid);
	if (uids.size === devices.length) return devices; // the usual case: nothing to choose
	const byUid = new Map<string, Device>();
	for (const device of devices) {
		const held = byUid.get(device.deviceUid);
		if (!held || held.reportAsOf <= device.reportAsOf) byUid.set(device.deviceUid, device);
	}
	return [...byUid.values()];
}

/** Installed: all distinct devices ever seen, deactivated ones included. */
export function countInstalled(devices: readonly Device[]): number {
	return distinctDevices(devices).length;
}

/** Active: distinct devices whose latest status starts with `Active`. */
export function countActive(devices: readonly Device[]): number {
	return distinctDevices(devices).filter((d) => isActiveStatus(d.status)).length;
}

/**
 * The UTC day of the n-th earliest `creationDate` among all distinct devices, deactivated ones
 * included; null when fewer than n devices have an install date (a device without one cannot be
 * placed in the order, so it does not count toward the n).
 */
export function milestoneDate(devices: readonly Device[], n = 1000): string | null {
	if (!Number.isInteger(n) || n < 1)
		throw new RangeError(`The milestone must be a count of 1 or more, not ${n}.`);
	const dates: number[] = [];
	for (const device of distinctDevices(devices)) {
		const ms = parseInstant(device.creationDate);
		if (ms !== null) dates.push(ms);
	}
	if (dates.length < n) return null;
	dates.sort((a, b) => a - b);
	return dayOf(dates[n - 1]);
}

/** Short hostnames of the active devices: what a managed computer must match to count as adopted. */
export function activeShortNames(devices: readonly Device[]): Set<string> {
	const names = new Set<string>();
	for (const device of devices) {
		if (!isActiveStatus(device.status)) continue;
		const name = deviceShortName(device);
		if (name !== '') names.add(name);
	}
	return names;
}

export interface Adoption {
	/** managed computers (distinct short names in the inventory) */
	managed: number;
	/** of those, the ones that match an active device by short hostname */
	adopted: number;
	/** adopted / managed in percent, one decimal, rounded half up; null without inventory */
	adoptionPct: number | null;
}

/** Adoption of a set of managed computers. */
export function adoptionOf(
	entries: Iterable<ManagedEntry>,
	activeNames: ReadonlySet<string>
): Adoption {
	let managed = 0;
	let adopted = 0;
	for (const entry of entries) {
		managed += 1;
		if (activeNames.has(entry.shortName)) adopted += 1;
	}
	return { managed, adopted, adoptionPct: percentHalfUp1(adopted, managed) };
}

export interface AdoptionFigures {
	overall: Adoption;
	/** every department code plus UNASSIGNED, sorted by code with UNASSIGNED last */
	byDepartment: Map<string, Adoption>;
}

/** Adoption of the college and of each department (a managed computer's department is the inventory's). */
export function adoptionByDepartment(
	state: Pick<DashboardState, 'departments' | 'devices' | 'managed' | 'managedOn'>
): AdoptionFigures {
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(managedOnDay(state), resolver);
	const activeNames = activeShortNames(state.devices);
	const groups = new Map<string, ManagedEntry[]>();
	for (const code of [...resolver.codes, UNASSIGNED]) groups.set(code, []);
	for (const entry of inventory.values()) groups.get(entry.department)?.push(entry);
	const byDepartment = new Map<string, Adoption>();
	for (const [code, entries] of groups) byDepartment.set(code, adoptionOf(entries, activeNames));
	return { overall: adoptionOf(inventory.values(), activeNames), byDepartment };
}

export interface Straggler {
	computerName: string;
	shortName: string;
	department: string;
	os: string | null;
	lastSeen: string | null;
	/** devices with the same short hostname that are no longer active: a reinstall to chase */
	inactiveDeviceUids: string[];
}

/** Managed computers with no active device of the same short hostname, by department then name. */
export function stragglers(
	state: Pick<DashboardState, 'departments' | 'devices' | 'managed' | 'managedOn'>
): Straggler[] {
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(managedOnDay(state), resolver);
	const activeNames = activeShortNames(state.devices);
	const inactive = new Map<string, string[]>();
	for (const device of state.devices) {
		if (isActiveStatus(device.status)) continue;
		const name = deviceShortName(device);
		const list = inactive.get(name);
		if (list) list.push(device.deviceUid);
		else inactive.set(name, [device.deviceUid]);
	}
	const list: Straggler[] = [];
	for (const entry of inventory.values()) {
		if (activeNames.has(entry.shortName)) continue;
		list.push({
			computerName: entry.computer.computerName,
			shortName: entry.shortName,
			department: entry.department,
			os: entry.computer.os,
			lastSeen: entry.computer.lastSeen,
			inactiveDeviceUids: inactive.get(entry.shortName) ?? []
		});
	}
	const departmentOrder = new Map([...resolver.codes, UNASSIGNED].map((c, i) => [c, i]));
	return list.sort(
		(a, b) =>
			(departmentOrder.get(a.department) ?? 0) - (departmentOrder.get(b.department) ?? 0) ||
			(a.shortName < b.shortName ? -1 : a.shortName > b.shortName ? 1 : 0)
	);
}

export interface InstallWeek {
	/** the Monday (UTC) the week starts on */
	weekStart: string;
	/** devices whose creationDate falls in the week */
	installs: number;
	/** devices installed by the end of the week (cumulative) */
	installed: number;
	/**
	 * of those, the ones active as of D. The state holds each device's latest status only, so a
	 * past week's own active count is not known: this is how many of its installs are active now.
	 */
	stillActive: number;
}

/**
 * Cumulative installs by install date, one entry per week (Monday to Sunday, UTC) from the week of
 * the first install to the week of D, empty weeks included. Devices without an install date, or
 * with one after D, are not in the series.
 */
export function weeklyInstalls(devices: readonly Device[], asOf: string): InstallWeek[] {
	const T = asOfInstant(asOf);
	const dated: { ms: number; active: boolean }[] = [];
	for (const device of distinctDevices(devices)) {
		const ms = parseInstant(device.creationDate);
		if (ms !== null && ms < T) dated.push({ ms, active: isActiveStatus(device.status) });
	}
	if (dated.length === 0) return [];
	let first = Infinity;
	for (const d of dated) first = Math.min(first, d.ms);
	const { firstMonday, weekCount } = installWeeksSpan(first, T);
	const installs = new Array<number>(weekCount).fill(0);
	const active = new Array<number>(weekCount).fill(0);
	for (const d of dated) {
		const week = Math.floor((d.ms - firstMonday) / WEEK_MS);
		installs[week] += 1;
		if (d.active) active[week] += 1;
	}
	return installWeeks(firstMonday, installs, active);
}

/** The weeks of the install series: from the Monday of the first install to the week of T. */
export function installWeeksSpan(firstInstall: number, T: number) {
	const firstMonday = mondayOnOrBefore(firstInstall);
	return { firstMonday, weekCount: (mondayOnOrBefore(T - 1) - firstMonday) / WEEK_MS + 1 };
}

/** The cumulative series from each week's installs and those of them still active. */
export function installWeeks(
	firstMonday: number,
	installs: readonly number[],
	active: readonly number[]
): InstallWeek[] {
	const weekCount = installs.length;
	const weeks: InstallWeek[] = [];
	let installed = 0;
	let stillActive = 0;
	for (let i = 0; i < weekCount; i++) {
		installed += installs[i];
		stillActive += active[i];
		weeks.push({
			weekStart: dayOf(firstMonday + i * WEEK_MS),
			installs: installs[i],
			installed,
			stillActive
		});
	}
	return weeks;
}

export interface PaceWeek {
	weekStart: string;
	/** managed computers first installed in the week (see `adoptionPace`) */
	installs: number;
}

/**
 * - 'reached': adoption is already at or above the target;
 * - 'projected': there is a date;
 * - 'stalled': the target is not reached and nothing was installed in the weeks measured;
 * - 'no-inventory': no managed computers, so no target.
 */
export type PaceStatus = 'reached' | 'projected' | 'stalled' | 'no-inventory';

export interface Pace {
	/** the full weeks measured, oldest first */
	weeks: PaceWeek[];
	/** mean installs per week over those weeks, one decimal, rounded half up */
	perWeek: number;
	slowestWeek: number;
	fastestWeek: number;
	managed: number;
	adopted: number;
	/** managed computers to adopt to reach the target: ⌈targetPct% × managed⌉ */
	target: number;
	/** target − adopted, never below 0 */
	remaining: number;
	status: PaceStatus;
	/** day the target is reached at the mean pace */
	projectedDate: string | null;
	/** at the fastest week's pace */
	earliestDate: string | null;
	/** at the slowest week's pace; null when the slowest week had no installs (no end in sight) */
	latestDate: string | null;
}

export interface PaceOptions {
	/** whole percent of managed computers to reach; default 95 */
	targetPct?: number;
	/** full weeks measured before T; default 8 */
	weeks?: number;
}

/** Earliest creationDate among all devices (any status) of each short hostname. */
export function firstInstallByShortName(devices: readonly Device[]): Map<string, number> {
	const first = new Map<string, number>();
	for (const device of devices) {
		const ms = parseInstant(device.creationDate);
		if (ms === null) continue;
		const name = deviceShortName(device);
		const held = first.get(name);
		if (held === undefined || ms < held) first.set(name, ms);
	}
	return first;
}

/**
 * Pace of adoption of a set of managed computers and the day it reaches the target.
 *
 * What is counted as an install: a managed computer whose FIRST install (earliest creationDate of
 * any device with its short hostname, deactivated ones included) falls in the week. So a reinstall
 * (new deviceUid, same computer) and an unmanaged device (no inventory match) add nothing: neither
 * moves adoption, and the projection is of adoption.
 *
 * The weeks measured are the `weeks` (8) full Monday-to-Sunday UTC weeks that end on or before T,
 * all of them even before the first install (a rollout younger than 8 weeks is averaged over 8).
 * Days to go = ⌈remaining × 7 / installs per week⌉, counted from D: the mean gives the projected
 * date, the fastest week the earliest, the slowest week the latest.
 */
export function adoptionPace(
	entries: Iterable<ManagedEntry>,
	activeNames: ReadonlySet<string>,
	firstInstall: ReadonlyMap<string, number>,
	asOf: string,
	options: PaceOptions = {}
): Pace {
	const { start, end, weeks } = paceWindow(asOf, options);
	const weekCounts = new Array<number>(weeks).fill(0);
	let managed = 0;
	let adopted = 0;
	for (const entry of entries) {
		managed += 1;
		if (activeNames.has(entry.shortName)) adopted += 1;
		const ms = firstInstall.get(entry.shortName);
		if (ms !== undefined && ms >= start && ms < end)
			weekCounts[Math.floor((ms - start) / WEEK_MS)] += 1;
	}
	return paceOf({ managed, adopted, weekCounts }, asOf, options);
}

/**
 * The full weeks the pace is measured over: the `weeks` (8) Monday-to-Sunday UTC weeks that end
 * on or before T, from `start` (included) to `end` (excluded), in ms.
 */
export function paceWindow(
	asOf: string,
	options: PaceOptions = {}
): { start: number; end: number; weeks: number } {
	const weeks = options.weeks ?? 8;
	if (!Number.isInteger(weeks) || weeks < 1) {
		throw new RangeError(`The pace is measured over 1 or more whole weeks, not ${weeks}.`);
	}
	const end = mondayOnOrBefore(asOfInstant(asOf));
	return { start: end - weeks * WEEK_MS, end, weeks };
}

/** What the pace is worked out from: managed computers, adopted ones, and installs per week. */
export interface PaceCounts {
	managed: number;
	adopted: number;
	/** managed computers first installed in each week of `paceWindow`, oldest first */
	weekCounts: readonly number[];
}

/** Pace of adoption from its counts, and the day it reaches the target (see `adoptionPace`). */
export function paceOf(input: PaceCounts, asOf: string, options: PaceOptions = {}): Pace {
	const targetPct = options.targetPct ?? 95;
	if (!Number.isInteger(targetPct) || targetPct < 0 || targetPct > 100) {
		throw new RangeError(
			`The adoption target must be a whole percent from 0 to 100, not ${targetPct}.`
		);
	}
	const { start, weeks: weekCount } = paceWindow(asOf, options);
	const { managed, adopted, weekCounts: counts } = input;
	const weeks = counts.map((installs, i) => ({ weekStart: dayOf(start + i * WEEK_MS), installs }));
	const total = counts.reduce((a, b) => a + b, 0);
	const slowestWeek = Math.min(...counts);
	const fastestWeek = Math.max(...counts);
	const target = ceilDiv(targetPct * managed, 100);
	const remaining = Math.max(0, target - adopted);
	const pace: Pace = {
		weeks,
		perWeek: divRoundHalfUp(10 * total, weekCount) / 10,
		slowestWeek,
		fastestWeek,
		managed,
		adopted,
		target,
		remaining,
		status: 'projected',
		projectedDate: null,
		earliestDate: null,
		latestDate: null
	};
	if (managed === 0) return { ...pace, status: 'no-inventory' };
	if (remaining === 0) return { ...pace, status: 'reached' };
	if (total === 0) return { ...pace, status: 'stalled' };
	return {
		...pace,
		projectedDate: addDays(asOf, ceilDiv(remaining * 7 * weekCount, total)),
		earliestDate: addDays(asOf, ceilDiv(remaining * 7, fastestWeek)),
		latestDate: slowestWeek > 0 ? addDays(asOf, ceilDiv(remaining * 7, slowestWeek)) : null
	};
}

export interface PaceFigures {
	college: Pace;
	/** every department code plus UNASSIGNED, sorted by code with UNASSIGNED last */
	byDepartment: Map<string, Pace>;
}

/** Pace and projected 95% day of the college and of each department. */
export function paceByDepartment(
	state: Pick<DashboardState, 'asOf' | 'departments' | 'devices' | 'managed' | 'managedOn'>,
	options: PaceOptions = {}
): PaceFigures {
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(managedOnDay(state), resolver);
	const activeNames = activeShortNames(state.devices);
	const firstInstall = firstInstallByShortName(state.devices);
	const groups = new Map<string, ManagedEntry[]>();
	for (const code of [...resolver.codes, UNASSIGNED]) groups.set(code, []);
	for (const entry of inventory.values()) groups.get(entry.department)?.push(entry);
	const byDepartment = new Map<string, Pace>();
	for (const [code, entries] of groups) {
		byDepartment.set(code, adoptionPace(entries, activeNames, firstInstall, state.asOf, options));
	}
	return {
		college: adoptionPace(inventory.values(), activeNames, firstInstall, state.asOf, options),
		byDepartment
	};
}
