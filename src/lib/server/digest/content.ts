import { lte, max } from 'drizzle-orm';
import type { PaceFigures } from '../../components/rollout/pace';
import { figuresAt } from '../figures/at';
import { countDevices, deviceHealthPage, type DeviceFilter } from '../figures/devices';
import { withNodesAt } from '../figures/nodes';
import { countStragglers, stragglerPage } from '../figures/rollout';
import { daySavingsOf, savingsSentenceOf } from '../figures/savings';
import type { Db } from '../db';
import { reportDates } from '../db/schema';
import { addDays } from '../metrics/asof';
import type { SavingsSentence } from '../metrics/nodes';
import type { Straggler } from '../metrics/rollout';
import { collegeNet, type NetFigures } from '../metrics/spend';
import type { DeviceHealthRow } from '../metrics/summary';
import type { FiguresContext } from '../pages/context';
import { overviewFigures } from '../pages/overview';
import { visibleDepartments } from '../pages/rollout';
import { code42CostOf, turnOffFigures } from '../pages/savings';

// What the weekly digest tells, read through the same figures as the pages (pages/, figures/):
// a manager's departments only, or the college for leadership. "New this week" compares with
// the figures as of the latest Code42 report at least seven days older (sinceDay). Long lists
// are cut to their first rows here; the mail links to the page with all of them.

/** How many rows of a list a mail shows (the stragglers: the ten to chase first). */
export const LISTED = { failures: 20, stragglers: 10, turnOff: 20, overDataCap: 10 };

/** A device as a list in the mail names it. */
export interface DigestDevice {
	deviceUid: string;
	deviceName: string;
	department: string;
	/** why it fails, in the words of the health page */
	reason: string;
	/** failing now and not as of the `since` day */
	isNew: boolean;
}

export interface FailuresPart {
	count: number;
	/** failures as of the `since` day, of the same departments */
	previousCount: number;
	newCount: number;
	/** the new ones first, then the others, each in the health page's order */
	listed: DigestDevice[];
}

export interface DataCapPart {
	capBytes: number;
	count: number;
	listed: { deviceUid: string; deviceName: string; department: string; bytesToSend: number }[];
}

interface Rollout {
	installed: number;
	active: number;
	managed: number;
	adopted: number;
	adoptionPct: number | null;
}

export interface ManagerDigest {
	kind: 'manager';
	asOf: string;
	/** the day "new" is counted from (sinceDay) */
	since: string;
	/** their departments that are in the data, in the pages' order */
	departments: { code: string; name: string }[];
	/** "ANSC", or "ANSC + ENTO" for a manager of several */
	who: string;
	rollout: Rollout;
	pace: PaceFigures;
	savings: SavingsSentence[];
	failures: FailuresPart;
	stragglers: { count: number; first: Straggler[] };
	turnOff: {
		nodeCount: number;
		monthlyCents: number;
		nodes: { account: string; nodename: string; department: string; monthlyCents: number }[];
	};
	dataCap: DataCapPart;
}

export interface LeadershipDigest {
	kind: 'leadership';
	asOf: string;
	since: string;
	rollout: Rollout;
	/** the same figures as of the `since` day */
	before: Rollout;
	pace: PaceFigures;
	failures: FailuresPart;
	savings: {
		latestBilledMonth: string | null;
		realizedCents: number;
		projectedAnnualCents: number;
		net: NetFigures;
	};
	dataCap: DataCapPart;
}

export type Digest = ManagerDigest | LeadershipDigest;

/**
 * The day "new" is counted from: the latest Code42 report at least a week before `asOf`, as of its
 * own day. Not simply seven days before: as of a day with no report of its own, ages run on from
 * the last report, and a month between reports would make nearly every device look critical.
 * Without such a report, seven days before (nothing was known then).
 */
export function sinceDay(db: Db, asOf: string): string {
	const weekBefore = addDays(asOf, -7);
	return (
		db
			.select({ asOf: max(reportDates.asOf) })
			.from(reportDates)
			.where(lte(reportDates.asOf, weekBefore))
			.get()?.asOf ?? weekBefore
	);
}

function contextAt(db: Db, asOf: string, scope: string[] | null): FiguresContext {
	return { db, asOf, at: figuresAt(db, asOf), scope };
}

const rolloutOf = (devices: Rollout): Rollout => ({
	installed: devices.installed,
	active: devices.active,
	managed: devices.managed,
	adopted: devices.adopted,
	adoptionPct: devices.adoptionPct
});

/** The failing devices of some departments now, told apart from those failing a week before. */
function failuresOf(now: FiguresContext, before: FiguresContext, codes: string[]): FailuresPart {
	const filter: DeviceFilter = { departments: codes, bucket: 'failures' };
	const failing = deviceHealthPage(now.db, now.at, filter, null);
	const earlier = new Set(
		deviceHealthPage(before.db, before.at, filter, null).map((d) => d.deviceUid)
	);
	const device = (d: DeviceHealthRow): DigestDevice => ({
		deviceUid: d.deviceUid,
		deviceName: d.deviceName,
		department: d.department,
		reason: d.reason,
		isNew: !earlier.has(d.deviceUid)
	});
	const all = failing.map(device);
	const fresh = all.filter((d) => d.isNew);
	return {
		count: all.length,
		previousCount: earlier.size,
		newCount: fresh.length,
		listed: [...fresh, ...all.filter((d) => !d.isNew)].slice(0, LISTED.failures)
	};
}

/** Active devices in their first backup with more still to send than the home data cap. */
function dataCapOf(ctx: FiguresContext, codes: string[]): DataCapPart {
	const { db, at } = ctx;
	const filter: DeviceFilter = {
		departments: codes,
		bucket: 'progress',
		toSendOver: at.dataCapBytes
	};
	return {
		capBytes: at.dataCapBytes,
		count: countDevices(db, at, filter),
		listed: deviceHealthPage(db, at, filter, { limit: LISTED.overDataCap, offset: 0 }).map((d) => ({
			deviceUid: d.deviceUid,
			deviceName: d.deviceName,
			department: d.department,
			bytesToSend: d.progress?.bytesToSend ?? 0
		}))
	};
}

/**
 * A manager's digest: the figures of their departments and of nothing else. Null when none of
 * their departments is in the data (nothing to tell).
 */
export async function managerDigest(
	db: Db,
	asOf: string,
	departments: readonly string[]
): Promise<ManagerDigest | null> {
	const now = contextAt(db, asOf, [...departments]);
	const since = sinceDay(db, asOf);
	const before = contextAt(db, since, now.scope);
	const shown = visibleDepartments(db, now.scope);
	if (shown.length === 0) return null;
	const codes = shown.map((d) => d.code);
	const overview = await overviewFigures(now);
	const turnOff = await turnOffFigures(now, new URL('http://digest.invalid/savings/turn-off'));
	const { at } = now;
	return {
		kind: 'manager',
		asOf,
		since,
		departments: shown.map(({ code, name }) => ({ code, name })),
		who: codes.join(' + '),
		rollout: rolloutOf(overview.devices),
		pace: overview.total,
		savings: await withNodesAt(db, at, (latest) =>
			codes.map((code) => savingsSentenceOf(db, latest, code))
		),
		failures: failuresOf(now, before, codes),
		stragglers: {
			count: countStragglers(db, at, codes),
			first: stragglerPage(db, at, codes, { limit: LISTED.stragglers, offset: 0 }, 'chase')
		},
		turnOff: {
			nodeCount: turnOff.nodeCount,
			monthlyCents: turnOff.monthlyCents,
			// the first of the list, in its order (its first page holds more than a mail lists)
			nodes: turnOff.groups
				.flatMap((g) => g.accounts.flatMap((a) => a.nodes))
				.slice(0, LISTED.turnOff)
				.map((n) => ({
					account: n.account,
					nodename: n.nodename,
					department: n.department,
					monthlyCents: n.latestChargeCents
				}))
		},
		dataCap: dataCapOf(now, codes)
	};
}

/** Leadership's digest: the college, with the change over the week. */
export async function leadershipDigest(db: Db, asOf: string): Promise<LeadershipDigest> {
	const now = contextAt(db, asOf, null);
	const since = sinceDay(db, asOf);
	const before = contextAt(db, since, null);
	const codes = visibleDepartments(db, null).map((d) => d.code);
	const overview = await overviewFigures(now);
	const previous = await overviewFigures(before);
	const totals = await withNodesAt(
		db,
		now.at,
		(latestBilledMonth) => ({
			latestBilledMonth,
			...daySavingsOf(db, latestBilledMonth, codes).totals
		}),
		{ dayOnly: true }
	);
	return {
		kind: 'leadership',
		asOf,
		since,
		rollout: rolloutOf(overview.devices),
		before: rolloutOf(previous.devices),
		pace: overview.total,
		failures: failuresOf(now, before, codes),
		savings: {
			latestBilledMonth: totals.latestBilledMonth,
			realizedCents: totals.realizedCents,
			projectedAnnualCents: totals.projectedAnnualCents,
			net: collegeNet(totals, overview.devices.active, code42CostOf(db, now.at.month))
		},
		dataCap: dataCapOf(now, codes)
	};
}
