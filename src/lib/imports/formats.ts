// One definition of each export the dashboard reads: the kinds and their names, the columns each
// has, how a header row is matched to them, the delimiters and encodings. The upload page's
// preview (its worker bundles this file, so no `node:` import here) and the server's parsers
// (src/lib/server/imports) both read these lists; the server alone reads the rows for good.

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

/** The Code42 exports of devices: each a snapshot of every device on its as-of date. */
export const DEVICE_KINDS = [
	'code42-devices',
	'code42cli-devices'
] as const satisfies readonly ExportKind[];

export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const isDeviceKind = (kind: string): kind is DeviceKind =>
	DEVICE_KINDS.some((known) => known === kind);

/** The name of each kind on the page. */
export const KIND_NAMES: Record<ExportKind, string> = {
	'code42-devices': 'Code42 device backup report',
	'code42cli-devices': 'code42cli device list',
	'ezbackup-billing': 'EZ-Backup billing export',
	'ezbackup-summary': 'EZ-Backup Billing Summary',
	inventory: 'Managed-computer inventory',
	departments: 'Department list'
};

/** How a sentence names each kind. */
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

export const ENCODING_NAMES: Record<Encoding, string> = {
	'utf-8': 'UTF-8',
	'utf-8-bom': 'UTF-8 with byte-order mark',
	'utf-16le': 'UTF-16 LE ("Unicode text")',
	'utf-16be': 'UTF-16 BE ("Unicode text")',
	'windows-1252': 'Windows-1252'
};

export type Delimiter = ',' | ';' | '\t' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export const DELIMITER_NAMES: Record<Delimiter, string> = {
	',': 'comma',
	';': 'semicolon',
	'\t': 'tab',
	'|': 'pipe'
};

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

export interface CsvFormatSpec<K extends CsvKind = CsvKind> {
	kind: K;
	/** the columns the format knows, in the exporting system's order */
	columns: readonly ColumnSpec[];
	/** the keys whose presence says a header is this format's */
	identifying: readonly string[];
	/** columns holding dates, whose numeric form (03/04/2020) needs a settled order */
	dateColumns: readonly string[];
	/**
	 * columns whose latest value is the file's as-of date by default: the day a Code42 export was
	 * made, the day an inventory was last seen complete (its latest Last Seen)
	 */
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

// domain.md: the console's "Device Status" report, 34 columns in this order
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

/** The money columns of a charge, as EZ-Backup writes them (both the export and the Summary). */
const MONEY_COLUMNS: readonly ColumnSpec[] = [
	{ key: 'baseMoney', header: '$ Base' },
	{ key: 'extraMoney', header: '$ Extra' },
	{ key: 'totalMoney', header: '$ Total' }
];

export const CSV_FORMATS: { [K in CsvKind]: CsvFormatSpec<K> } = {
	'code42-devices': {
		kind: 'code42-devices',
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
		kind: 'code42cli-devices',
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
			// optional trailing columns (--include-total-storage, --include-usernames)
			{ key: 'archiveCount', header: 'archiveCount' },
			{ key: 'totalStorageBytes', header: 'totalStorageBytes' },
			{ key: 'username', header: 'username' }
		],
		identifying: ['guid'],
		dateColumns: ['lastConnected', 'creationDate'],
		asOfColumns: ['lastConnected']
	},
	'ezbackup-billing': {
		kind: 'ezbackup-billing',
		columns: [
			{ key: 'billingMonth', header: 'Billing Month', required: 'unless-billing-month' },
			{ key: 'account', header: 'Account', required: true },
			{ key: 'department', header: 'Department' },
			{ key: 'nodename', header: 'Nodename', required: true, aliases: ['Node'] },
			{ key: 'backup', header: 'Backup' },
			{ key: 'archive', header: 'Archive', aliases: ['Archiv'] },
			{ key: 'total', header: 'Total', required: true },
			{ key: 'extra', header: 'Extra' },
			...MONEY_COLUMNS
		],
		identifying: ['nodename'],
		dateColumns: [],
		asOfColumns: []
	},
	inventory: {
		kind: 'inventory',
		columns: [
			{ key: 'computerName', header: 'Computer Name', required: true },
			{ key: 'department', header: 'Department', required: true },
			{ key: 'os', header: 'OS' },
			{ key: 'lastSeen', header: 'Last Seen' },
			// optional: the system that lists the computer (SCCM, Jamf); else the one chosen on upload
			{ key: 'source', header: 'Source' }
		],
		identifying: ['computerName'],
		dateColumns: ['lastSeen'],
		asOfColumns: ['lastSeen']
	},
	departments: {
		kind: 'departments',
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

const CSV_KINDS = Object.keys(CSV_FORMATS) as CsvKind[];

/** The columns of the Billing Summary's fixed-width table, in the order EZ-Backup writes them. */
export const SUMMARY_COLUMNS: readonly ColumnSpec[] = [
	{ key: 'nodename', header: 'Nodename', required: true, aliases: ['Node'] },
	{ key: 'backup', header: 'Backup' },
	{ key: 'archive', header: 'Archiv', aliases: ['Archive'] },
	{ key: 'total', header: 'Total', required: true },
	{ key: 'extra', header: 'Extra' },
	...MONEY_COLUMNS.map((c) => (c.key === 'totalMoney' ? { ...c, required: true } : c))
];

/** The lines of a Billing Summary that are not node rows (the preview and the server read them alike). */
export const SUMMARY_LINES = {
	billTo: /^\s*Bill to:\s*(.*)$/i,
	account: /^KFS\s*#?\s*([A-Za-z0-9]+)-([A-Za-z0-9]+)/i,
	tableHeader: /^\s*Nodename\s+Backup\b/i,
	rule: /^[\s-]+$/,
	total: /^\s*Total\b(?:\s+for\s+(\d+)\s+nodes?\b)?\s*(.*)$/i,
	monthStated:
		/\b(?:billing\s+(?:month|period)|for\s+the\s+month\s+of|month\s+of|period)\s*[:=-]?\s*([A-Za-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{1,2}|\d{1,2}\/\d{4})\b/i
};

/** `Nodename  Backup Archiv ... $ Base  $ Extra  $ Total` → its headers, `$ Base` being one. */
export function splitSummaryHeader(line: string): string[] {
	const words = line.trim().split(/\s+/);
	const headers: string[] = [];
	for (let i = 0; i < words.length; i++) {
		if (words[i] === '$' && i + 1 < words.length) headers.push(`$ ${words[++i]}`);
		else headers.push(words[i]);
	}
	return headers;
}

/** The Billing Summary is fixed-width text, told by its `Bill to: KFS#` line and table header. */
export function looksLikeBillingSummary(text: string): boolean {
	const billTo = /^\s*Bill to:\s*KFS/im.exec(text);
	if (!billTo) return false;
	return /^\s*Nodename\s+Backup\b/im.test(text.slice(billTo.index));
}

/** Case-insensitive, ignoring spaces, `_`, `-` and `#`; a leading `$` stays (domain.md). */
export function normalizeHeader(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/[\s_\-#\u00a0\u202f]+/g, '')
		.toLowerCase();
}

export interface HeaderMapping {
	/** column key → position in the row */
	index: Map<string, number>;
	/** the file's headers the format knows, as written */
	recognized: string[];
	/** the file's other headers, as written (their cells are not read) */
	ignored: string[];
	/** the format's columns the file lacks, required or not */
	absent: ColumnSpec[];
	/** known columns the header names more than once: header as written, 1-based positions */
	duplicates: { column: string; positions: number[] }[];
}

/** Matches a header row to a format's columns, by their names and other spellings. */
export function mapHeader(cells: readonly string[], columns: readonly ColumnSpec[]): HeaderMapping {
	const byName = new Map<string, ColumnSpec>();
	for (const column of columns) {
		byName.set(normalizeHeader(column.header), column);
		for (const alias of column.aliases ?? []) byName.set(normalizeHeader(alias), column);
	}
	const index = new Map<string, number>();
	const positions = new Map<string, number[]>();
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
		const seen = positions.get(column.key);
		if (seen) seen.push(at + 1);
		else {
			positions.set(column.key, [at + 1]);
			index.set(column.key, at);
		}
	});
	const duplicates = [...positions.values()]
		.filter((at) => at.length > 1)
		.map((at) => ({ column: cells[at[0] - 1].replace(/^\uFEFF/, '').trim(), positions: at }));
	return {
		index,
		recognized,
		ignored,
		absent: columns.filter((c) => !index.has(c.key)),
		duplicates
	};
}

/** The required columns a header lacks; `billingMonth` says whether the uploader set a month. */
export function missingColumns(mapping: HeaderMapping, billingMonth?: string): ColumnSpec[] {
	return mapping.absent.filter(
		(c) => c.required === true || (c.required === 'unless-billing-month' && !billingMonth)
	);
}

/**
 * The delimited kind a header row belongs to: among the formats whose identifying columns are all
 * there, the one that knows most of the header's columns. The Billing Summary has no header row:
 * see `looksLikeBillingSummary`.
 */
export function detectKind(headerCells: readonly string[]): CsvKind | null {
	let best: CsvKind | null = null;
	let bestScore = 0;
	for (const kind of CSV_KINDS) {
		const format = CSV_FORMATS[kind];
		const mapping = mapHeader(headerCells, format.columns);
		if (!format.identifying.every((key) => mapping.index.has(key))) continue;
		if (mapping.recognized.length > bestScore) {
			best = kind;
			bestScore = mapping.recognized.length;
		}
	}
	return best;
}
