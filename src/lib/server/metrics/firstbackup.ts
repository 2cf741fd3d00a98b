// First backups: how long they take (from the Code42 reports in force), and for the devices still
// in theirs, what is left to send at a home connection's upload speed. Rules chosen where
// domain.md is silent are written down in docs/rules.md ("Rollout and backup health").
import { parseDay, parseInstant } from './asof';
import { isActiveStatus } from './rollout';
import type { Device } from './types';

export type OsFamily = 'Windows' | 'Mac' | 'Linux' | 'Other';

/** In the order pages list them. */
export const OS_FAMILIES: readonly OsFamily[] = ['Windows', 'Mac', 'Linux', 'Other'];

/**
 * The family of an operating system as Code42 (`win`, `win64`, `mac`, `mac_arm64`, `linux`) or an
 * inventory ('Windows 10', 'macOS 11.1', 'Ubuntu 20.04') writes it.
 */
export function osFamily(os: string | null | undefined): OsFamily {
	const key = (os ?? '').trim().toLowerCase();
	if (key.startsWith('win')) return 'Windows';
	if (key.startsWith('mac') || key.startsWith('os x') || key.startsWith('osx')) return 'Mac';
	if (/^(linux|ubuntu|debian|red ?hat|rhel|centos|fedora|rocky|alma)/.test(key)) return 'Linux';
	return 'Other';
}

/** The device's most recent completed backup over all its destinations (ms), or null. */
export function latestCompletedBackup(device: Pick<Device, 'archives'>): number | null {
	let latest: number | null = null;
	for (const archive of device.archives ?? []) {
		const ms = parseInstant(archive.lastCompletedBackup);
		if (ms !== null && (latest === null || ms > latest)) latest = ms;
	}
	return latest;
}

// ---------------------------------------------------------------------------------------------
// What is left of a first backup

export interface FirstBackupProgress {
	/** the destination closest to done: the device leaves "never" once any destination completes */
	destinationName: string;
	/** Code42's backupCompletePercentage of that destination; null when it gave none */
	percent: number | null;
	selectedBytes: number | null;
	/** selected × (100 − percent) / 100, rounded to the byte; null when either is unknown */
	bytesToSend: number | null;
	/** bytesToSend × 8 bits at the upload speed, rounded up to the second; null when unknown */
	secondsLeft: number | null;
}

const clampPercent = (percent: number | null): number | null =>
	percent === null ? null : Math.min(100, Math.max(0, percent));

/**
 * What a destination still has to send of its first backup: selected × (100 − percent) / 100,
 * the percentage clamped to 0–100, rounded to the byte; null when either is unknown.
 */
export function bytesStillToSend(selected: number | null, percent: number | null): number | null {
	const done = clampPercent(percent);
	return done === null || selected === null ? null : Math.round((selected * (100 - done)) / 100);
}

/** Seconds to send a number of bytes at an upload speed in Mbit/s (10⁶ bits per second), rounded up. */
export function secondsToSend(bytes: number, uploadMbps: number): number {
	if (!(uploadMbps > 0))
		throw new RangeError(`The upload speed must be above 0, not ${uploadMbps}.`);
	return Math.ceil((bytes * 8) / (uploadMbps * 1_000_000));
}

/**
 * What is left of the first backup of an active device that has no completed backup yet; null for
 * any other device. Code42 compresses and de-duplicates before sending, so the real upload is
 * usually smaller: the time left is what a plain upload of the remaining selection takes.
 */
export function firstBackupProgress(
	device: Device,
	uploadMbps: number
): FirstBackupProgress | null {
	if (device.archives === null || device.archives.length === 0) return null;
	if (!isActiveStatus(device.status) || latestCompletedBackup(device) !== null) return null;
	let best: FirstBackupProgress | null = null;
	for (const archive of device.archives) {
		const percent = clampPercent(archive.backupCompletePercentage);
		const bytesToSend = bytesStillToSend(archive.selectedBytes, percent);
		const candidate: FirstBackupProgress = {
			destinationName: archive.destinationName,
			percent,
			selectedBytes: archive.selectedBytes,
			bytesToSend,
			secondsLeft: bytesToSend === null ? null : secondsToSend(bytesToSend, uploadMbps)
		};
		// a known amount beats an unknown one; the smaller amount wins
		if (
			best === null ||
			(candidate.bytesToSend !== null &&
				(best.bytesToSend === null || candidate.bytesToSend < best.bytesToSend))
		) {
			best = candidate;
		}
	}
	return best;
}

// ---------------------------------------------------------------------------------------------
// How long first backups take, from the reports

/** The devices of one Code42 device backup report, each once, with its destinations. */
export interface ReportSnapshot {
	/** the report's as-of date, YYYY-MM-DD */
	asOf: string;
	devices: readonly Device[];
}

export interface FirstBackupDuration {
	deviceUid: string;
	/** as the report that showed the first completed backup gives it */
	os: string | null;
	osFamily: OsFamily;
	/** creationDate (ISO instant) */
	installed: string;
	/** the completed backup of the first report that shows one (ISO instant) */
	firstCompletedSeen: string;
	/** the as-of date of that report */
	reportAsOf: string;
	durationMs: number;
}

/**
 * One report reduced to what the first-backup rule reads of each device, in the report's order.
 * A report never changes once imported, so the history keeps these per report and does not read
 * a campus's every report again after each import.
 */
export interface BackupFacts {
	/** the report's as-of date, YYYY-MM-DD */
	asOf: string;
	uids: readonly string[];
	os: readonly (string | null)[];
	/** 1 where the report carries the device's backup state (not an enrollment list's device) */
	hasBackupState: Uint8Array;
	/** its latest completed backup over all destinations (ms), NaN for none */
	completed: Float64Array;
	/** its install (creationDate, ms), NaN when unknown */
	installed: Float64Array;
}

export function backupFacts(snapshot: ReportSnapshot): BackupFacts {
	const n = snapshot.devices.length;
	const facts = {
		asOf: snapshot.asOf,
		uids: new Array<string>(n),
		os: new Array<string | null>(n),
		hasBackupState: new Uint8Array(n),
		completed: new Float64Array(n),
		installed: new Float64Array(n)
	};
	snapshot.devices.forEach((device, i) => {
		facts.uids[i] = device.deviceUid;
		facts.os[i] = device.os;
		facts.hasBackupState[i] = device.archives === null ? 0 : 1;
		facts.completed[i] = latestCompletedBackup(device) ?? NaN;
		facts.installed[i] = parseInstant(device.creationDate) ?? NaN;
	});
	return facts;
}

export interface FirstBackupTracker {
	/** adds the next report; reports must come in increasing as-of order */
	add(snapshot: ReportSnapshot): void;
	/** the same, from the report's facts */
	addFacts(facts: BackupFacts): void;
	/** the measured devices, by duration then deviceUid */
	durations(): FirstBackupDuration[];
}

/**
 * Install to first completed backup, as the reports show it. A report holds only the latest
 * completed backup, so the first one is taken from the first report that shows any: an upper
 * bound, as tight as the reports are close. It is measured only where the reports saw the first
 * backup happen: the device was in an earlier report without a completed backup, or it was
 * installed on or after the as-of day of the report before (so no report could have shown it
 * done earlier). A device already backed up when the reports first show it is not measured.
 */
export function createFirstBackupTracker(): FirstBackupTracker {
	const waiting = new Set<string>();
	const done = new Set<string>();
	const measured: FirstBackupDuration[] = [];
	let previousAsOf: string | null = null;
	let previousStart = Infinity; // 00:00Z of the previous report's as-of day; none before the first
	const addFacts = (facts: BackupFacts) => {
		if (previousAsOf !== null && facts.asOf <= previousAsOf) {
			throw new RangeError(
				`Reports must come in increasing as-of order: ${facts.asOf} after ${previousAsOf}.`
			);
		}
		for (let i = 0; i < facts.uids.length; i++) {
			const uid = facts.uids[i];
			if (facts.hasBackupState[i] === 0 || done.has(uid)) continue;
			const completed = facts.completed[i];
			if (Number.isNaN(completed)) {
				waiting.add(uid);
				continue;
			}
			done.add(uid);
			const installed = facts.installed[i];
			const seenWaiting = waiting.delete(uid);
			if (Number.isNaN(installed) || completed < installed) continue;
			if (!seenWaiting && installed < previousStart) continue;
			measured.push({
				deviceUid: uid,
				os: facts.os[i],
				osFamily: osFamily(facts.os[i]),
				installed: new Date(installed).toISOString(),
				firstCompletedSeen: new Date(completed).toISOString(),
				reportAsOf: facts.asOf,
				durationMs: completed - installed
			});
		}
		previousAsOf = facts.asOf;
		previousStart = parseDay(facts.asOf) ?? Infinity;
	};
	return {
		add: (snapshot) => addFacts(backupFacts(snapshot)),
		addFacts,
		durations() {
			return [...measured].sort(
				(a, b) =>
					a.durationMs - b.durationMs ||
					(a.deviceUid < b.deviceUid ? -1 : a.deviceUid > b.deviceUid ? 1 : 0)
			);
		}
	};
}

/** First-backup durations over reports given in increasing as-of order (see the tracker). */
export function firstBackupDurations(snapshots: Iterable<ReportSnapshot>): FirstBackupDuration[] {
	const tracker = createFirstBackupTracker();
	for (const snapshot of snapshots) tracker.add(snapshot);
	return tracker.durations();
}

/** The middle of sorted values; the mean of the two middle ones for an even count; null for none. */
export function median(sorted: readonly number[]): number | null {
	const n = sorted.length;
	if (n === 0) return null;
	const mid = Math.floor(n / 2);
	return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of sorted values: the ⌈p/100 × n⌉-th smallest; null for none. */
export function nearestRankPercentile(sorted: readonly number[], p: number): number | null {
	if (!(p > 0 && p <= 100))
		throw new RangeError(`A percentile is above 0 and at most 100, not ${p}.`);
	const n = sorted.length;
	if (n === 0) return null;
	// p × n / 100 in integers where it can be, so 90 × 10 / 100 is 9 and not 9.000000000000002
	const rank = Number.isInteger(p) ? Math.ceil((p * n) / 100) : Math.ceil((p / 100) * n);
	return sorted[Math.max(1, rank) - 1];
}

export interface DurationStats {
	/** 'All' first, then each OS family that has measured devices */
	osFamily: OsFamily | 'All';
	devices: number;
	medianMs: number | null;
	p90Ms: number | null;
}

/** Median and 90th percentile of first-backup durations, for all devices and by OS family. */
export function durationStatsByOs(
	durations: readonly Pick<FirstBackupDuration, 'durationMs' | 'osFamily'>[]
): DurationStats[] {
	const stats = (
		family: OsFamily | 'All',
		list: readonly Pick<FirstBackupDuration, 'durationMs'>[]
	): DurationStats => {
		const sorted = list.map((d) => d.durationMs).sort((a, b) => a - b);
		return {
			osFamily: family,
			devices: sorted.length,
			medianMs: median(sorted),
			p90Ms: nearestRankPercentile(sorted, 90)
		};
	};
	const rows = [stats('All', durations)];
	for (const family of OS_FAMILIES) {
		const list = durations.filter((d) => d.osFamily === family);
		if (list.length > 0) rows.push(stats(family, list));
	}
	return rows;
}

/** The longest time in days between two consecutive report dates (null with fewer than two). */
export function largestReportGapDays(asOfs: readonly string[]): number | null {
	const days = asOfs
		.map((d) => parseDay(d))
		.filter((ms): ms is number => ms !== null)
		.sort((a, b) => a - b);
	let gap: number | null = null;
	for (let i = 1; i < days.length; i++) {
		const d = Math.round((days[i] - days[i - 1]) / 86_400_000);
		if (gap === null || d > gap) gap = d;
	}
	return gap;
}
