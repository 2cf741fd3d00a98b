import { asOfInstant, fastMonthNumber, monthNumber, monthOfDay, parseInstant } from './asof';
import {
	createDepartmentResolver,
	departmentOfDevice,
	departmentOfNode,
	deviceShortName,
	indexManaged,
	UNASSIGNED,
	type ManagedEntry,
	type NodeDepartmentSource
} from './departments';
import { healthAt, type DeviceHealth } from './health';
import { nameKey, nodeMatchKey } from './names';
import { divRoundHalfUp } from './rounding';
import { distinctDevices, isActiveStatus } from './rollout';
import type { Charge, DashboardState, Device, HandLink } from './types';

// ---------------------------------------------------------------------------------------------
// Nodes and links

/** A node's identity: its nodename, case and surrounding spaces ignored. */
export function nodeKey(nodename: string): string {
	return nameKey(nodename);
}

/**
 * deviceUids linked to each node (by node key), sorted. The name rule links a node to every device
 * whose short hostname or device name equals its match key (so a reinstalled computer's old and new
 * devices are both linked). Hand links win: an unlink removes a pair the name rule made, a link
 * adds one; for the same pair, the last hand link in the list wins. Hand links to a device or node
 * not in the state are ignored.
 */
export function linkNodes(
	nodenames: Iterable<string>,
	devices: readonly Device[],
	handLinks: readonly HandLink[]
): Map<string, string[]> {
	const byName = new Map<string, string[]>();
	const known = new Set<string>();
	const add = (name: string, uid: string) => {
		if (name === '') return;
		const list = byName.get(name);
		if (!list) byName.set(name, [uid]);
		else if (!list.includes(uid)) list.push(uid);
	};
	for (const device of devices) {
		known.add(device.deviceUid);
		add(deviceShortName(device), device.deviceUid);
		add(nameKey(device.deviceName), device.deviceUid);
	}
	const links = new Map<string, string[]>();
	for (const nodename of nodenames) {
		const key = nodeKey(nodename);
		if (links.has(key)) continue;
		const match = nodeMatchKey(nodename);
		const found = match === '' ? undefined : byName.get(match);
		links.set(key, found ? [...found] : []);
	}
	for (const link of handLinks) {
		const list = links.get(nodeKey(link.nodename));
		if (!list || !known.has(link.deviceUid)) continue;
		const at = list.indexOf(link.deviceUid);
		if (link.linked && at < 0) list.push(link.deviceUid);
		if (!link.linked && at >= 0) list.splice(at, 1);
	}
	for (const list of links.values()) if (list.length > 1) list.sort();
	return links;
}

/** The latest month not after D's month that has any charge; null when there is none. */
export function latestBilledMonth(
	charges: readonly Pick<Charge, 'month'>[],
	asOf: string
): string | null {
	asOfInstant(asOf); // a readable error for a malformed as-of date
	const limit = monthNumber(monthOfDay(asOf)) as number;
	let best: number | null = null;
	let bestMonth: string | null = null;
	for (const charge of charges) {
		const n = monthNumber(charge.month);
		if (n !== null && n <= limit && (best === null || n > best)) {
			best = n;
			bestMonth = charge.month.trim();
		}
	}
	return bestMonth;
}

/** Mean of up to the last three monthly totals, rounded half up to whole cents (0 for none). */
export function baselineCents(monthlyTotalsLatestFirst: readonly number[]): number {
	const last = monthlyTotalsLatestFirst.slice(0, 3);
	if (last.length === 0) return 0;
	return divRoundHalfUp(
		last.reduce((a, b) => a + b, 0),
		last.length
	);
}

export interface NodeSavings {
	nodeKey: string;
	/** as written on its latest charge */
	nodename: string;
	/** the latest charge's account */
	account: string;
	department: string;
	departmentSource: NodeDepartmentSource;
	firstMonth: string;
	lastMonth: string;
	billedMonths: number;
	/** its charge in its last billed month */
	latestChargeCents: number;
	/** mean $ Total of its last three billed months, rounded half up */
	baselineCents: number;
	/** no charge in the latest billed month */
	retired: boolean;
	/** months after its last bill up to and including the latest billed month */
	monthsSinceLastBill: number;
	/** baselineCents × monthsSinceLastBill (0 when still billed) */
	realizedCents: number;
	linkedDeviceUids: string[];
	/** still billed, with a linked device active, backed up and healthy (ok or warning) */
	eligible: boolean;
	/** the linked devices that make it eligible */
	eligibleDeviceUids: string[];
	/** latestChargeCents when eligible, else 0: what turning it off saves each month */
	eligibleMonthlyCents: number;
}

export interface NodeSavingsResult {
	latestBilledMonth: string | null;
	/** sorted by department (UNASSIGNED last), then node key */
	nodes: NodeSavings[];
}

/** What a caller that has already assessed the devices can hand over, so it is not done twice. */
export interface DeviceFacts {
	/** health of each device by deviceUid (null: no health) */
	health: ReadonlyMap<string, DeviceHealth | null>;
	/** department code of each device by deviceUid */
	department: ReadonlyMap<string, string>;
}

/**
 * A node's charges as they are read: its three latest months (m0 > m1 > m2; −∞ and null while
 * it has fewer) with their charges, and what it takes to count its months.
 */
interface NodeAccumulator {
	key: string;
	m0: number;
	m1: number;
	m2: number;
	c0: Charge;
	c1: Charge | null;
	c2: Charge | null;
	first: number;
	firstCharge: Charge;
	/** charges read, and the month of the last one: while months only increase, each is new */
	count: number;
	lastRead: number;
	increasing: boolean;
}

/**
 * Every EZ-Backup node billed in a month not after D's month, with its department, baseline and
 * savings. Charges after D's month are not read. Two charges of the same node and month (nodenames
 * that differ only in case) are one: the later in the list wins, as a later file replaces a charge.
 * One pass over the charges, keeping each node's three latest months as it goes.
 */
export function nodeSavings(
	state: Pick<
		DashboardState,
		'asOf' | 'departments' | 'devices' | 'managed' | 'charges' | 'handLinks' | 'thresholds'
	>,
	facts?: DeviceFacts
): NodeSavingsResult {
	const T = asOfInstant(state.asOf);
	const limit = monthNumber(monthOfDay(state.asOf)) as number;

	// 400,000 charges hold a few dozen months and some thousands of nodenames: each text is parsed
	// once, and a node is an index from then on.
	const monthMemo = new Map<string, number | null>();
	const nodeMemo = new Map<string, number>(); // nodename as written → node index (−1: blank)
	const keyIndex = new Map<string, number>(); // node key → node index
	const accumulators: NodeAccumulator[] = [];
	const chargeNode = new Int32Array(state.charges.length).fill(-1); // node index of each charge read
	const chargeMonth = new Int32Array(state.charges.length);
	let latestNumber = -Infinity;
	let latest: string | null = null;
	let previousName: string | null = null; // charges come sorted by nodename: reuse its index
	let previousIndex = -1;
	for (let c = 0; c < state.charges.length; c++) {
		const charge = state.charges[c];
		let n: number | null | undefined = fastMonthNumber(charge.month);
		if (Number.isNaN(n)) {
			n = monthMemo.get(charge.month);
			if (n === undefined) {
				n = monthNumber(charge.month);
				monthMemo.set(charge.month, n);
			}
		}
		if (n === null || n > limit) continue;
		let index = charge.nodename === previousName ? previousIndex : nodeMemo.get(charge.nodename);
		if (index === undefined) {
			const key = nodeKey(charge.nodename);
			index = key === '' ? -1 : (keyIndex.get(key) ?? -2);
			if (index === -2) {
				index = accumulators.length;
				keyIndex.set(key, index);
				// Seeded with this charge as its latest month; the steps below then see it again and
				// change nothing.
				accumulators.push({
					key,
					m0: n,
					m1: -Infinity,
					m2: -Infinity,
					c0: charge,
					c1: null,
					c2: null,
					first: n,
					firstCharge: charge,
					count: 0,
					lastRead: -Infinity,
					increasing: true
				});
			}
			nodeMemo.set(charge.nodename, index);
		}
		previousName = charge.nodename;
		previousIndex = index;
		if (index < 0) continue;
		chargeNode[c] = index;
		chargeMonth[c] = n;
		if (n > latestNumber) {
			latestNumber = n;
			latest = charge.month.trim();
		}
		const acc = accumulators[index];
		if (n <= acc.lastRead) acc.increasing = false;
		acc.lastRead = n;
		acc.count += 1;
		if (n <= acc.first) {
			acc.first = n; // on the same month, the later charge wins
			acc.firstCharge = charge;
		}
		// The same month again: the later charge wins. A newer month pushes the others down.
		if (n === acc.m0) acc.c0 = charge;
		else if (n === acc.m1) acc.c1 = charge;
		else if (n === acc.m2) acc.c2 = charge;
		else if (n > acc.m0) {
			acc.m2 = acc.m1;
			acc.c2 = acc.c1;
			acc.m1 = acc.m0;
			acc.c1 = acc.c0;
			acc.m0 = n;
			acc.c0 = charge;
		} else if (n > acc.m1) {
			acc.m2 = acc.m1;
			acc.c2 = acc.c1;
			acc.m1 = n;
			acc.c1 = charge;
		} else if (n > acc.m2) {
			acc.m2 = n;
			acc.c2 = charge;
		}
	}
	if (latest === null) return { latestBilledMonth: null, nodes: [] };

	// Distinct months of the nodes whose charges did not come in increasing months.
	const distinctMonths = new Map<number, Set<number>>();
	for (let i = 0; i < accumulators.length; i++) {
		if (!accumulators[i].increasing) distinctMonths.set(i, new Set());
	}
	if (distinctMonths.size > 0) {
		for (let c = 0; c < chargeNode.length; c++)
			distinctMonths.get(chargeNode[c])?.add(chargeMonth[c]);
	}

	const resolver = createDepartmentResolver(state.departments);
	const devices = distinctDevices(state.devices);
	const deviceByUid = new Map(devices.map((d) => [d.deviceUid, d]));
	const links = linkNodes(
		accumulators.map((acc) => acc.c0.nodename),
		devices,
		state.handLinks
	);

	let inventory: Map<string, ManagedEntry> | null = null;
	const healthOf = (uid: string): DeviceHealth | null => {
		const known = facts?.health.get(uid);
		if (known !== undefined) return known;
		return healthAt(deviceByUid.get(uid) as Device, T, state.thresholds);
	};
	const departmentOf = (uid: string): string => {
		const known = facts?.department.get(uid);
		if (known !== undefined) return known;
		inventory ??= indexManaged(state.managed, resolver);
		return departmentOfDevice(deviceByUid.get(uid) as Device, inventory, resolver).code;
	};
	// The device a node stands for now: active devices first, then the most recently installed.
	const rank = (uid: string) => {
		const device = deviceByUid.get(uid) as Device;
		return {
			active: isActiveStatus(device.status),
			installed: parseInstant(device.creationDate) ?? -Infinity
		};
	};

	const nodes: NodeSavings[] = [];
	for (let index = 0; index < accumulators.length; index++) {
		const acc = accumulators[index];
		const lastCharge = acc.c0;
		const lastNumber = acc.m0;
		const baseline = baselineCents(
			acc.c2
				? [acc.c0.totalCents, (acc.c1 as Charge).totalCents, acc.c2.totalCents]
				: acc.c1
					? [acc.c0.totalCents, acc.c1.totalCents]
					: [acc.c0.totalCents]
		);
		const retired = lastNumber < latestNumber;
		const monthsSinceLastBill = latestNumber - lastNumber;
		const linked = links.get(acc.key) ?? [];

		let department = departmentOfNode(lastCharge, [], resolver);
		if (department.source === 'unassigned' && linked.length > 0) {
			const ranked = linked.map((uid) => ({ uid, ...rank(uid) }));
			ranked.sort(
				(a, b) =>
					Number(b.active) - Number(a.active) ||
					b.installed - a.installed ||
					(a.uid < b.uid ? -1 : 1)
			);
			department = departmentOfNode(
				lastCharge,
				ranked.map((r) => departmentOf(r.uid)),
				resolver
			);
		}

		const eligibleDeviceUids: string[] = [];
		if (!retired) {
			for (const uid of linked) {
				const health = healthOf(uid);
				if (health !== null && (health.bucket === 'ok' || health.bucket === 'warning')) {
					eligibleDeviceUids.push(uid);
				}
			}
		}
		const eligible = eligibleDeviceUids.length > 0;
		nodes.push({
			nodeKey: acc.key,
			nodename: lastCharge.nodename,
			account: lastCharge.account,
			department: department.code,
			departmentSource: department.source,
			firstMonth: acc.firstCharge.month.trim(),
			lastMonth: lastCharge.month.trim(),
			billedMonths: distinctMonths.get(index)?.size ?? acc.count,
			latestChargeCents: lastCharge.totalCents,
			baselineCents: baseline,
			retired,
			monthsSinceLastBill,
			realizedCents: retired ? baseline * monthsSinceLastBill : 0,
			linkedDeviceUids: linked,
			eligible,
			eligibleDeviceUids,
			eligibleMonthlyCents: eligible ? lastCharge.totalCents : 0
		});
	}
	const order = new Map([...resolver.codes, UNASSIGNED].map((c, i) => [c, i]));
	nodes.sort(
		(a, b) =>
			(order.get(a.department) ?? 0) - (order.get(b.department) ?? 0) ||
			(a.nodeKey < b.nodeKey ? -1 : a.nodeKey > b.nodeKey ? 1 : 0)
	);
	return { latestBilledMonth: latest, nodes };
}

// ---------------------------------------------------------------------------------------------
// Totals

export interface SavingsFigures {
	/** Σ retired baseline × months since its last bill */
	realizedCents: number;
	/** Σ latest monthly charge of the eligible nodes */
	eligibleMonthlyCents: number;
	/** Σ retired baselines: what retired nodes save each month */
	runRateCents: number;
	/** 12 × (run rate + eligible monthly) */
	projectedAnnualCents: number;
	/** nodes billed in the latest billed month */
	billedNodes: number;
	retiredNodes: number;
	eligibleNodes: number;
}

/** What the savings come to in a year: 12 × (run rate + eligible monthly). */
export const projectedAnnualCents = (
	f: Pick<SavingsFigures, 'runRateCents' | 'eligibleMonthlyCents'>
): number => 12 * (f.runRateCents + f.eligibleMonthlyCents);

export function emptySavings(): SavingsFigures {
	return {
		realizedCents: 0,
		eligibleMonthlyCents: 0,
		runRateCents: 0,
		projectedAnnualCents: 0,
		billedNodes: 0,
		retiredNodes: 0,
		eligibleNodes: 0
	};
}

function addNode(figures: SavingsFigures, node: NodeSavings): void {
	if (node.retired) {
		figures.retiredNodes += 1;
		figures.realizedCents += node.realizedCents;
		figures.runRateCents += node.baselineCents;
	} else {
		figures.billedNodes += 1;
	}
	if (node.eligible) {
		figures.eligibleNodes += 1;
		figures.eligibleMonthlyCents += node.eligibleMonthlyCents;
	}
	figures.projectedAnnualCents = projectedAnnualCents(figures);
}

/** Savings over a set of nodes. */
export function sumSavings(nodes: Iterable<NodeSavings>): SavingsFigures {
	const figures = emptySavings();
	for (const node of nodes) addNode(figures, node);
	return figures;
}

/** Savings per department: every code given (pass `departmentCodes(...)`, which ends in UNASSIGNED). */
export function savingsByDepartment(
	nodes: Iterable<NodeSavings>,
	codes: readonly string[]
): Map<string, SavingsFigures> {
	const byDepartment = new Map<string, SavingsFigures>();
	for (const code of codes) byDepartment.set(code, emptySavings());
	for (const node of nodes) {
		let figures = byDepartment.get(node.department);
		if (!figures) {
			figures = emptySavings();
			byDepartment.set(node.department, figures);
		}
		addNode(figures, node);
	}
	return byDepartment;
}
