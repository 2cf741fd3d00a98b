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

// A device's place in the counts packed in one small number, so that the history can keep it for
// every device of every report: bit 0 active, bit 1 a failure, bits 2-4 the bucket (0: none).
const ACTIVE = 1;
const FAILURE = 2;
const BUCKET_SHIFT = 2;
const BUCKETS: readonly (HealthBucket | null)[] = [null, 'ok', 'warning', 'critical', 'never'];

/** Alerts over a device's destinations, as bits (a destination may list several). */
export const ALERT = { critical: 1, warning: 2, connection: 4 } as const;

/**
 * The alerts of one `alertStates` cell as ALERT bits. Substring tests, not parseAlerts: this runs
 * for every destination of every device, and no alert name contains another.
 */
export function alertBits(alertStates: string | null | undefined): number {
	const alerts = alertStates ? alertStates.toLowerCase() : '';
	if (alerts === 'ok' || alerts === '') return 0;
	return (
		(alerts.includes('criticalbackupalert') ? ALERT.critical : 0) |
		(alerts.includes('warningbackupalert') ? ALERT.warning : 0) |
		(alerts.includes('criticalconnectionalert') ? ALERT.connection : 0)
	);
}

/** What the health rule reads of a device, its destinations combined. */
export interface BackupState {
	active: boolean;
	/** false for a device known only from enrollment lists, which carry no backup state */
	hasBackup: boolean;
	/** the most recent completed backup over all destinations, ms */
	lastCompletedMs: number | null;
	/** that backup as written (ISO 8601); made from the ms when not given */
	lastCompleted?: string | null;
	/** ALERT bits over all destinations */
	alerts: number;
	/** the install (creationDate), ms */
	creationMs: number | null;
}

/** A device's destinations combined: most recent completed backup, every alert. */
export function backupStateOf(device: Device): BackupState {
	let last: number | null = null;
	let lastCompleted: string | null = null;
	let alerts = 0;
	for (const archive of device.archives ?? []) {
		const ms = parseInstant(archive.lastCompletedBackup);
		if (ms !== null && (last === null || ms > last)) {
			last = ms;
			lastCompleted = archive.lastCompletedBackup;
		}
		alerts |= alertBits(archive.alertStates);
	}
	return {
		active: isActiveStatus(device.status),
		hasBackup: device.archives !== null,
		lastCompletedMs: last,
		lastCompleted,
		alerts,
		creationMs: parseInstant(device.creationDate)
	};
}

interface Classified {
	bucket: HealthBucket;
	failure: boolean;
	overCritical: boolean;
	overWarning: boolean;
}

/** The bucket and whether it is a failure: the rule itself, without the sentences. */
function classify(state: BackupState, T: number, thresholds: HealthThresholds): Classified {
	const last = state.lastCompletedMs;
	if (last === null) {
		// without an install date the grace cannot be measured: not counted a failure
		const installed = state.creationMs;
		const failure = installed !== null && T - installed > thresholds.firstBackupGraceDays * DAY_MS;
		return { bucket: 'never', failure, overCritical: false, overWarning: false };
	}
	const age = T - last;
	const overCritical = age > thresholds.criticalDays * DAY_MS;
	const overWarning = age > thresholds.warningDays * DAY_MS;
	if (overCritical || state.alerts & ALERT.critical)
		return { bucket: 'critical', failure: true, overCritical, overWarning };
	if (overWarning || state.alerts & ALERT.warning)
		return { bucket: 'warning', failure: false, overCritical, overWarning };
	return { bucket: 'ok', failure: false, overCritical, overWarning };
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
 * (no backup state). Such devices are in no bucket.
 */
export function healthOf(
	state: BackupState,
	T: number,
	thresholds: HealthThresholds
): DeviceHealth | null {
	if (!state.hasBackup || !state.active) return null;
	const { bucket, failure, overCritical, overWarning } = classify(state, T, thresholds);
	const last = state.lastCompletedMs;
	const reasons: string[] = [];
	if (last === null) {
		const installed = state.creationMs;
		if (installed === null) reasons.push('first backup not finished (install date unknown)');
		else {
			const days = daysText(installed, T, failure ? thresholds.firstBackupGraceDays : null);
			reasons.push(`first backup not finished ${days} after install`);
		}
	} else if (bucket === 'critical') {
		if (overCritical) reasons.push(backupAgoText(last, T, thresholds.criticalDays));
		if (state.alerts & ALERT.critical) reasons.push('Code42 says CriticalBackupAlert');
	} else if (bucket === 'warning') {
		if (overWarning) reasons.push(backupAgoText(last, T, thresholds.warningDays));
		if (state.alerts & ALERT.warning) reasons.push('Code42 says WarningBackupAlert');
	}
	const connectionAlert = (state.alerts & ALERT.connection) !== 0;
	return {
		bucket,
		lastCompletedBackup:
			last === null ? null : (state.lastCompleted ?? new Date(last).toISOString()),
		backupAgeDays: last === null ? null : (T - last) / DAY_MS,
		worstAlert:
			state.alerts & ALERT.critical
				? 'CriticalBackupAlert'
				: state.alerts & ALERT.warning
					? 'WarningBackupAlert'
					: null,
		connectionAlert,
		failure,
		reasons,
		notes: connectionAlert ? ['Code42 says CriticalConnectionAlert'] : []
	};
}

/** Backup health of a device as of T (see `healthOf`). */
export function healthAt(
	device: Device,
	T: number,
	thresholds: HealthThresholds
): DeviceHealth | null {
	return healthOf(backupStateOf(device), T, thresholds);
}

/**
 * A device's place in the counts as one small number (see addHealthCode): what SQL reads of the
 * rule, through the function `health_code` (db/functions.ts).
 */
export function healthCodeOf(state: BackupState, T: number, thresholds: HealthThresholds): number {
	const active = state.active ? ACTIVE : 0;
	if (!state.hasBackup || !state.active) return active;
	const { bucket, failure } = classify(state, T, thresholds);
	return active | (failure ? FAILURE : 0) | (BUCKETS.indexOf(bucket) << BUCKET_SHIFT);
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
