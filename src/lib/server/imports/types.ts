// What each export format turns into. Money is integer cents, sizes integer bytes, instants
// ISO-8601 UTC text, months YYYY-MM, days YYYY-MM-DD (shared/conventions.md, "Data"). The formats
// themselves (kinds, columns, header matching) and the problem a refusal lists are defined once
// for the browser and the server: src/lib/imports/formats.ts and outcome.ts.

import type { DateOrder, ExportKind } from '../../imports/formats';

/** A row of the Code42 device backup report: one device, one destination (archive). */
export interface Code42DeviceRecord {
	archiveGuid: string | null;
	orgName: string | null;
	username: string | null;
	deviceUid: string;
	deviceName: string;
	deviceOsHostname: string | null;
	destinationUid: string | null;
	destinationName: string | null;
	/** as written: "Active", "Deactivated", "Blocked", "Active, Deauthorized" */
	status: string;
	/** as written: "OK", "CriticalBackupAlert", possibly several, comma separated */
	alertStates: string | null;
	os: string | null;
	creationDate: string | null;
	selectedBytes: number | null;
	backupCompletePercentage: number | null;
	archiveBytes: number | null;
	lastConnectedDate: string | null;
	lastCompletedBackupDate: string | null;
	lastActivity: string | null;
}

/** A row of `code42 devices list -f CSV`: enrollment only, no backup state. */
export interface Code42CliDeviceRecord {
	/** the `guid` column: the same identity as the device report's deviceUid */
	deviceUid: string;
	computerId: string | null;
	deviceName: string;
	deviceOsHostname: string | null;
	status: string;
	lastConnectedDate: string | null;
	creationDate: string | null;
	productVersion: string | null;
	osName: string | null;
	osVersion: string | null;
	userUid: string | null;
	archiveCount: number | null;
	totalStorageBytes: number | null;
	username: string | null;
}

/** One billed node in one month, from the billing export or the Billing Summary. */
export interface BillingCharge {
	month: string;
	/** the KFS account charged, e.g. IT-ANS1004 */
	account: string;
	/** as written (code, name or alias); null when the file has none */
	department: string | null;
	/** as written; Billing Summary names are cut to 20 characters, a trailing `-` kept */
	nodename: string;
	backupBytes: number | null;
	archiveBytes: number | null;
	totalBytes: number | null;
	extraBytes: number | null;
	/** null when the file has no such money column: the caller computes it from the tariff */
	baseCents: number | null;
	extraCents: number | null;
	totalCents: number | null;
}

export interface InventoryRecord {
	computerName: string;
	/** as written (code, name or alias); null when the cell is empty */
	department: string | null;
	os: string | null;
	/** YYYY-MM-DD as written in the file (no time zone shift) */
	lastSeen: string | null;
	/** the system that lists it, from the optional Source column; null without one */
	source: string | null;
}

export interface DepartmentRecord {
	code: string;
	name: string;
	aliases: string[];
}

export interface RecordByKind {
	'code42-devices': Code42DeviceRecord;
	'code42cli-devices': Code42CliDeviceRecord;
	'ezbackup-billing': BillingCharge;
	'ezbackup-summary': BillingCharge;
	inventory: InventoryRecord;
	departments: DepartmentRecord;
}

export type ExportRecord = RecordByKind[ExportKind];

/** What a file comes with: its name, who sends it, and the choices made for it. */
export interface ImportRequest {
	fileName: string;
	kind?: ExportKind;
	/** Code42 reports: the day it was exported; by default the latest activity in it */
	asOf?: string;
	/** Billing Summary (or a billing export without the column): the month, when the file does not state it */
	billingMonth?: string;
	dateOrder?: DateOrder;
	/** inventory: the system listing the computers, when the file has no Source column */
	source?: string;
	uploadedBy: string;
	sample?: boolean;
}

/** The source of an inventory that names none (domain.md). */
export const DEFAULT_SOURCE = 'inventory';
