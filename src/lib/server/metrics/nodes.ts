import { asOfInstant, monthNumber } from './asof';
import { createDepartmentResolver, departmentOfDevice, indexManaged } from './departments';
import { healthAt, type DeviceHealth } from './health';
import { distinctDevices, isActiveStatus } from './rollout';
import { nodeKey, nodeSavings, type DeviceFacts, type NodeSavings } from './savings';
import { addMonths, monthOfNumber } from './spend';
import type { DashboardState, Device, HealthBucket } from './types';
import type { TurnOff } from '../../turn-off';

// The EZ-Backup nodes as the savings pages list them: each with its latest size and charge,
// whether it is still billed, and the devices it is linked to with their backup health.

export interface AssessedDevices extends DeviceFacts {
	byUid: ReadonlyMap<string, Device>;
}

/** Health and department of every distinct device, once, for all the figures of a page. */
export function assessDevices(
	state: Pick<DashboardState, 'asOf' | 'departments' | 'devices' | 'managed' | 'thresholds'>
): AssessedDevices {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const health = new Map<string, DeviceHealth | null>();
	const department = new Map<string, string>();
	const byUid = new Map<string, Device>();
	for (const device of distinctDevices(state.devices)) {
		byUid.set(device.deviceUid, device);
		health.set(device.deviceUid, healthAt(device, T, state.thresholds));
		department.set(device.deviceUid, departmentOfDevice(device, inventory, resolver).code);
	}
	return { health, department, byUid };
}

export interface LinkedDevice {
	deviceUid: string;
	deviceName: string;
	/** the Code42 user, when the export names one: the person to ask */
	username: string | null;
	status: string;
	/** its status starts with Active */
	active: boolean;
	/** null: no backup health (not active, or known from enrollment lists only) */
	health: HealthBucket | null;
	lastCompletedBackup: string | null;
	/** linked by an administrator rather than by the name rule */
	byHand: boolean;
}

export interface NodeRow {
	nodeKey: string;
	nodename: string;
	account: string;
	department: string;
	/** Total size on its latest charge, in bytes (null when the file gave none) */
	sizeBytes: number | null;
	latestChargeCents: number;
	firstMonth: string;
	lastMonth: string;
	status: 'billed' | 'retired';
	/** billed: its first billed month; retired: the first month without a charge */
	sinceMonth: string;
	baselineCents: number;
	realizedCents: number;
	eligible: boolean;
	/** on the "Turn off now" list, or why not (turnOffStatus) */
	turnOff: TurnOff;
	devices: LinkedDevice[];
}

/** What the "Turn off now" rule reads of a linked device. */
export interface LinkFacts {
	active: boolean;
	/** null: no backup health (not active, or known from enrollment lists only) */
	health: HealthBucket | null;
}

const working = (d: LinkFacts) => d.active && (d.health === 'ok' || d.health === 'warning');

/**
 * Whether a node is on the "Turn off now" list (domain.md's eligible: a linked device active, with
 * a completed backup and health ok or warning), and if not, why: the first that applies of no
 * linked device, none of them active, one in its first backup, one critical, and active devices
 * no backup report has shown (enrollment lists only). A retired node is no longer billed.
 */
export function turnOffStatus(retired: boolean, devices: readonly LinkFacts[]): TurnOff {
	if (retired) return 'retired';
	if (devices.some(working)) return 'now';
	if (devices.length === 0) return 'no-device';
	if (!devices.some((d) => d.active)) return 'not-active';
	if (devices.some((d) => d.active && d.health === 'never')) return 'first-backup';
	if (devices.some((d) => d.active && d.health === 'critical')) return 'critical';
	return 'no-backup-data';
}

/** The linked devices that hold a node back, for its status: their users are the ones to ask. */
export function devicesHoldingBack<T extends LinkFacts>(
	status: TurnOff,
	devices: readonly T[]
): T[] {
	switch (status) {
		case 'not-active':
			return devices.filter((d) => !d.active);
		case 'first-backup':
			return devices.filter((d) => d.active && d.health === 'never');
		case 'critical':
			return devices.filter((d) => d.active && d.health === 'critical');
		default:
			return [];
	}
}

/**
 * One row per node of `nodes` (in their order), with the size of its latest charge and its
 * linked devices (active ones first, then by name).
 */
export function nodeRows(
	state: Pick<DashboardState, 'charges' | 'handLinks'>,
	nodes: readonly NodeSavings[],
	devices: AssessedDevices
): NodeRow[] {
	const latest = new Map<string, string>(); // node key → its last month
	for (const node of nodes) latest.set(node.nodeKey, node.lastMonth);
	const size = new Map<string, number | null>();
	const keys = new Map<string, string>(); // each nodename's key, worked out once
	for (const charge of state.charges) {
		let key = keys.get(charge.nodename);
		if (key === undefined) keys.set(charge.nodename, (key = nodeKey(charge.nodename)));
		// the later charge of the same node and month wins, as in nodeSavings
		if (latest.get(key) === charge.month.trim()) size.set(key, charge.totalBytes);
	}
	const byHand = new Set<string>();
	for (const link of state.handLinks) {
		const pair = `${nodeKey(link.nodename)}\u0000${link.deviceUid}`;
		if (link.linked) byHand.add(pair);
		else byHand.delete(pair);
	}
	return nodes.map((node) => {
		const linked: LinkedDevice[] = node.linkedDeviceUids.map((uid) => {
			const device = devices.byUid.get(uid) as Device;
			const health = devices.health.get(uid) ?? null;
			return {
				deviceUid: uid,
				deviceName: device.deviceName,
				username: device.username,
				status: device.status,
				active: isActiveStatus(device.status),
				health: health?.bucket ?? null,
				lastCompletedBackup: health?.lastCompletedBackup ?? null,
				byHand: byHand.has(`${node.nodeKey}\u0000${uid}`)
			};
		});
		linked.sort(
			(a, b) =>
				Number(b.health !== null) - Number(a.health !== null) ||
				a.deviceName.localeCompare(b.deviceName) ||
				a.deviceUid.localeCompare(b.deviceUid)
		);
		return {
			nodeKey: node.nodeKey,
			nodename: node.nodename,
			account: node.account,
			department: node.department,
			sizeBytes: size.get(node.nodeKey) ?? null,
			latestChargeCents: node.latestChargeCents,
			firstMonth: node.firstMonth,
			lastMonth: node.lastMonth,
			status: node.retired ? 'retired' : 'billed',
			sinceMonth: node.retired ? addMonths(node.lastMonth, 1) : node.firstMonth,
			baselineCents: node.baselineCents,
			realizedCents: node.realizedCents,
			eligible: node.eligible,
			turnOff: turnOffStatus(node.retired, linked),
			devices: linked
		};
	});
}

export interface TurnOffAccount {
	account: string;
	monthlyCents: number;
	nodes: NodeRow[];
}

export interface TurnOffDepartment {
	department: string;
	monthlyCents: number;
	nodeCount: number;
	accounts: TurnOffAccount[];
}

/**
 * The eligible nodes, grouped by department (in the order the rows come) and then by account
 * (sorted), nodes by name: the list of EZ-Backup accounts to cancel now.
 */
export function turnOffList(rows: readonly NodeRow[]): TurnOffDepartment[] {
	const departments = new Map<string, Map<string, NodeRow[]>>();
	for (const row of rows) {
		if (!row.eligible) continue;
		let accounts = departments.get(row.department);
		if (!accounts) departments.set(row.department, (accounts = new Map()));
		const list = accounts.get(row.account);
		if (list) list.push(row);
		else accounts.set(row.account, [row]);
	}
	const sum = (list: readonly NodeRow[]) => list.reduce((s, r) => s + r.latestChargeCents, 0);
	return [...departments].map(([department, accounts]) => {
		const groups = [...accounts]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([account, nodes]) => ({
				account,
				monthlyCents: sum(nodes),
				nodes: [...nodes].sort((a, b) => (a.nodeKey < b.nodeKey ? -1 : 1))
			}));
		return {
			department,
			monthlyCents: groups.reduce((s, g) => s + g.monthlyCents, 0),
			nodeCount: groups.reduce((s, g) => s + g.nodes.length, 0),
			accounts: groups
		};
	});
}

export interface SavingsSentence {
	department: string;
	latestBilledMonth: string | null;
	/** realized savings to date */
	realizedCents: number;
	/** the first month a retired node of the department was not billed; null when none is retired */
	sinceMonth: string | null;
	/** what the eligible nodes cost each month, saved once they are turned off */
	eligibleMonthlyCents: number;
	eligibleNodes: number;
}

/** The figures of a manager's sentence: "Saved $X since <month>; $Y more a month once these N accounts are turned off". */
export function savingsSentence(
	nodes: readonly NodeSavings[],
	latestBilledMonth: string | null,
	department: string
): SavingsSentence {
	let realizedCents = 0;
	let eligibleMonthlyCents = 0;
	let eligibleNodes = 0;
	let since: number | null = null;
	for (const node of nodes) {
		if (node.department !== department) continue;
		if (node.retired) {
			realizedCents += node.realizedCents;
			const first = (monthNumber(node.lastMonth) as number) + 1;
			if (since === null || first < since) since = first;
		}
		if (node.eligible) {
			eligibleNodes += 1;
			eligibleMonthlyCents += node.eligibleMonthlyCents;
		}
	}
	return {
		department,
		latestBilledMonth,
		realizedCents,
		sinceMonth: since === null ? null : monthOfNumber(since),
		eligibleMonthlyCents,
		eligibleNodes
	};
}

/** The manager's sentence of one department, straight from the state of a page. */
export function departmentSavingsSentence(
	state: Pick<
		DashboardState,
		'asOf' | 'departments' | 'devices' | 'managed' | 'charges' | 'handLinks' | 'thresholds'
	>,
	department: string
): SavingsSentence {
	const { latestBilledMonth, nodes } = nodeSavings(state);
	return savingsSentence(nodes, latestBilledMonth, department);
}
