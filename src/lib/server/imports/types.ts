// Shared shapes of the parsing layer: what each export format turns into, and how a refusal is told.
// Money is integer cents, sizes integer bytes, instants ISO-8601 UTC text, months YYYY-MM, days
// YYYY-MM-DD (shared/conventions.md, "Data").

export type ExportKind =
	| 'code42-devices'
	| 'code42cli-devices'
	| 'ezbackup-billing'
	| 'ezbackup-summary'
	| 'inventory'
	| 'departments';

/** The kinds that come as delimited text with a header row (all but the Billing Summary). */
export type CsvKind = Exclude<ExportKind, 'ezbackup-summary'>;

export const EXPORT_KINDS: readonly ExportKind[] = [
	'code42-devices',
	'code42cli-devices',
	'ezbackup-billing',
	'ezbackup-summary',
	'inventory',
	'departments'
];

/** How the user would name each kind in a sentence. */
export const KIND_TITLES: Record<ExportKind, string> = {
	'code42-devices': 'a Code42 device backup report',
	'code42cli-devices': 'a code42cli device list',
	'ezbackup-billing': 'an EZ-Backup billing export',
	'ezbackup-summary': 'an EZ-Backup Billing Summary',
	inventory: 'a managed-computer inventory',
	departments: 'a department list'
};

/** Numeric dates such as 03/04/2020: month first (US) or day first. */
export type DateOrder = 'mdy' | 'dmy';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** One problem in a file. Same shape as the `ImportError` the database keeps. */
export interface ImportProblem {
	/** 1-based physical line of the file; null when the problem is the file as a whole */
	line: number | null;
	/** the column's header as written in the file; null when the problem is not one cell's */
	column: string | null;
	value?: string | null;
	/** a sentence: what went wrong, where (file, line, column), what to do */
	message: string;
}

export interface ColumnSpec {
	/** the name the row functions use */
	key: string;
	/** the header as the exporting system writes it */
	header: string;
	/** a file without this column is refused ('unless-billing-month': unless the uploader set one) */
	required?: boolean | 'unless-billing-month';
	/** other headers accepted for the column (compared after normalization) */
	aliases?: readonly string[];
}

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
