import { asOfInstant, DAY_MS, parseInstant, wholeDaysBetween } from './asof';
import {
	createDepartmentResolver,
	departmentOfDevice,
	deviceShortName,
	indexManaged,
	UNASSIGNED
} from './departments';
import { distinctDevices, isActiveStatus } from './rollout';
import type { DashboardState, Device, HealthBucket, HealthThresholds } from './types';

/** Code42's enterprise defaults. */
export const DEFAULT_THRESHOLDS: HealthThresholds = {
	warningDays: 3,
	criticalDays: 5,
	firstBackupGraceDays: 14
};

/** The alerts the bucket rule reads, worst first. */
export type BackupAlert = 'CriticalBackupAlert' | 'WarningBackupAlert';

export interface DeviceHealth {
	bucket: HealthBucket;
	/** the most recent completed backup over all destinations, as an ISO instant */
	lastCompletedBackup: string | null;
	/** T minus that backup, in days with fraction */
	backupAgeDays: number | null;
	/** the worst backup alert over all destinations */
	worstAlert: BackupAlert | null;
	/** Code42 reports CriticalConnectionAlert on a destination: shown as a note, not a bucket rule */
	connectionAlert: boolean;
	/** critical, or never with T − creationDate over the first-backup grace */
	failure: boolean;
	/** why the bucket is not ok, as sentences a person reads; empty when ok */
	reasons: string[];
	/** other things worth telling (connection alert) that do not decide the bucket */
	notes: string[];
}

function plural(n: number, unit: string): string {
	return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Whole days from an instant to T, as "9 days". When the age is over a threshold of N days whose
 * whole days are still N (5 days 14 hours, threshold 5), it says "more than 5 days", so the text
 * never seems to contradict the rule.
 */
function daysText(ms: number, T: number, overLimit: number | null): string {
	const days = wholeDaysBetween(ms, T);
	return overLimit !== null && days <= overLimit
		? `more than ${plural(overLimit, 'day')}`
		: plural(days, 'day');
}

function backupAgoText(last: number, T: number, limit: number): string {
	return `last completed backup ${daysText(last, T, limit)} ago`;
}

/** Alert names in an `alertStates` cell, which may list several (comma, semicolon or space). */
export function parseAlerts(alertStates: string | null | undefined): Set<string> {
	const alerts = new Set<string>();
	for (const token of (alertStates ?? '').split(/[\s,;|]+/)) {
		if (token !== '') alerts.add(token.toLowerCase());
	}
	return alerts;
}

/**
 * Backup health of a device as of T, the first that applies:
 * - never: no completed backup on any destination;
 * - critical: most recent completed backup more than `criticalDays` before T, or the worst alert
 *   is CriticalBackupAlert;
 * - warning: more than `warningDays`, or WarningBackupAlert;
 * - ok.
 * With several destinations the device takes its most recent completed backup and its worst alert.
 * "More than N days" is strict: exactly N × 24 h is not more.
 *
 * CriticalConnectionAlert is not in domain.md's rule, so it does not change the bucket: a device
 * that cannot connect soon fails the day rule anyway. It is reported as a note.
 *
 * Returns null for a device with no health: not active, or known only from enrollment lists
 * (`archives === null`, which carry no backup state). Such devices are in no bucket.
 */
export function healthAt(
	device: Device,
	T: number,
	thresholds: HealthThresholds
): DeviceHealth | null {
	if (device.archives === null || !isActiveStatus(device.status)) return null;
	let last = -Infinity;
	let lastIso: string | null = null;
	let critical = false;
	let warning = false;
	let connectionAlert = false;
	for (const archive of device.archives) {
		const ms = parseInstant(archive.lastCompletedBackup);
		if (ms !== null && ms > last) {
			last = ms;
			lastIso = archive.lastCompletedBackup;
		}
		// Substring tests, not parseAlerts: this runs for every destination of every device, and no
		// alert name contains another.
		const alerts = archive.alertStates ? archive.alertStates.toLowerCase() : '';
		if (alerts === 'ok' || alerts === '') continue;
		if (alerts.includes('criticalbackupalert')) critical = true;
		if (alerts.includes('warningbackupalert')) warning = true;
		if (alerts.includes('criticalconnectionalert')) connectionAlert = true;
	}

	let bucket: HealthBucket;
	let failure = false;
	let backupAgeDays: number | null = null;
	const reasons: string[] = [];
	if (lastIso === null) {
		bucket = 'never';
		const installed = parseInstant(device.creationDate);
		if (installed === null) {
			// Without an install date the grace cannot be measured: not counted a failure.
			reasons.push('first backup not finished (install date unknown)');
		} else {
			failure = T - installed > thresholds.firstBackupGraceDays * DAY_MS;
			const days = daysText(installed, T, failure ? thresholds.firstBackupGraceDays : null);
			reasons.push(`first backup not finished ${days} after install`);
		}
	} else {
		const age = T - last;
		backupAgeDays = age / DAY_MS;
		const overCritical = age > thresholds.criticalDays * DAY_MS;
		const overWarning = age > thresholds.warningDays * DAY_MS;
		if (overCritical || critical) {
			bucket = 'critical';
			failure = true;
			if (overCritical) reasons.push(backupAgoText(last, T, thresholds.criticalDays));
			if (critical) reasons.push('Code42 says CriticalBackupAlert');
		} else if (overWarning || warning) {
			bucket = 'warning';
			if (overWarning) reasons.push(backupAgoText(last, T, thresholds.warningDays));
			if (warning) reasons.push('Code42 says WarningBackupAlert');
		} else {
			bucket = 'ok';
		}
	}
	return {
		bucket,
		lastCompletedBackup: lastIso,
		backupAgeDays,
		worstAlert: critical ? 'CriticalBackupAlert' : warning ? 'WarningBackupAlert' : null,
		connectionAlert,
		failure,
		reasons,
		notes: connectionAlert ? ['Code42 says CriticalConnectionAlert'] : []
	};
}

/** Backup health of a device as of the end of day `asOf` (see `healthAt`). */
export function assessHealth(
	device: Device,
	asOf: string,
	thresholds: HealthThresholds = DEFAULT_THRESHOLDS
): DeviceHealth | null {
	return healthAt(device, asOfInstant(asOf), thresholds);
}

export interface HealthCounts {
	ok: number;
	warning: number;
	critical: number;
	never: number;
	/** critical + never past the first-backup grace */
	failures: number;
	/** active devices known only from enrollment lists: no backup state, in no bucket */
	unknown: number;
}

export function emptyHealthCounts(): HealthCounts {
	return { ok: 0, warning: 0, critical: 0, never: 0, failures: 0, unknown: 0 };
}

// A device's place in the counts packed in one small number, so that the history can keep it for
// every device of every report: bit 0 active, bit 1 a failure, bits 2-4 the bucket (0: none).
const ACTIVE = 1;
const FAILURE = 2;
const BUCKET_SHIFT = 2;
const BUCKETS: readonly (HealthBucket | null)[] = [null, 'ok', 'warning', 'critical', 'never'];

/** A device's place in the counts (see addToHealthCounts), as addHealthCode takes it. */
export function healthCode(device: Device, health: DeviceHealth | null): number {
	const active = isActiveStatus(device.status) ? ACTIVE : 0;
	if (health === null) return active;
	return active | (health.failure ? FAILURE : 0) | (BUCKETS.indexOf(health.bucket) << BUCKET_SHIFT);
}

/** Whether the device of a health code is active. */
export const isActiveCode = (code: number): boolean => (code & ACTIVE) !== 0;

/** Adds one device's health code to the counts (no health of an active device counts as unknown). */
export function addHealthCode(counts: HealthCounts, code: number): void {
	const bucket = BUCKETS[code >> BUCKET_SHIFT];
	if (bucket === null) {
		if (isActiveCode(code)) counts.unknown += 1;
		return;
	}
	counts[bucket] += 1;
	if (code & FAILURE) counts.failures += 1;
}

/** Adds one device's health to the counts (null health of an active device counts as unknown). */
export function addToHealthCounts(
	counts: HealthCounts,
	device: Device,
	health: DeviceHealth | null
): void {
	addHealthCode(counts, healthCode(device, health));
}

/** Devices per bucket as of D. */
export function healthCounts(
	devices: readonly Device[],
	asOf: string,
	thresholds: HealthThresholds = DEFAULT_THRESHOLDS
): HealthCounts {
	const T = asOfInstant(asOf);
	const counts = emptyHealthCounts();
	for (const device of distinctDevices(devices))
		addToHealthCounts(counts, device, healthAt(device, T, thresholds));
	return counts;
}

export interface Failure {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	username: string | null;
	department: string;
	bucket: 'critical' | 'never';
	/** each cause as a sentence: "last completed backup 9 days ago", "Code42 says CriticalBackupAlert" */
	reasons: string[];
	/** the reasons joined with '; ', for a one-line listing */
	reason: string;
	lastCompletedBackup: string | null;
	creationDate: string | null;
}

/** Failing devices, by department (UNASSIGNED last), then short hostname, then deviceUid. */
export function listFailures(
	state: Pick<DashboardState, 'asOf' | 'departments' | 'devices' | 'managed' | 'thresholds'>
): Failure[] {
	const T = asOfInstant(state.asOf);
	const resolver = createDepartmentResolver(state.departments);
	const inventory = indexManaged(state.managed, resolver);
	const failures: Failure[] = [];
	for (const device of distinctDevices(state.devices)) {
		const health = healthAt(device, T, state.thresholds);
		if (!health || !health.failure || (health.bucket !== 'critical' && health.bucket !== 'never'))
			continue;
		failures.push({
			deviceUid: device.deviceUid,
			deviceName: device.deviceName,
			shortHostname: deviceShortName(device),
			username: device.username,
			department: departmentOfDevice(device, inventory, resolver).code,
			bucket: health.bucket,
			reasons: health.reasons,
			reason: health.reasons.join('; '),
			lastCompletedBackup: health.lastCompletedBackup,
			creationDate: device.creationDate
		});
	}
	const order = new Map([...resolver.codes, UNASSIGNED].map((c, i) => [c, i]));
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return failures.sort(
		(a, b) =>
			(order.get(a.department) ?? 0) - (order.get(b.department) ?? 0) ||
			cmp(a.shortHostname, b.shortHostname) ||
			cmp(a.deviceUid, b.deviceUid)
	);
}
