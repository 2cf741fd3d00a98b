// Plain data the rules work on. The database layer (src/lib/server/state.ts) builds these from the
// effective rows of the imports; the rules in this folder never touch the database.

export interface Department {
	code: string;
	name: string;
	aliases: string[];
}

/** One backup destination (archive) of a device, as the latest Code42 device backup report holds it. */
export interface Archive {
	archiveGuid: string | null;
	destinationName: string;
	alertStates: string; // e.g. "OK", "CriticalBackupAlert" (may list several, comma separated)
	lastCompletedBackup: string | null; // ISO-8601 UTC instant
	backupCompletePercentage: number | null;
	selectedBytes: number | null;
	archiveBytes: number | null;
}

export interface Device {
	deviceUid: string;
	deviceName: string;
	/** lower-cased, cut at the first "." (domain.md, "Short hostname") */
	shortHostname: string;
	orgName: string | null;
	username: string | null;
	os: string | null; // win, win64, mac, mac_arm64, linux
	/** latest status, e.g. "Active", "Deactivated", "Active, Deauthorized" */
	status: string;
	creationDate: string | null; // ISO-8601 UTC instant: the install date
	lastConnected: string | null;
	/** as-of date (YYYY-MM-DD) of the report the device's state comes from */
	reportAsOf: string;
	/** null when the device is known only from enrollment lists (code42cli), which carry no backup state */
	archives: Archive[] | null;
}

export interface ManagedComputer {
	computerName: string;
	shortName: string;
	/** as the inventory writes it (code, name or alias); null when blank */
	department: string | null;
	os: string | null;
	lastSeen: string | null; // YYYY-MM-DD
}

export interface Charge {
	month: string; // YYYY-MM
	nodename: string;
	account: string;
	department: string | null; // as written in the file (code, name or alias)
	totalBytes: number | null;
	totalCents: number;
}

/** A link made or removed by hand by an administrator; it wins over the name rule. */
export interface HandLink {
	nodename: string;
	deviceUid: string;
	linked: boolean;
}

export interface HealthThresholds {
	warningDays: number; // default 3
	criticalDays: number; // default 5
	firstBackupGraceDays: number; // default 14
}

export type HealthBucket = 'ok' | 'warning' | 'critical' | 'never';

/** Everything the figures are computed from, as of one date. */
export interface DashboardState {
	/** YYYY-MM-DD; figures are as of the end of this day in UTC */
	asOf: string;
	departments: Department[];
	/** each distinct device ever seen in a report dated on or before asOf, in its latest state */
	devices: Device[];
	/** the inventory in force now (each source's latest list): it places devices in departments */
	managed: ManagedComputer[];
	/**
	 * the computers managed on asOf (each source's list in force that day): adoption's
	 * denominator, its stragglers and pace; `managed` when absent (one undated inventory)
	 */
	managedOn?: ManagedComputer[];
	/** every billed month, those after asOf too: the rules read them up to the as-of month */
	charges: Charge[];
	handLinks: HandLink[];
	thresholds: HealthThresholds;
	/** central cost of Code42 per active device per month, in cents (a setting; null while unset) */
	code42CentsPerDeviceMonth?: number | null;
}

/** An EZ-Backup tariff, in force from its effective month until the next one. */
export interface Tariff {
	/** YYYY-MM */
	effectiveMonth: string;
	/** per node per month, in cents (550 = $5.50) */
	baseCents: number;
	/** bytes included in the base (decimal: 50 GB = 50e9) */
	includedBytes: number;
	/** whole cents per decimal GB (1e9 bytes) over the included bytes; a part of a GB is charged pro rata */
	centsPerExtraGB: number;
}
