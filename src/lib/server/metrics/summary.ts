// The figures of the rollout pages (departments, backup health, a device), put together from the
// rules of rollout.ts, health.ts and departments.ts so that every page counts the same way the
// `npm run report` JSON does.
import { asOfInstant } from './asof';
import {
	createDepartmentResolver,
	departmentOfDevice,
	deviceShortName,
	indexManaged,
	UNASSIGNED,
	type DepartmentResolver,
	type DeviceDepartmentSource,
	type ManagedEntry
} from './departments';
import {
	firstBackupProgress,
	osFamily,
	type FirstBackupProgress,
	type OsFamily
} from './firstbackup';
import {
	addToHealthCounts,
	emptyHealthCounts,
	healthAt,
	type BackupAlert,
	type HealthCounts
} from './health';
import { nameKey } from './names';
import {
	adoptionByDepartment,
	distinctDevices,
	isActiveStatus,
	paceByDepartment,
	type Pace,
	type PaceOptions
} from './rollout';
import { nodeKey, nodeSavings } from './savings';
import { rolloutStarts } from './stragglers';
import type { DashboardState, Department, Device, HealthBucket } from './types';

export interface DepartmentSummary {
	code: string;
	/** the department's name; 'Unassigned' for UNASSIGNED */
	name: string;
	managed: number;
	adopted: number;
	adoptionPct: number | null;
	/** devices the device rule places here, deactivated ones included */
	installed: number;
	active: number;
	health: HealthCounts;
	/** managed computers with no active device: managed − adopted */
	stragglers: number;
	/** Monday of the week of the earliest install; null before any */
	rolloutBegan: string | null;
	pace: Pace;
}

export interface DepartmentSummaries {
	college: DepartmentSummary;
	/** every department plus UNASSIGNED, by code with UNASSIGNED last */
	departments: DepartmentSummary[];
}

interface Tally {
	installed: number;
	active: number;
	health: HealthCounts;
}

/** Adoption, health, stragglers and pace of the college and of every department, in one go. */
export function departmentSummaries(
	state: DashboardState,
	options: PaceOptions = {}
): DepartmentSummaries {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const adoption = adoptionByDepartment(state);
	const pace = paceByDepartment(state, options);
	const starts = rolloutStarts(state);
	const names = new Map(state.departments.map((d) => [d.code.trim(), d.name]));

	const codes = [...resolver.codes, UNASSIGNED];
	const tally = (): Tally => ({ installed: 0, active: 0, health: emptyHealthCounts() });
	const tallies = new Map(codes.map((code) => [code, tally()]));
	const all = tally();
	for (const device of distinctDevices(state.devices)) {
		const code = departmentOfDevice(device, inventory, resolver).code;
		const health = healthAt(device, T, state.thresholds);
		for (const t of [tallies.get(code) as Tally, all]) {
			t.installed += 1;
			if (isActiveStatus(device.status)) t.active += 1;
			addToHealthCounts(t.health, device, health);
		}
	}

	const departments = codes.map((code): DepartmentSummary => {
		const a = adoption.byDepartment.get(code) ?? { managed: 0, adopted: 0, adoptionPct: null };
		const tally = tallies.get(code) as Tally;
		return {
			code,
			name: code === UNASSIGNED ? 'Unassigned' : (names.get(code) ?? code),
			managed: a.managed,
			adopted: a.adopted,
			adoptionPct: a.adoptionPct,
			installed: tally.installed,
			active: tally.active,
			health: tally.health,
			stragglers: a.managed - a.adopted,
			rolloutBegan: starts.get(code) ?? null,
			pace: pace.byDepartment.get(code) as Pace
		};
	});
	let began: string | null = null;
	for (const day of starts.values()) if (began === null || day < began) began = day;
	const college: DepartmentSummary = {
		code: 'ALL',
		name: 'College',
		managed: adoption.overall.managed,
		adopted: adoption.overall.adopted,
		adoptionPct: adoption.overall.adoptionPct,
		installed: all.installed,
		active: all.active,
		health: all.health,
		stragglers: adoption.overall.managed - adoption.overall.adopted,
		rolloutBegan: began,
		pace: pace.college
	};
	return { college, departments };
}

// ---------------------------------------------------------------------------------------------
// Backup health of each device

export interface DeviceHealthRow {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	username: string | null;
	department: string;
	departmentSource: DeviceDepartmentSource;
	os: string | null;
	osFamily: OsFamily;
	bucket: HealthBucket;
	failure: boolean;
	/** why the bucket is not ok, joined with '; ' (empty when ok) */
	reason: string;
	/** things worth telling that do not decide the bucket (a connection alert) */
	note: string;
	lastCompletedBackup: string | null;
	creationDate: string | null;
	worstAlert: BackupAlert | null;
	/** for a device still in its first backup: what is left to send */
	progress: FirstBackupProgress | null;
}

const BUCKET_ORDER: Record<HealthBucket, number> = { critical: 0, never: 1, warning: 2, ok: 3 };

/**
 * Every active device that has a backup health (those known only from enrollment lists have
 * none), by department (UNASSIGNED last), then short hostname, then deviceUid.
 */
export function deviceHealthRows(state: DashboardState, uploadMbps: number): DeviceHealthRow[] {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const rows: DeviceHealthRow[] = [];
	for (const device of distinctDevices(state.devices)) {
		const health = healthAt(device, T, state.thresholds);
		if (health === null) continue;
		const department = departmentOfDevice(device, inventory, resolver);
		rows.push({
			deviceUid: device.deviceUid,
			deviceName: device.deviceName,
			shortHostname: deviceShortName(device),
			username: device.username,
			department: department.code,
			departmentSource: department.source,
			os: device.os,
			osFamily: osFamily(device.os),
			bucket: health.bucket,
			failure: health.failure,
			reason: health.reasons.join('; '),
			note: health.notes.join('; '),
			lastCompletedBackup: health.lastCompletedBackup,
			creationDate: device.creationDate,
			worstAlert: health.worstAlert,
			progress: health.bucket === 'never' ? firstBackupProgress(device, uploadMbps) : null
		});
	}
	const order = new Map([...resolver.codes, UNASSIGNED].map((c, i) => [c, i]));
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return rows.sort(
		(a, b) =>
			(order.get(a.department) ?? 0) - (order.get(b.department) ?? 0) ||
			cmp(a.shortHostname, b.shortHostname) ||
			cmp(a.deviceUid, b.deviceUid)
	);
}

/** What the health page can be narrowed to; null means any. */
export interface HealthFilter {
	department: string | null;
	os: OsFamily | null;
	/** a bucket, or 'failures' (critical, or never past the grace), or null for every active device */
	bucket: HealthBucket | 'failures' | null;
}

export function matchesHealthFilter(row: DeviceHealthRow, filter: HealthFilter): boolean {
	if (filter.department !== null && row.department !== filter.department) return false;
	if (filter.os !== null && row.osFamily !== filter.os) return false;
	if (filter.bucket === 'failures') return row.failure;
	return filter.bucket === null || row.bucket === filter.bucket;
}

/** The rows of a filter, worst bucket first (critical, never, warning, ok), then in their order. */
export function filterHealthRows(
	rows: readonly DeviceHealthRow[],
	filter: HealthFilter
): DeviceHealthRow[] {
	return rows
		.map((row, i) => ({ row, i }))
		.filter(({ row }) => matchesHealthFilter(row, filter))
		.sort((a, b) => BUCKET_ORDER[a.row.bucket] - BUCKET_ORDER[b.row.bucket] || a.i - b.i)
		.map(({ row }) => row);
}

/** Bucket counts and failures of some rows (`unknown` stays 0: such devices have no row). */
export function countHealthRows(rows: Iterable<DeviceHealthRow>): HealthCounts {
	const counts = emptyHealthCounts();
	for (const row of rows) {
		counts[row.bucket] += 1;
		if (row.failure) counts.failures += 1;
	}
	return counts;
}

/** Devices still in their first backup, the most data to send first (unknown amounts last). */
export function firstBackupsInProgress(rows: readonly DeviceHealthRow[]): DeviceHealthRow[] {
	const left = (r: DeviceHealthRow) => r.progress?.bytesToSend ?? -1;
	return rows.filter((r) => r.progress !== null).sort((a, b) => left(b) - left(a));
}

// ---------------------------------------------------------------------------------------------
// How a device's department was decided

export interface DepartmentExplanation {
	code: string;
	source: DeviceDepartmentSource;
	/** the device's short hostname, the key into the inventory */
	shortHostname: string;
	/** the inventory's computer of the same short hostname, if any */
	computerName: string | null;
	/** that computer's Department as the inventory writes it */
	inventoryDepartment: string | null;
	/** whether that text names a known department (if not, the orgName decides) */
	inventoryDepartmentKnown: boolean;
	orgName: string | null;
	/** how the orgName matched the department, when it decided */
	orgMatchedBy: 'code' | 'name' | 'alias' | null;
}

/** The department of a device (domain.md's rule) and the facts that decided it. */
export function explainDeviceDepartment(
	device: Pick<Device, 'shortHostname' | 'deviceName' | 'orgName'>,
	inventory: ReadonlyMap<string, ManagedEntry>,
	resolver: DepartmentResolver,
	departments: readonly Department[]
): DepartmentExplanation {
	const decided = departmentOfDevice(device, inventory, resolver);
	const shortName = deviceShortName(device);
	const entry = inventory.get(shortName) ?? null;
	let orgMatchedBy: DepartmentExplanation['orgMatchedBy'] = null;
	if (decided.source === 'orgName') {
		const key = nameKey(device.orgName);
		const department = departments.find((d) => d.code.trim() === decided.code);
		if (department && nameKey(department.code) === key) orgMatchedBy = 'code';
		else if (department && nameKey(department.name) === key) orgMatchedBy = 'name';
		else orgMatchedBy = 'alias';
	}
	return {
		code: decided.code,
		source: decided.source,
		shortHostname: shortName,
		computerName: entry?.computer.computerName ?? null,
		inventoryDepartment: entry?.computer.department ?? null,
		inventoryDepartmentKnown: entry?.departmentKnown ?? false,
		orgName: device.orgName,
		orgMatchedBy
	};
}

// ---------------------------------------------------------------------------------------------
// UNASSIGNED devices, to fix

export interface UnassignedDevice {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	orgName: string | null;
	username: string | null;
	status: string;
	os: string | null;
	creationDate: string | null;
	lastConnected: string | null;
	/** the inventory lists the computer, but under a Department text that names no department */
	inventoryDepartment: string | null;
	/** the text that, added as an alias of the right department, places the device */
	aliasToAdd: string | null;
}

/**
 * Devices in UNASSIGNED (every status: a deactivated one still counts as installed), by short
 * hostname. The fix is an alias for the text that failed to match (the inventory's Department,
 * else the orgName), or an inventory that lists the computer.
 */
export function unassignedDevices(
	state: Pick<DashboardState, 'departments' | 'devices' | 'managed'>
): UnassignedDevice[] {
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const rows: UnassignedDevice[] = [];
	for (const device of distinctDevices(state.devices)) {
		if (departmentOfDevice(device, inventory, resolver).code !== UNASSIGNED) continue;
		const shortName = deviceShortName(device);
		const entry = inventory.get(shortName);
		const inventoryDepartment = entry ? entry.computer.department : null;
		const alias = [inventoryDepartment, device.orgName].find((t) => nameKey(t) !== '') ?? null;
		rows.push({
			deviceUid: device.deviceUid,
			deviceName: device.deviceName,
			shortHostname: shortName,
			orgName: device.orgName,
			username: device.username,
			status: device.status,
			os: device.os,
			creationDate: device.creationDate,
			lastConnected: device.lastConnected,
			inventoryDepartment,
			aliasToAdd: alias === null ? null : alias.trim()
		});
	}
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return rows.sort(
		(a, b) => cmp(a.shortHostname, b.shortHostname) || cmp(a.deviceUid, b.deviceUid)
	);
}

/** The department of every device of the state (any status), by deviceUid. */
export function departmentByDevice(
	state: Pick<DashboardState, 'departments' | 'devices' | 'managed'>
): Map<string, string> {
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const map = new Map<string, string>();
	for (const device of distinctDevices(state.devices)) {
		map.set(device.deviceUid, departmentOfDevice(device, inventory, resolver).code);
	}
	return map;
}

export interface UnassignedNode {
	nodename: string;
	account: string;
	/** the Department of its latest charge as written (it names no department), or null */
	chargeDepartment: string | null;
	lastMonth: string;
	latestChargeCents: number;
	retired: boolean;
	linkedDeviceUids: string[];
	/** the text that, added as an alias of the right department, places the node */
	aliasToAdd: string;
}

/**
 * EZ-Backup nodes in UNASSIGNED, by node. The fix is an alias: for the Department text of its
 * latest charge when it has one, else for its account (or a link to a device that is placed).
 */
export function unassignedNodes(
	state: Pick<
		DashboardState,
		'asOf' | 'departments' | 'devices' | 'managed' | 'charges' | 'handLinks' | 'thresholds'
	>
): UnassignedNode[] {
	const nodes = nodeSavings(state).nodes.filter((n) => n.department === UNASSIGNED);
	if (nodes.length === 0) return [];
	const wanted = new Map(nodes.map((n) => [n.nodeKey, n]));
	const text = new Map<string, string | null>();
	for (const charge of state.charges) {
		const node = wanted.get(nodeKey(charge.nodename));
		if (node && charge.month.trim() === node.lastMonth) text.set(node.nodeKey, charge.department);
	}
	return nodes.map((n) => {
		const written = text.get(n.nodeKey) ?? null;
		const chargeDepartment = written !== null && written.trim() !== '' ? written.trim() : null;
		return {
			nodename: n.nodename,
			account: n.account,
			chargeDepartment,
			lastMonth: n.lastMonth,
			latestChargeCents: n.latestChargeCents,
			retired: n.retired,
			linkedDeviceUids: n.linkedDeviceUids,
			aliasToAdd: chargeDepartment ?? n.account.trim()
		};
	});
}
