import { asOfInstant } from './asof';
import {
	createDepartmentResolver,
	departmentOfDevice,
	indexManaged,
	managedOnDay,
	UNASSIGNED,
	type DepartmentResolver
} from './departments';
import {
	addToHealthCounts,
	emptyHealthCounts,
	healthAt,
	type DeviceHealth,
	type HealthCounts
} from './health';
import { nameKey } from './names';
import { percentHalfUp1 } from './rounding';
import { activeShortNames, distinctDevices, isActiveStatus, milestoneDate } from './rollout';
import {
	nodeSavings,
	savingsByDepartment,
	sumSavings,
	type DeviceFacts,
	type SavingsFigures
} from './savings';
import type { DashboardState, Device } from './types';

export interface DepartmentReport {
	code: string;
	/** devices of the department (device department rule), deactivated ones included */
	installed: number;
	active: number;
	/** managed computers of the department (the inventory's department) */
	managed: number;
	adopted: number;
	/** adopted / managed, one decimal, half up; null when the department has no inventory */
	adoptionPct: number | null;
	/** failing devices of the department */
	failures: number;
	realizedSavingsCents: number;
	eligibleMonthlyCents: number;
	projectedAnnualCents: number;
}

export interface Report {
	asOf: string;
	/** the department the figures are limited to; null for the whole college */
	department: string | null;
	devices: {
		installed: number;
		active: number;
		/** UTC day of the 1,000th install, or null before it */
		milestone1000: string | null;
		managed: number;
		adopted: number;
		adoptionPct: number | null;
	};
	health: HealthCounts;
	savings: {
		latestBilledMonth: string | null;
		realizedCents: number;
		eligibleMonthlyCents: number;
		runRateCents: number;
		projectedAnnualCents: number;
		retiredNodes: number;
		eligibleNodes: number;
		billedNodes: number;
		/** central Code42 cost: active devices × the per-device monthly setting; null while unset */
		code42MonthlyCents: number | null;
		/** projected annual savings minus 12 months of the central Code42 cost; null while unset */
		netAnnualCents: number | null;
	};
	/** every department plus UNASSIGNED, by code with UNASSIGNED last; one entry when filtered */
	departments: DepartmentReport[];
}

export interface ReportOptions {
	/** a department code (also accepted: its name or an alias, or UNASSIGNED) */
	department?: string;
}

/** The code a department option names; throws a readable error when it names none. */
export function resolveDepartmentOption(text: string, resolver: DepartmentResolver): string {
	if (nameKey(text) === nameKey(UNASSIGNED)) return UNASSIGNED;
	const code = resolver.resolve(text);
	if (code === null) {
		throw new RangeError(
			`Unknown department "${text}": give a department code, name or alias, or ${UNASSIGNED}.`
		);
	}
	return code;
}

interface DepartmentTally {
	devices: Device[];
	installed: number;
	active: number;
	managed: number;
	adopted: number;
	health: HealthCounts;
}

/**
 * The figures of `npm run report`, as of state.asOf, for the college or, with
 * `options.department`, for that department alone (every figure, the milestone included).
 * One pass over devices, the inventory and the charges: O(n) with maps.
 */
export function buildReport(state: DashboardState, options: ReportOptions = {}): Report {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const only =
		options.department === undefined ? null : resolveDepartmentOption(options.department, resolver);
	const codes = [...resolver.codes, UNASSIGNED];
	const inventory = indexManaged(state.managed, resolver);
	const devices = distinctDevices(state.devices);
	const activeNames = activeShortNames(devices);

	const tallies = new Map<string, DepartmentTally>();
	const tallyOf = (code: string) => {
		let tally = tallies.get(code);
		if (!tally) {
			tally = {
				devices: [],
				installed: 0,
				active: 0,
				managed: 0,
				adopted: 0,
				health: emptyHealthCounts()
			};
			tallies.set(code, tally);
		}
		return tally;
	};
	for (const code of codes) tallyOf(code);
	const facts: DeviceFacts = { health: new Map(), department: new Map() };
	for (const device of devices) {
		const code = departmentOfDevice(device, inventory, resolver).code;
		const health = healthAt(device, T, state.thresholds);
		(facts.department as Map<string, string>).set(device.deviceUid, code);
		(facts.health as Map<string, DeviceHealth | null>).set(device.deviceUid, health);
		const tally = tallyOf(code);
		tally.devices.push(device);
		tally.installed += 1;
		if (isActiveStatus(device.status)) tally.active += 1;
		addToHealthCounts(tally.health, device, health);
	}
	// the devices are placed by the inventory in force now; adoption counts the computers managed
	// on the day
	for (const entry of indexManaged(managedOnDay(state), resolver).values()) {
		const tally = tallyOf(entry.department);
		tally.managed += 1;
		if (activeNames.has(entry.shortName)) tally.adopted += 1;
	}

	const { latestBilledMonth, nodes } = nodeSavings(state, facts);
	const savings = savingsByDepartment(nodes, codes);

	const listed = only === null ? codes : [only];
	const departments: DepartmentReport[] = listed.map((code) => {
		const tally = tallyOf(code);
		const money = savings.get(code) as SavingsFigures;
		return {
			code,
			installed: tally.installed,
			active: tally.active,
			managed: tally.managed,
			adopted: tally.adopted,
			adoptionPct: percentHalfUp1(tally.adopted, tally.managed),
			failures: tally.health.failures,
			realizedSavingsCents: money.realizedCents,
			eligibleMonthlyCents: money.eligibleMonthlyCents,
			projectedAnnualCents: money.projectedAnnualCents
		};
	});

	let scopeDevices: readonly Device[];
	let health: HealthCounts;
	let money: SavingsFigures;
	let managed = 0;
	let adopted = 0;
	let active = 0;
	if (only === null) {
		scopeDevices = devices;
		health = emptyHealthCounts();
		for (const tally of tallies.values()) {
			for (const key of Object.keys(health) as (keyof HealthCounts)[])
				health[key] += tally.health[key];
			managed += tally.managed;
			adopted += tally.adopted;
			active += tally.active;
		}
		money = sumSavings(nodes);
	} else {
		const tally = tallyOf(only);
		scopeDevices = tally.devices;
		health = tally.health;
		managed = tally.managed;
		adopted = tally.adopted;
		active = tally.active;
		money = savings.get(only) as SavingsFigures;
	}
	const cost = state.code42CentsPerDeviceMonth ?? null;
	const code42MonthlyCents = cost === null ? null : active * cost;

	return {
		asOf: state.asOf,
		department: only,
		devices: {
			installed: scopeDevices.length,
			active,
			milestone1000: milestoneDate(scopeDevices, 1000),
			managed,
			adopted,
			adoptionPct: percentHalfUp1(adopted, managed)
		},
		health,
		savings: {
			latestBilledMonth,
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
		departments
	};
}
