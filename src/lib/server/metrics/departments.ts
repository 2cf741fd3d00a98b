import { parseDay } from './asof';
import { nameKey, shortHostname } from './names';
import type { Charge, DashboardState, Department, Device, ManagedComputer } from './types';

/** Where nothing names a department. It is listed with, and counted like, the real departments. */
export const UNASSIGNED = 'UNASSIGNED';

export interface DepartmentResolver {
	/** Department codes as given, sorted by code (UNASSIGNED not included). */
	readonly codes: readonly string[];
	/** The code whose code, name or alias equals the text (case and spaces ignored); else null. */
	resolve(text: string | null | undefined): string | null;
	/** The department that lists the account, or a '-'-separated prefix of it, as an alias. */
	resolveAccount(account: string | null | undefined): string | null;
}

/** Every department code plus UNASSIGNED: sorted by code, UNASSIGNED last. */
export function departmentCodes(departments: readonly Department[]): string[] {
	return [...createDepartmentResolver(departments).codes, UNASSIGNED];
}

/** Sort order of department codes: by code (plain code-unit order), UNASSIGNED last. */
export function compareDepartmentCodes(a: string, b: string): number {
	if (a === b) return 0;
	if (a === UNASSIGNED) return 1;
	if (b === UNASSIGNED) return -1;
	return a < b ? -1 : 1;
}

/**
 * Maps a code, name or alias to a department code. When two departments claim the same text, a
 * code beats a name and a name beats an alias; between equals, the department listed first wins.
 */
export function createDepartmentResolver(departments: readonly Department[]): DepartmentResolver {
	const byCode = new Map<string, string>();
	const byName = new Map<string, string>();
	const byAlias = new Map<string, string>();
	const setFirst = (map: Map<string, string>, text: string, code: string) => {
		const key = nameKey(text);
		if (key !== '' && !map.has(key)) map.set(key, code);
	};
	const codes = new Set<string>();
	for (const department of departments) {
		const code = department.code.trim();
		if (code === '' || code === UNASSIGNED) continue;
		codes.add(code);
		setFirst(byCode, code, code);
		setFirst(byName, department.name, code);
		for (const alias of department.aliases) setFirst(byAlias, alias, code);
	}
	// A few dozen spellings recur over thousands of devices and charges: resolve each once.
	const memo = new Map<string, string | null>();
	return {
		codes: [...codes].sort(compareDepartmentCodes),
		resolve(text) {
			if (!text) return null;
			let code = memo.get(text);
			if (code === undefined) {
				const key = nameKey(text);
				code = key === '' ? null : (byCode.get(key) ?? byName.get(key) ?? byAlias.get(key) ?? null);
				memo.set(text, code);
			}
			return code;
		},
		resolveAccount(account) {
			// Aliases may be whole accounts or account prefixes ("Aliases are other spellings seen in
			// ... account prefixes"): the longest alias that is the account or a '-'-separated
			// prefix of it wins, so 'IT-ANS1004' claims 'IT-ANS1004-_____-6601-___'.
			const key = nameKey(account);
			if (key === '') return null;
			const whole = byAlias.get(key);
			if (whole !== undefined) return whole;
			for (let i = key.lastIndexOf('-'); i > 0; i = key.lastIndexOf('-', i - 1)) {
				const code = byAlias.get(key.slice(0, i).trim());
				if (code !== undefined) return code;
			}
			return null;
		}
	};
}

/** A managed computer with its short name and resolved department. */
export interface ManagedEntry {
	computer: ManagedComputer;
	shortName: string;
	/** the inventory's department resolved to a code; UNASSIGNED when it names none we know */
	department: string;
	/** whether the inventory's department text named a known department */
	departmentKnown: boolean;
}

/** The computers managed on the state's day: adoption counts these (DashboardState.managedOn). */
export function managedOnDay(state: Pick<DashboardState, 'managed' | 'managedOn'>) {
	return state.managedOn ?? state.managed;
}

/** The short name a managed computer is matched on (its `shortName`, else its `Computer Name`). */
export function managedShortName(computer: ManagedComputer): string {
	return shortHostname(computer.shortName, computer.computerName);
}

/**
 * The inventory by short name. Two rows with the same short name are one computer (counted once
 * in adoption): the row seen most recently (`lastSeen`) wins, the first listed on a tie.
 */
export function indexManaged(
	managed: readonly ManagedComputer[],
	resolver: DepartmentResolver
): Map<string, ManagedEntry> {
	const index = new Map<string, ManagedEntry>();
	const seen = (c: ManagedComputer) =>
		c.lastSeen ? (parseDay(c.lastSeen) ?? -Infinity) : -Infinity;
	for (const computer of managed) {
		const shortName = managedShortName(computer);
		if (shortName === '') continue;
		const held = index.get(shortName);
		if (held && seen(held.computer) >= seen(computer)) continue;
		const code = resolver.resolve(computer.department);
		index.set(shortName, {
			computer,
			shortName,
			department: code ?? UNASSIGNED,
			departmentKnown: code !== null
		});
	}
	return index;
}

/** The short hostname a device is matched on (its `shortHostname`, else its `deviceName`). */
export function deviceShortName(device: Pick<Device, 'shortHostname' | 'deviceName'>): string {
	return shortHostname(device.shortHostname, device.deviceName);
}

export type DeviceDepartmentSource = 'inventory' | 'orgName' | 'unassigned';

export interface DeviceDepartment {
	code: string;
	/** how it was decided, for the page that lists devices to fix */
	source: DeviceDepartmentSource;
}

/**
 * Department of a device: the inventory's department for the same short hostname; else the
 * department whose code, name or alias equals the Code42 orgName; else UNASSIGNED. An inventory row
 * whose department names no known department does not decide: the orgName gets its chance.
 */
export function departmentOfDevice(
	device: Pick<Device, 'shortHostname' | 'deviceName' | 'orgName'>,
	inventory: ReadonlyMap<string, ManagedEntry>,
	resolver: DepartmentResolver
): DeviceDepartment {
	const entry = inventory.get(deviceShortName(device));
	if (entry && entry.departmentKnown) return { code: entry.department, source: 'inventory' };
	const byOrg = resolver.resolve(device.orgName);
	if (byOrg !== null) return { code: byOrg, source: 'orgName' };
	return { code: UNASSIGNED, source: 'unassigned' };
}

export type NodeDepartmentSource = 'charge' | 'account' | 'device' | 'unassigned';

export interface NodeDepartment {
	code: string;
	source: NodeDepartmentSource;
}

/**
 * Department of an EZ-Backup node: its latest charge's Department (by code, name or alias); else
 * the department that lists the latest charge's account as an alias; else its linked devices'
 * department (the first that is not UNASSIGNED, in the order given: callers put active devices
 * first, then the most recently installed); else UNASSIGNED.
 */
export function departmentOfNode(
	latestCharge: Pick<Charge, 'department' | 'account'> | null,
	linkedDeviceDepartments: readonly string[],
	resolver: DepartmentResolver
): NodeDepartment {
	if (latestCharge) {
		const byCharge = resolver.resolve(latestCharge.department);
		if (byCharge !== null) return { code: byCharge, source: 'charge' };
		const byAccount = resolver.resolveAccount(latestCharge.account);
		if (byAccount !== null) return { code: byAccount, source: 'account' };
	}
	const byDevice = linkedDeviceDepartments.find((code) => code !== UNASSIGNED);
	if (byDevice !== undefined) return { code: byDevice, source: 'device' };
	return { code: UNASSIGNED, source: 'unassigned' };
}
