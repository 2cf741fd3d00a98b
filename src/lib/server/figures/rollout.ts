import {
	and,
	asc,
	desc,
	eq,
	exists,
	gt,
	gte,
	inArray,
	isNotNull,
	lt,
	lte,
	min,
	not,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Chunk } from '../cache';
import type { Db } from '../db';
import {
	adoptionWeeks,
	departmentDevices,
	departmentList,
	deviceStates,
	devices,
	installDays,
	inventoryLists,
	managed,
	placements
} from '../db/schema';
import { DAY_MS, dayOf, EPOCH_MONDAY_MS, mondayOnOrBefore, WEEK_MS } from '../metrics/asof';
import { UNASSIGNED } from '../metrics/departments';
import { emptyHealthCounts, type HealthCounts } from '../metrics/health';
import { percentHalfUp1 } from '../metrics/rounding';
import {
	installWeeks,
	installWeeksSpan,
	paceOf,
	paceWindow,
	type InstallWeek,
	type PaceOptions,
	type Straggler
} from '../metrics/rollout';
import type { DepartmentSummaries, DepartmentSummary } from '../metrics/summary';
import { managedOn } from '../kept/managed';
import type { At } from './at';
import {
	dayNumberOf,
	dayStart,
	healthCodeAsOf,
	healthTally,
	installOf,
	qualified,
	stateColumns,
	weekOf
} from './sql';

// The rollout figures of every department as of a day, each a query over that day's device
// states (one row per device) or the inventory: counts, health, adoption, pace, the milestone.

/** A department of the list: its code and name ('Unassigned' for UNASSIGNED). */
export interface DepartmentName {
	code: string;
	name: string;
}

/** Every department code plus UNASSIGNED, in the rule's order (by code, UNASSIGNED last). */
export function departmentNames(db: Db): DepartmentName[] {
	const listed = db
		.select({ code: departmentList.code, name: departmentList.name })
		.from(departmentList)
		.orderBy(asc(departmentList.position))
		.all();
	return [...listed, { code: UNASSIGNED, name: 'Unassigned' }];
}

/** What the device states as of a day are read with: the day, its report date, T, thresholds. */
export type StatesAt = Pick<At, 'asOf' | 'state' | 'T' | 'thresholds'>;

/** The rows of a chunk of keys of one column. */
const inChunk = <K extends string | number>(column: SQLiteColumn, { after, upTo }: Chunk<K>) =>
	and(
		after === null ? undefined : gt(column, after),
		upTo === null ? undefined : lte(column, upTo)
	);

/** The states of a report date, of a chunk of device ids (every one when none is given). */
export const statesOf = (state: string, ids?: Chunk<number>): SQL | undefined =>
	and(eq(deviceStates.asOf, state), ids && inChunk(deviceStates.deviceId, ids));

/**
 * The device states as of `at` (of some device ids), with each one's department, health code and
 * install.
 */
export function statesAt(db: Db, at: StatesAt, ids?: Chunk<number>) {
	const install = installOf(stateColumns(deviceStates));
	return db
		.select({
			deviceId: deviceStates.deviceId,
			rowId: deviceStates.rowId,
			shortName: deviceStates.shortName,
			osFamily: deviceStates.osFamily,
			active: deviceStates.active,
			// names of their own: queries join tables with columns of these names
			department: sql<string>`${placements.department}`.as('state_department'),
			code: healthCodeAsOf(deviceStates, at).as('state_code'),
			install: install.as('state_install')
		})
		.from(deviceStates)
		.innerJoin(placements, eq(placements.id, deviceStates.placement))
		.where(statesOf(at.state ?? '', ids))
		.as('states');
}

interface DeviceTally {
	installed: number;
	active: number;
	health: HealthCounts;
	/** the earliest install before T, ms */
	firstInstall: number | null;
}

/**
 * Installed, active, health and first install of each department's devices as of `at`, counted
 * from its states: the query itself, which kept/devices.ts also runs for each report date into
 * department_devices.
 */
export function deviceTallyQuery(db: Db, at: StatesAt, ids?: Chunk<number>) {
	const states = statesAt(db, at, ids);
	return db
		.select({
			asOf: sql<string>`${at.asOf}`.as('as_of'),
			department: states.department,
			...healthTally(states.code),
			firstInstall: sql<number | null>`min(CASE WHEN ${states.install} < ${at.T}
				THEN ${states.install} END)`.as('first_install')
		})
		.from(states)
		.groupBy(sql`${states.department}`);
}

/** A row of `deviceTallyQuery`, as department_devices keeps it. */
export type DeviceTallyRow = typeof departmentDevices.$inferSelect;

/**
 * The tallies of `deviceTallyQuery`: kept for a report date (the common case); for a day between
 * two, as counted when the day was worked out (figures/day-codes.ts), else counted now.
 */
function deviceTallies(db: Db, at: At): Map<string, DeviceTally> {
	const rows =
		at.state !== null && at.asOf === at.state
			? db.select().from(departmentDevices).where(eq(departmentDevices.asOf, at.state)).all()
			: (at.dayTallies ?? deviceTallyQuery(db, at).all());
	return new Map(
		rows.map(({ asOf: _, department, devices, active, firstInstall, ...health }) => [
			department,
			{
				installed: devices,
				active,
				health: { ...emptyHealthCounts(), ...health },
				firstInstall: firstInstall === null ? null : Number(firstInstall)
			}
		])
	);
}

/**
 * The college's active devices as of `at`, as departmentSummaries counts them (those of the
 * departments listed and UNASSIGNED), without the rest of the summaries.
 */
export function activeDevices(db: Db, at: At): number {
	const tallies = deviceTallies(db, at);
	return departmentNames(db).reduce((sum, d) => sum + (tallies.get(d.code)?.active ?? 0), 0);
}

/** The computers managed on D, of one department or (null) of every one. */
const managedIn = (at: Pick<At, 'asOf'>, only: string | null) =>
	and(managedOn(at.asOf), only === null ? undefined : eq(managed.department, only));

/**
 * Whether a managed computer is adopted as of `at`: an active device of the same short name. One
 * index lookup a computer (device_states_short), which at 100,000 computers costs a third of
 * gathering every active name first and looking each computer up in them.
 */
function adopted(db: Db, at: Pick<At, 'state'>): SQL {
	return exists(
		db
			.select({ one: sql`1` })
			.from(deviceStates)
			.where(
				and(
					eq(deviceStates.asOf, at.state ?? ''),
					eq(deviceStates.shortName, qualified(managed.shortName)),
					eq(deviceStates.active, true)
				)
			)
	);
}

/**
 * The computers managed on D (each source's list in force that day; of one department, or of
 * some short names), by department and by the week of their first install (metrics/rollout.ts:
 * the earliest install of any device of the same short name, deactivated ones included), with
 * how many are adopted (an active device of the same short name): adoption and pace both count
 * from it. kept/devices.ts runs it for each report date into adoption_weeks.
 */
export function adoptionWeekQuery(
	db: Db,
	at: Pick<At, 'asOf' | 'state'>,
	only: string | null = null,
	names?: Chunk<string>
) {
	// each computer's earliest install: one index lookup of its short name's states
	const states = alias(deviceStates, 'named');
	const first = sql<number | null>`(${db
		.select({ first: min(installOf(stateColumns(states))) })
		.from(states)
		.where(
			and(eq(states.asOf, at.state ?? ''), eq(states.shortName, qualified(managed.shortName)))
		)})`;
	const listed = db
		.select({
			department: managed.department,
			first: first.as('first'),
			adopted: adopted(db, at).as('is_adopted')
		})
		.from(managed)
		.where(and(managedIn(at, only), names && inChunk(managed.shortName, names)))
		.as('listed');
	return db
		.select({
			asOf: sql<string>`${at.asOf}`.as('as_of'),
			department: listed.department,
			week: weekOf(listed.first).as('week'),
			managed: sql<number>`count(*)`.mapWith(Number).as('managed'),
			adopted: sql<number>`sum(${listed.adopted})`.mapWith(Number).as('adopted')
		})
		.from(listed)
		.groupBy(listed.department, sql`week`);
}

/** A row of `adoptionWeekQuery`, as adoption_weeks keeps it. */
export type AdoptionWeekRow = typeof adoptionWeeks.$inferSelect;

/**
 * Whether the inventory in force on `day` is that of the report date `state` before it: no list
 * of any source came or went between them (a managed computer's days begin and end with lists).
 */
function sameInventory(db: Db, state: string, day: string): boolean {
	const between = (column: SQLiteColumn) => and(gt(column, state), lte(column, day));
	return (
		db
			.select({ one: sql`1` })
			.from(inventoryLists)
			.where(or(between(inventoryLists.fromDay), between(inventoryLists.untilDay)))
			.limit(1)
			.get() === undefined
	);
}

/**
 * Whether the adoption of `at` is kept (adoption_weeks): a report date's, or a later day's with
 * the same inventory in force.
 */
export const adoptionIsKept = (db: Db, at: At): boolean =>
	at.state !== null && (at.asOf === at.state || sameInventory(db, at.state, at.asOf));

/**
 * The rows of `adoptionWeekQuery` as of `at`: kept for its report date when the same inventory is
 * in force (the common case: any report date, and most days after one); for another day, as
 * counted when the day was worked out (figures/day-codes.ts), else counted now.
 */
export function adoptionWeeksAt(db: Db, at: At, only: string | null = null): AdoptionWeekRow[] {
	if (adoptionIsKept(db, at))
		return db
			.select()
			.from(adoptionWeeks)
			.where(
				and(
					eq(adoptionWeeks.asOf, at.state ?? ''),
					only === null ? undefined : eq(adoptionWeeks.department, only)
				)
			)
			.all();
	if (at.dayAdoption) return at.dayAdoption.filter((r) => only === null || r.department === only);
	return adoptionWeekQuery(db, at, only).all();
}

/**
 * Adoption, health, stragglers and pace of the college and of every department as of `at`:
 * the figures metrics/summary.ts's departmentSummaries gives from the whole state. With `only`,
 * of that one department alone (and a college of it), for its own page.
 */
export function departmentSummaries(
	db: Db,
	at: At,
	options: PaceOptions = {},
	only: string | null = null
): DepartmentSummaries {
	const devices = deviceTallies(db, at);
	if (only !== null)
		for (const code of [...devices.keys()]) if (code !== only) devices.delete(code);
	const { start, weeks: weekCount } = paceWindow(at.asOf, options);
	const firstWeek = (start - EPOCH_MONDAY_MS) / WEEK_MS;
	const adoption = new Map<string, { managed: number; adopted: number }>();
	const weeks = new Map<string, number[]>();
	for (const r of adoptionWeeksAt(db, at, only)) {
		const counts = adoption.get(r.department) ?? { managed: 0, adopted: 0 };
		counts.managed += r.managed;
		counts.adopted += r.adopted;
		adoption.set(r.department, counts);
		const i = r.week === null ? -1 : r.week - firstWeek;
		if (i < 0 || i >= weekCount) continue;
		let list = weeks.get(r.department);
		if (!list) weeks.set(r.department, (list = new Array<number>(weekCount).fill(0)));
		list[i] += r.managed;
	}
	const none = () => new Array<number>(weekCount).fill(0);
	const monday = (ms: number | null) => (ms === null ? null : dayOf(mondayOnOrBefore(ms)));

	const summary = (
		code: string,
		name: string,
		tally: DeviceTally | undefined,
		counts: { managed: number; adopted: number },
		weekCounts: number[]
	): DepartmentSummary => ({
		code,
		name,
		managed: counts.managed,
		adopted: counts.adopted,
		adoptionPct: percentHalfUp1(counts.adopted, counts.managed),
		installed: tally?.installed ?? 0,
		active: tally?.active ?? 0,
		health: tally?.health ?? emptyHealthCounts(),
		stragglers: counts.managed - counts.adopted,
		rolloutBegan: monday(tally?.firstInstall ?? null),
		pace: paceOf({ ...counts, weekCounts }, at.asOf, options)
	});

	const departments = departmentNames(db)
		.filter((d) => only === null || d.code === only)
		.map((d) =>
			summary(
				d.code,
				d.name,
				devices.get(d.code),
				adoption.get(d.code) ?? { managed: 0, adopted: 0 },
				weeks.get(d.code) ?? none()
			)
		);
	const sum = (pick: (d: DepartmentSummary) => number) =>
		departments.reduce((total, d) => total + pick(d), 0);
	const health = emptyHealthCounts();
	for (const d of departments)
		for (const key of Object.keys(health) as (keyof HealthCounts)[]) health[key] += d.health[key];
	const collegeWeeks = none().map((_, i) =>
		[...weeks.values()].reduce((total, list) => total + list[i], 0)
	);
	let first: number | null = null;
	for (const tally of devices.values()) {
		if (tally.firstInstall !== null && (first === null || tally.firstInstall < first))
			first = tally.firstInstall;
	}
	const college = summary(
		'ALL',
		'College',
		{
			installed: sum((d) => d.installed),
			active: sum((d) => d.active),
			health,
			firstInstall: first
		},
		{ managed: sum((d) => d.managed), adopted: sum((d) => d.adopted) },
		collegeWeeks
	);
	return { college, departments };
}

/**
 * The devices as of `at` with an install, deactivated ones included, by department and UTC day
 * of install, with the active ones among them: what the milestone and the installs by week count.
 * kept/devices.ts runs it for each report date into install_days; any later day until the next
 * report has the same devices, so it reads them too.
 */
export function installDayQuery(db: Db, at: StatesAt) {
	const states = statesAt(db, at);
	return db
		.select({
			asOf: sql<string>`${at.asOf}`.as('as_of'),
			department: states.department,
			day: sql<number>`${dayNumberOf(states.install)}`.as('day'),
			installs: sql<number>`count(*)`.mapWith(Number).as('installs'),
			active: sql<number>`coalesce(sum(${states.active}), 0)`.mapWith(Number).as('active')
		})
		.from(states)
		.where(isNotNull(states.install))
		.groupBy(sql`${states.department}`, sql`day`);
}

/** The kept installs of `at`'s report date, of some departments (every one when null). */
const installsOf = (at: At, departments: readonly string[] | null, more?: SQL) =>
	and(
		eq(installDays.asOf, at.state ?? ''),
		departments === null ? undefined : inArray(installDays.department, [...departments]),
		more
	);

/**
 * The UTC day of the n-th earliest install among the devices as of `at` (of some departments),
 * deactivated ones included; null when fewer have an install date.
 */
export function milestoneDate(
	db: Db,
	at: At,
	n = 1000,
	departments: readonly string[] | null = null
): string | null {
	const daily = db
		.select({ day: installDays.day, installs: sql<number>`sum(${installDays.installs})`.as('n') })
		.from(installDays)
		.where(installsOf(at, departments))
		.groupBy(installDays.day)
		.as('daily');
	const upTo = sql<number>`sum(${daily.installs}) OVER (ORDER BY ${daily.day})`;
	const running = db
		.select({ day: daily.day, upTo: upTo.as('up_to') })
		.from(daily)
		.as('running');
	const row = db
		.select({ day: running.day })
		.from(running)
		.where(gte(running.upTo, n))
		.orderBy(asc(running.day))
		.limit(1)
		.get();
	return row === undefined ? null : dayOf(row.day * DAY_MS);
}

/**
 * Cumulative installs by install week, from the week of the first install to the week of D, of
 * the devices of some departments (every one when null): metrics/rollout.ts's weeklyInstalls.
 */
export function weeklyInstalls(
	db: Db,
	at: At,
	departments: readonly string[] | null = null
): InstallWeek[] {
	const week = weekOf(dayStart(installDays.day)).mapWith(Number);
	const rows = db
		.select({
			week: week.as('week'),
			installs: sql<number>`sum(${installDays.installs})`.mapWith(Number),
			active: sql<number>`sum(${installDays.active})`.mapWith(Number)
		})
		.from(installDays)
		// installed before T, the end of D
		.where(installsOf(at, departments, lt(installDays.day, at.T / DAY_MS)))
		.groupBy(sql`week`)
		.orderBy(sql`week`)
		.all();
	if (rows.length === 0) return [];
	const { firstMonday, weekCount } = installWeeksSpan(
		EPOCH_MONDAY_MS + rows[0].week * WEEK_MS,
		at.T
	);
	const installs = new Array<number>(weekCount).fill(0);
	const active = new Array<number>(weekCount).fill(0);
	for (const r of rows) {
		installs[r.week - rows[0].week] = r.installs;
		active[r.week - rows[0].week] = r.active;
	}
	return installWeeks(firstMonday, installs, active);
}

/** Computers managed on D with no active device of the same short name, of some departments. */
function stragglerConditions(db: Db, at: At, departments: readonly string[]) {
	return and(
		managedOn(at.asOf),
		inArray(managed.department, [...departments]),
		not(adopted(db, at))
	);
}

/** How many stragglers some departments have. */
export function countStragglers(db: Db, at: At, departments: readonly string[]): number {
	return (
		db
			.select({ n: sql<number>`count(*)`.mapWith(Number) })
			.from(managed)
			.where(stragglerConditions(db, at, departments))
			.get()?.n ?? 0
	);
}

/**
 * A page of the stragglers (metrics/rollout.ts), by department (UNASSIGNED last) then short
 * name, each with the deactivated devices of its name: a reinstall to chase. In the order 'chase'
 * (the weekly digest's ten to chase first), the computers the inventory saw most recently come
 * first: they are in use, so someone can be reached at them.
 */
export function stragglerPage(
	db: Db,
	at: At,
	departments: readonly string[],
	page: { limit: number; offset: number } | null,
	order: 'list' | 'chase' = 'list'
): Straggler[] {
	const position = sql`coalesce((SELECT ${departmentList.position} FROM ${departmentList}
		WHERE ${departmentList.code} = ${qualified(managed.department)}), 1e9)`;
	const seen = order === 'chase' ? [sql`${managed.lastSeen} IS NULL`, desc(managed.lastSeen)] : [];
	let query = db
		.select({
			computerName: managed.computerName,
			shortName: managed.shortName,
			department: managed.department,
			os: managed.os,
			lastSeen: managed.lastSeen
		})
		.from(managed)
		.where(stragglerConditions(db, at, departments))
		.orderBy(...seen, asc(position), asc(managed.shortName))
		.$dynamic();
	if (page) query = query.limit(page.limit).offset(page.offset);
	const rows = query.all();
	if (rows.length === 0) return [];
	const inactive = new Map<string, string[]>();
	for (const d of db
		.select({ shortName: deviceStates.shortName, uid: devices.uid })
		.from(deviceStates)
		.innerJoin(devices, eq(devices.id, deviceStates.deviceId))
		.where(
			and(
				eq(deviceStates.asOf, at.state ?? ''),
				eq(deviceStates.active, false),
				inArray(
					deviceStates.shortName,
					rows.map((r) => r.shortName)
				)
			)
		)
		.orderBy(asc(devices.uid))
		.all()) {
		const list = inactive.get(d.shortName);
		if (list) list.push(d.uid);
		else inactive.set(d.shortName, [d.uid]);
	}
	return rows.map((r) => ({ ...r, inactiveDeviceUids: inactive.get(r.shortName) ?? [] }));
}
