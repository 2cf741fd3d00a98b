// What the browser needs to know about each export before anything is sent: the kinds, their
// columns, which header a file has. Pure (no Node, no server modules), so the upload page's worker
// can run it. The server's parse layer (src/lib/server/imports) is the authority; kinds.spec.ts
// fails when the two disagree on a column.

export type ExportKind =
	| 'code42-devices'
	| 'code42cli-devices'
	| 'ezbackup-billing'
	| 'ezbackup-summary'
	| 'inventory'
	| 'departments';

export type DateOrder = 'mdy' | 'dmy';

export const KIND_NAMES: Record<ExportKind, string> = {
	'code42-devices': 'Code42 device backup report',
	'code42cli-devices': 'code42cli device list',
	'ezbackup-billing': 'EZ-Backup billing export',
	'ezbackup-summary': 'EZ-Backup Billing Summary',
	inventory: 'Managed-computer inventory',
	departments: 'Department list'
};

export const EXPORT_KINDS = Object.keys(KIND_NAMES) as ExportKind[];

export interface ClientColumn {
	key: string;
	header: string;
	required?: boolean | 'unless-billing-month';
	aliases?: readonly string[];
}

export interface ClientFormat {
	columns: readonly ClientColumn[];
	/** columns that must all be there for a header to be taken as this kind */
	identifying: readonly string[];
	/** columns holding dates, whose numeric form (03/04/2020) needs a settled order */
	dateColumns: readonly string[];
	/** columns whose latest value is the day a Code42 export was made (its as-of date) */
	asOfColumns: readonly string[];
}

const CODE42_REQUIRED = new Set([
	'deviceUid',
	'deviceName',
	'status',
	'alertStates',
	'creationDate',
	'lastCompletedBackupDate'
]);

const CODE42_HEADERS = [
	'archiveGuid',
	'orgUid',
	'orgName',
	'orgExtRef',
	'userUid',
	'username',
	'email',
	'userExtRef',
	'deviceUid',
	'deviceName',
	'deviceOsHostname',
	'deviceExtRef',
	'destinationUid',
	'destinationName',
	'serverUid',
	'serverName',
	'version',
	'status',
	'userStatus',
	'alertStates',
	'os',
	'osVersion',
	'address',
	'remoteAddress',
	'creationDate',
	'selectedBytes',
	'backupCompletePercentage',
	'archiveBytes',
	'coldStorage',
	'lastConnectedDate',
	'lastCompletedBackupDate',
	'lastActivity',
	'mostRecentUserProfileCreationResult',
	'mostRecentUserProfileBackupResult'
];

export const CLIENT_FORMATS: Record<Exclude<ExportKind, 'ezbackup-summary'>, ClientFormat> = {
	'code42-devices': {
		columns: CODE42_HEADERS.map((header) => ({
			key: header,
			header,
			required: CODE42_REQUIRED.has(header)
		})),
		identifying: ['deviceUid'],
		dateColumns: ['creationDate', 'lastConnectedDate', 'lastCompletedBackupDate', 'lastActivity'],
		asOfColumns: ['lastActivity', 'lastConnectedDate']
	},
	'code42cli-devices': {
		columns: [
			{ key: 'computerId', header: 'computerId' },
			{ key: 'guid', header: 'guid', required: true },
			{ key: 'name', header: 'name', required: true },
			{ key: 'osHostname', header: 'osHostname' },
			{ key: 'status', header: 'status', required: true },
			{ key: 'lastConnected', header: 'lastConnected' },
			{ key: 'creationDate', header: 'creationDate', required: true },
			{ key: 'productVersion', header: 'productVersion' },
			{ key: 'osName', header: 'osName' },
			{ key: 'osVersion', header: 'osVersion' },
			{ key: 'userUid', header: 'userUid' },
			{ key: 'archiveCount', header: 'archiveCount' },
			{ key: 'totalStorageBytes', header: 'totalStorageBytes' },
			{ key: 'username', header: 'username' }
		],
		identifying: ['guid'],
		dateColumns: ['lastConnected', 'creationDate'],
		asOfColumns: ['lastConnected']
	},
	'ezbackup-billing': {
		columns: [
			{ key: 'billingMonth', header: 'Billing Month', required: 'unless-billing-month' },
			{ key: 'account', header: 'Account', required: true },
			{ key: 'department', header: 'Department' },
			{ key: 'nodename', header: 'Nodename', required: true, aliases: ['Node'] },
			{ key: 'backup', header: 'Backup' },
			{ key: 'archive', header: 'Archive', aliases: ['Archiv'] },
			{ key: 'total', header: 'Total', required: true },
			{ key: 'extra', header: 'Extra' },
			{ key: 'baseMoney', header: '$ Base' },
			{ key: 'extraMoney', header: '$ Extra' },
			{ key: 'totalMoney', header: '$ Total' }
		],
		identifying: ['nodename'],
		dateColumns: [],
		asOfColumns: []
	},
	inventory: {
		columns: [
			{ key: 'computerName', header: 'Computer Name', required: true },
			{ key: 'department', header: 'Department', required: true },
			{ key: 'os', header: 'OS' },
			{ key: 'lastSeen', header: 'Last Seen' }
		],
		identifying: ['computerName'],
		dateColumns: ['lastSeen'],
		asOfColumns: []
	},
	departments: {
		columns: [
			{ key: 'code', header: 'Code', required: true },
			{ key: 'name', header: 'Name', required: true },
			{ key: 'aliases', header: 'Aliases' }
		],
		identifying: ['code', 'name'],
		dateColumns: [],
		asOfColumns: []
	}
};

type CsvKind = keyof typeof CLIENT_FORMATS;
const CSV_KINDS = Object.keys(CLIENT_FORMATS) as CsvKind[];

/** Case-insensitive, ignoring spaces, `_`, `-` and `#`; a leading `$` stays (domain.md). */
export function normalizeHeader(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/[\s_\-#\u00a0\u202f]+/g, '')
		.toLowerCase();
}

export interface ClientHeaderMapping {
	/** column key → position */
	index: Map<string, number>;
	recognized: string[];
	ignored: string[];
	/** required columns the header lacks, as the exporting system writes them */
	missing: string[];
}

export function mapColumns(
	cells: readonly string[],
	format: ClientFormat,
	billingMonth?: string
): ClientHeaderMapping {
	const byName = new Map<string, ClientColumn>();
	for (const column of format.columns) {
		byName.set(normalizeHeader(column.header), column);
		for (const alias of column.aliases ?? []) byName.set(normalizeHeader(alias), column);
	}
	const index = new Map<string, number>();
	const recognized: string[] = [];
	const ignored: string[] = [];
	cells.forEach((cell, at) => {
		const column = byName.get(normalizeHeader(cell));
		const written = cell.replace(/^\uFEFF/, '').trim();
		if (!column) {
			if (written !== '') ignored.push(written);
			return;
		}
		recognized.push(written);
		if (!index.has(column.key)) index.set(column.key, at);
	});
	const missing = format.columns
		.filter((c) => !index.has(c.key))
		.filter((c) => c.required === true || (c.required === 'unless-billing-month' && !billingMonth))
		.map((c) => c.header);
	return { index, recognized, ignored, missing };
}

/** Among the kinds whose identifying columns are all there, the one knowing most of the header. */
export function detectCsvKind(cells: readonly string[]): CsvKind | null {
	let best: CsvKind | null = null;
	let bestScore = 0;
	for (const kind of CSV_KINDS) {
		const format = CLIENT_FORMATS[kind];
		const mapping = mapColumns(cells, format);
		if (!format.identifying.every((key) => mapping.index.has(key))) continue;
		if (mapping.recognized.length > bestScore) {
			best = kind;
			bestScore = mapping.recognized.length;
		}
	}
	return best;
}

const BILL_TO = /^\s*Bill to:\s*KFS/im;
const SUMMARY_HEADER = /^\s*Nodename\s+Backup\b/im;

/** The fixed-width Billing Summary is told by its `Bill to: KFS#` line and table header. */
export function looksLikeBillingSummary(text: string): boolean {
	const billTo = BILL_TO.exec(text);
	if (!billTo) return false;
	return SUMMARY_HEADER.test(text.slice(billTo.index));
}
