import { monthNumber, parseInstant } from './asof';
import type { DeviceHealth } from './health';
import type { NodeSavings } from './savings';
import { monthOfNumber } from './spend';
import type { Device } from './types';

// The next twelve months of savings, as a band. Low: what is certain once the eligible nodes are
// turned off next month (the run rate of the retired nodes plus the eligible nodes' charges): its
// twelve months add up to the projected annual saving of domain.md. High: also each still-billed
// node whose linked device is in its first backup, turned off the month after that backup is
// expected to finish at the pace it has kept since the install.

export const PROJECTION_MONTHS = 12;

export interface FirstBackupPace {
	/** the furthest any destination has got, in percent (Code42's backupCompletePercentage) */
	percent: number | null;
	/** when it finishes at the pace kept since the install; null when there is no pace to go by */
	finishesAt: number | null;
}

/**
 * When a device's first backup should finish: at T it has reached p percent (its best
 * destination) in the time since its install, so the rest, 100 − p, takes that time × (100 − p) / p.
 * No estimate without an install date, or at 0% (no pace yet). Any destination finishing is enough,
 * so the most advanced one is taken.
 */
export function firstBackupPace(device: Pick<Device, 'archives' | 'creationDate'>, T: number) {
	let percent: number | null = null;
	for (const archive of device.archives ?? []) {
		const p = archive.backupCompletePercentage;
		if (p !== null && Number.isFinite(p) && (percent === null || p > percent)) percent = p;
	}
	const installed = parseInstant(device.creationDate);
	let finishesAt: number | null = null;
	if (percent !== null && percent > 0 && installed !== null && installed < T) {
		const done = Math.min(percent, 100);
		finishesAt = T + ((T - installed) * (100 - done)) / done;
	}
	return { percent, finishesAt } satisfies FirstBackupPace;
}

export interface FirstBackupNode {
	nodeKey: string;
	nodename: string;
	account: string;
	department: string;
	/** its latest charge: what turning it off saves each month */
	monthlyCents: number;
	/** the linked device in its first backup expected to finish first */
	deviceUid: string;
	percent: number | null;
	/** the UTC day it should finish; null when there is no pace to go by */
	finishDay: string | null;
	/** the month after that: its first month of saving; null without an estimate */
	firstSavingMonth: string | null;
	/** whether that month falls within the twelve projected months */
	withinProjection: boolean;
}

export interface ProjectionMonth {
	month: string;
	lowCents: number;
	highCents: number;
	cumulativeLowCents: number;
	cumulativeHighCents: number;
}

export interface SavingsProjection {
	/** the twelve months after the latest billed month; empty without any charge */
	months: ProjectionMonth[];
	lowTotalCents: number;
	highTotalCents: number;
	/** still-billed nodes whose linked device is in its first backup, soonest first */
	firstBackupNodes: FirstBackupNode[];
}

/**
 * The twelve months after the latest billed month L, for the nodes given (filter them to a
 * department first). `health` holds each device's health (null: none, as for inactive devices).
 * The eligible nodes save from L + 1; a first-backup node saves from the month after the day its
 * backup should finish, and never before L + 1.
 */
export function projectSavings(
	nodes: readonly NodeSavings[],
	latestBilledMonth: string | null,
	devices: ReadonlyMap<string, Device>,
	health: ReadonlyMap<string, DeviceHealth | null>,
	T: number
): SavingsProjection {
	let lowMonthly = 0;
	const waiting: WaitingNode[] = [];
	for (const node of nodes) {
		if (node.retired) lowMonthly += node.baselineCents;
		else if (node.eligible) lowMonthly += node.eligibleMonthlyCents;
		else {
			const candidates = node.linkedDeviceUids.flatMap((uid) => {
				const device = devices.get(uid);
				return device && health.get(uid)?.bucket === 'never'
					? [{ deviceUid: uid, ...firstBackupPace(device, T) }]
					: [];
			});
			if (candidates.length > 0) waiting.push({ ...node, candidates });
		}
	}
	return projectFrom(lowMonthly, waiting, latestBilledMonth);
}

/** A node still billed whose linked devices are in their first backup, with their paces. */
export interface WaitingNode extends Pick<
	NodeSavings,
	'nodeKey' | 'nodename' | 'account' | 'department' | 'latestChargeCents'
> {
	/** its linked devices in their first backup, in deviceUid order */
	candidates: (FirstBackupPace & { deviceUid: string })[];
}

/**
 * The projection from what it is made of: the monthly saving certain from next month (the
 * retired nodes' baselines plus the eligible nodes' charges) and the nodes waiting for a first
 * backup. Of a node's devices, the one expected to finish first stands for it (the first listed
 * when none has an estimate).
 */
export function projectFrom(
	lowMonthly: number,
	waiting: readonly WaitingNode[],
	latestBilledMonth: string | null
): SavingsProjection {
	const L = latestBilledMonth === null ? null : monthNumber(latestBilledMonth);
	if (L === null) return { months: [], lowTotalCents: 0, highTotalCents: 0, firstBackupNodes: [] };

	const firstBackupNodes: FirstBackupNode[] = [];
	for (const node of waiting) {
		let best: { uid: string; pace: FirstBackupPace } | null = null;
		for (const { deviceUid: uid, ...pace } of node.candidates) {
			if (
				best === null ||
				(pace.finishesAt !== null &&
					(best.pace.finishesAt === null || pace.finishesAt < best.pace.finishesAt))
			) {
				best = { uid, pace };
			}
		}
		if (best === null) continue;
		let firstSaving: number | null = null;
		let finishDay: string | null = null;
		if (best.pace.finishesAt !== null && Number.isFinite(best.pace.finishesAt)) {
			const finish = new Date(best.pace.finishesAt);
			finishDay = finish.toISOString().slice(0, 10);
			const finishMonth = finish.getUTCFullYear() * 12 + finish.getUTCMonth();
			firstSaving = Math.max(finishMonth + 1, L + 1);
		}
		firstBackupNodes.push({
			nodeKey: node.nodeKey,
			nodename: node.nodename,
			account: node.account,
			department: node.department,
			monthlyCents: node.latestChargeCents,
			deviceUid: best.uid,
			percent: best.pace.percent,
			finishDay,
			firstSavingMonth: firstSaving === null ? null : monthOfNumber(firstSaving),
			withinProjection: firstSaving !== null && firstSaving <= L + PROJECTION_MONTHS
		});
	}
	firstBackupNodes.sort(
		(a, b) =>
			(a.firstSavingMonth ?? '9999-99').localeCompare(b.firstSavingMonth ?? '9999-99') ||
			a.nodeKey.localeCompare(b.nodeKey)
	);

	const months: ProjectionMonth[] = [];
	let cumulativeLow = 0;
	let cumulativeHigh = 0;
	for (let k = 1; k <= PROJECTION_MONTHS; k++) {
		const month = monthOfNumber(L + k);
		let extra = 0;
		for (const node of firstBackupNodes) {
			if (node.withinProjection && (node.firstSavingMonth as string) <= month) {
				extra += node.monthlyCents;
			}
		}
		cumulativeLow += lowMonthly;
		cumulativeHigh += lowMonthly + extra;
		months.push({
			month,
			lowCents: lowMonthly,
			highCents: lowMonthly + extra,
			cumulativeLowCents: cumulativeLow,
			cumulativeHighCents: cumulativeHigh
		});
	}
	return {
		months,
		lowTotalCents: cumulativeLow,
		highTotalCents: cumulativeHigh,
		firstBackupNodes
	};
}
