// Reads the Code42 reports one at a time (health over time, first-backup durations) and one
// device's rows across them (the device page), without building the whole state: a campus holds
// 20,000 devices in each of 26 weekly reports, so each report is read alone, and the history keeps
// only its facts (pages/health.ts).
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { DEVICE_KINDS, isDeviceKind, type DeviceKind } from '../imports/formats';
import type { Db } from './db';
import { deviceRows, imports, managed } from './db/schema';
import { managedNow } from './kept/managed';
import type { ReportSnapshot } from './metrics/firstbackup';
import type { Archive, Device, ManagedComputer } from './metrics/types';

export interface ReportInForce {
	importId: number;
	kind: DeviceKind;
	asOf: string;
	/** of the imported file: with the import's id, names its rows for good */
	sha256: string;
}

/**
 * The Code42 reports in force on or before a date, oldest first: for each kind and as-of date the
 * latest import (a re-export of the same day replaces the earlier one), as in state.ts.
 */
export function reportsInForce(db: Db, asOf: string, kind?: DeviceKind): ReportInForce[] {
	const kinds = kind ? [kind] : [...DEVICE_KINDS];
	const same = alias(imports, 'j');
	const latestOfDay = db
		.select({ id: sql`max(${same.id})` })
		.from(same)
		.where(
			and(eq(same.status, 'imported'), eq(same.kind, imports.kind), eq(same.asOf, imports.asOf))
		);
	return (
		db
			.select({
				importId: imports.id,
				kind: imports.kind,
				asOf: imports.asOf,
				sha256: imports.sha256
			})
			.from(imports)
			.where(
				and(
					eq(imports.status, 'imported'),
					inArray(imports.kind, kinds),
					lte(imports.asOf, asOf),
					eq(imports.id, latestOfDay)
				)
			)
			.orderBy(asc(imports.asOf), asc(imports.kind))
			.all()
			// the conditions above already keep to these kinds and to dated imports: this only
			// tells the types so
			.flatMap(({ importId, kind, asOf, sha256 }) =>
				isDeviceKind(kind) && asOf !== null ? [{ importId, kind, asOf, sha256 }] : []
			)
	);
}

interface RowOfReport {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	orgName: string | null;
	username: string | null;
	os: string | null;
	status: string;
	creationDate: string | null;
	lastConnected: string | null;
	archiveGuid: string | null;
	destinationName: string | null;
	alertStates: string | null;
	lastCompletedBackup: string | null;
	backupCompletePercentage: number | null;
	selectedBytes: number | null;
	archiveBytes: number | null;
}

const ROW_COLUMNS = {
	deviceUid: deviceRows.deviceUid,
	deviceName: deviceRows.deviceName,
	shortHostname: deviceRows.shortHostname,
	orgName: deviceRows.orgName,
	username: deviceRows.username,
	os: deviceRows.os,
	status: deviceRows.status,
	creationDate: deviceRows.creationDate,
	lastConnected: deviceRows.lastConnected,
	archiveGuid: deviceRows.archiveGuid,
	destinationName: deviceRows.destinationName,
	alertStates: deviceRows.alertStates,
	lastCompletedBackup: deviceRows.lastCompletedBackup,
	backupCompletePercentage: deviceRows.backupCompletePercentage,
	selectedBytes: deviceRows.selectedBytes,
	archiveBytes: deviceRows.archiveBytes
};

function archiveOf(row: RowOfReport): Archive {
	return {
		archiveGuid: row.archiveGuid,
		destinationName: row.destinationName ?? '',
		alertStates: row.alertStates ?? '',
		lastCompletedBackup: row.lastCompletedBackup,
		backupCompletePercentage: row.backupCompletePercentage,
		selectedBytes: row.selectedBytes,
		archiveBytes: row.archiveBytes
	};
}

/** Groups one report's rows (one per destination) into devices. */
function devicesOf(rows: Iterable<RowOfReport>, kind: DeviceKind, asOf: string): Device[] {
	const byUid = new Map<string, Device>();
	for (const row of rows) {
		const held = byUid.get(row.deviceUid);
		if (held) {
			held.archives?.push(archiveOf(row));
			continue;
		}
		byUid.set(row.deviceUid, {
			deviceUid: row.deviceUid,
			deviceName: row.deviceName,
			shortHostname: row.shortHostname,
			orgName: row.orgName,
			username: row.username,
			os: row.os,
			status: row.status,
			creationDate: row.creationDate,
			lastConnected: row.lastConnected,
			reportAsOf: asOf,
			// enrollment lists carry no backup state
			archives: kind === 'code42-devices' ? [archiveOf(row)] : null
		});
	}
	return [...byUid.values()];
}

/**
 * One Code42 device backup report's devices. Only what the health and first-backup rules read is
 * loaded (uid, status, install date, OS, each destination's last completed backup and alerts):
 * names and sizes come from the state when a page needs them.
 */
export function reportSnapshot(
	db: Db,
	report: Pick<ReportInForce, 'importId' | 'asOf'>
): ReportSnapshot {
	const rows = db
		.select({
			uid: deviceRows.deviceUid,
			status: deviceRows.status,
			creationDate: deviceRows.creationDate,
			os: deviceRows.os,
			last: deviceRows.lastCompletedBackup,
			alerts: deviceRows.alertStates
		})
		.from(deviceRows)
		.where(eq(deviceRows.importId, report.importId))
		.all();
	const byUid = new Map<string, Device>();
	for (const { uid, status, creationDate, os, last, alerts } of rows) {
		const archive: Archive = {
			archiveGuid: null,
			destinationName: '',
			alertStates: alerts ?? '',
			lastCompletedBackup: last,
			backupCompletePercentage: null,
			selectedBytes: null,
			archiveBytes: null
		};
		const held = byUid.get(uid);
		if (held) {
			held.archives?.push(archive);
			continue;
		}
		byUid.set(uid, {
			deviceUid: uid,
			deviceName: '',
			shortHostname: '',
			orgName: null,
			username: null,
			os,
			status,
			creationDate,
			lastConnected: null,
			reportAsOf: report.asOf,
			archives: [archive]
		});
	}
	return { asOf: report.asOf, devices: [...byUid.values()] };
}

export interface DeviceHistoryEntry {
	asOf: string;
	kind: DeviceKind;
	/** the device as that report holds it */
	device: Device;
}

/** One device in every Code42 report in force that holds it, oldest first (lists before reports). */
export function loadDeviceHistory(db: Db, deviceUid: string, asOf: string): DeviceHistoryEntry[] {
	const reports = reportsInForce(db, asOf);
	if (reports.length === 0) return [];
	const byImport = new Map(reports.map((r) => [r.importId, r]));
	const rows = db
		.select({ importId: deviceRows.importId, ...ROW_COLUMNS })
		.from(deviceRows)
		.where(eq(deviceRows.deviceUid, deviceUid))
		.orderBy(asc(deviceRows.importId), asc(deviceRows.id))
		.all();
	const grouped = new Map<number, RowOfReport[]>();
	for (const row of rows) {
		if (!byImport.has(row.importId)) continue;
		const list = grouped.get(row.importId);
		if (list) list.push(row);
		else grouped.set(row.importId, [row]);
	}
	const history: DeviceHistoryEntry[] = [];
	for (const report of reports) {
		const list = grouped.get(report.importId);
		if (!list) continue;
		const [device] = devicesOf(list, report.kind, report.asOf);
		history.push({ asOf: report.asOf, kind: report.kind, device });
	}
	return history;
}

/**
 * The device's state as of D from its history, by state.ts's rule: the latest as-of date; on
 * the same day a device report beats an enrollment list. Backup state only ever comes from
 * device reports, and an install date missing from that row comes from the device's other rows.
 */
export function deviceStateOf(history: readonly DeviceHistoryEntry[]): Device | null {
	if (history.length === 0) return null;
	const rank = (e: DeviceHistoryEntry) => `${e.asOf}${e.kind === 'code42-devices' ? 1 : 0}`;
	let latest = history[0];
	for (const entry of history) if (rank(entry) >= rank(latest)) latest = entry;
	let latestReport: DeviceHistoryEntry | null = null;
	for (const entry of history) {
		if (entry.kind === 'code42-devices' && (!latestReport || entry.asOf >= latestReport.asOf))
			latestReport = entry;
	}
	let creationDate = latest.device.creationDate;
	if (creationDate === null) {
		for (const entry of history) {
			const c = entry.device.creationDate;
			if (c !== null && (creationDate === null || c < creationDate)) creationDate = c;
		}
	}
	return { ...latest.device, creationDate, archives: latestReport?.device.archives ?? null };
}

/**
 * The computer of a short hostname in the inventory in force now (the kept `managed`), which
 * places its devices in a department.
 */
export function loadManagedByShortName(db: Db, shortName: string): ManagedComputer[] {
	return db
		.select({
			computerName: managed.computerName,
			shortName: managed.shortName,
			department: managed.departmentText,
			os: managed.os,
			lastSeen: managed.lastSeen
		})
		.from(managed)
		.where(and(eq(managed.shortName, shortName), managedNow()))
		.all();
}
