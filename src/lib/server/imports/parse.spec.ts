import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './decode';
import {
	ExportParser,
	MAX_ERRORS,
	parseExport,
	parseExportStream,
	type ParseOptions,
	type ParseOutcome
} from './parse';
import type { BillingCharge, Code42DeviceRecord, InventoryRecord } from './types';

const FIXTURES = new URL('../../../../tests/fixtures/', import.meta.url);
const HOSTILE = new URL('hostile/', FIXTURES);

const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const parse = (name: string, options: Partial<ParseOptions> = {}) =>
	parseExport(bytesOf(name), { fileName: name.replace(/^hostile\//, ''), ...options });

function ok(outcome: ParseOutcome) {
	if (!outcome.ok) throw new Error(`expected the file to be taken: ${outcome.message}`);
	return outcome;
}

function charges(outcome: ParseOutcome): BillingCharge[] {
	const file = ok(outcome);
	if (file.kind !== 'ezbackup-billing' && file.kind !== 'ezbackup-summary')
		throw new Error(file.kind);
	return file.records;
}

function refused(outcome: ParseOutcome) {
	if (outcome.ok) throw new Error(`expected ${outcome.fileName} to be refused`);
	return outcome;
}

/** The file fed in chunks of `size` bytes through the streaming parser. */
function parseInChunks(name: string, size: number, options: Partial<ParseOptions> = {}) {
	const bytes = bytesOf(name);
	const parser = new ExportParser({ fileName: name.replace(/^hostile\//, ''), ...options });
	for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
	return parser.end();
}

const utf8 = (text: string) => new TextEncoder().encode(text);

const DEVICE_A: Code42DeviceRecord = {
	archiveGuid: '925541938261443265',
	orgName: 'CALS-Animal Science',
	username: 'jd42',
	deviceUid: '925541938261443264',
	deviceName: 'ANSC-PC0042',
	deviceOsHostname: 'ANSC-PC0042.cals.cornell.edu',
	destinationUid: '632540230984925185',
	destinationName: 'Code42 Cloud USA West',
	status: 'Active',
	alertStates: 'OK',
	os: 'win64',
	creationDate: '2020-03-12T16:55:40.632Z',
	selectedBytes: 123_456_789_012,
	backupCompletePercentage: 100,
	archiveBytes: 98_765_432_101,
	lastConnectedDate: '2020-11-30T12:01:02.123Z',
	lastCompletedBackupDate: '2020-11-30T11:00:00.000Z',
	lastActivity: '2020-11-30T12:01:02.123Z'
};

const DEVICE_D: Code42DeviceRecord = {
	archiveGuid: '955541938261443501',
	orgName: 'Plant Sciences',
	username: 'cd34',
	deviceUid: '955541938261443500',
	deviceName: 'PLSCI-LINUX01',
	deviceOsHostname: 'plsci-linux01.cals.cornell.edu',
	destinationUid: '632540230984925185',
	destinationName: 'Code42 Cloud USA West',
	status: 'Active, Deauthorized',
	alertStates: 'CriticalBackupAlert',
	os: 'linux',
	creationDate: '2020-05-20T14:00:00.000Z',
	selectedBytes: 2_000_000_000_000,
	backupCompletePercentage: 100,
	archiveBytes: 1_500_000_000_000,
	lastConnectedDate: '2020-12-01T00:30:00.000Z',
	lastCompletedBackupDate: '2020-11-20T02:00:00.000Z',
	lastActivity: '2020-11-30T23:59:59.000Z'
};

const INVENTORY: InventoryRecord[] = [
	{
		computerName: 'ANSC-PC0042',
		department: 'ANSC',
		os: 'Windows 10',
		lastSeen: '2020-11-30',
		source: null
	},
	{
		computerName: 'FDSC-MAC0007.cals.cornell.edu',
		department: 'Food Science',
		os: 'macOS 10.15',
		lastSeen: '2020-11-29',
		source: null
	},
	{
		computerName: 'PLSCI-LINUX01',
		department: 'CALS-Plant Sciences',
		os: 'Ubuntu 20.04',
		lastSeen: null,
		source: null
	},
	{
		computerName: 'ANSC-PC0099',
		department: null,
		os: 'Windows 10',
		lastSeen: '2020-10-01',
		source: null
	}
];

const charge = (values: Partial<BillingCharge>): BillingCharge => ({
	month: '2020-01',
	account: 'IT-ABC1234',
	department: 'ANSC',
	nodename: 'ANSC-PC0042@ADSM4',
	backupBytes: 9_400_000_000,
	archiveBytes: 200_000_000,
	totalBytes: 9_600_000_000,
	extraBytes: 0,
	baseCents: 550,
	extraCents: 0,
	totalCents: 550,
	...values
});

const LAB = {
	nodename: 'ANSC-LABIMAGING-SRV-01@ADSM4',
	backupBytes: 62_500_000_000,
	archiveBytes: 0,
	totalBytes: 62_500_000_000,
	extraBytes: 12_500_000_000,
	extraCents: 25,
	totalCents: 575
};

describe('Code42 device backup reports', () => {
	it('reads the report, one record per device and destination', () => {
		const outcome = ok(parse('code42-devices.csv'));
		expect(outcome.kind).toBe('code42-devices');
		expect(outcome.encoding).toBe('utf-8');
		expect(outcome.delimiter).toBe(',');
		expect(outcome.header).toHaveLength(34);
		expect(outcome.recognizedColumns).toEqual(outcome.header);
		expect(outcome.ignoredColumns).toEqual([]);
		expect(outcome.rowCount).toBe(5);
		if (outcome.kind !== 'code42-devices') return;
		const [a, b1, b2, c, d] = outcome.records;
		expect(a).toEqual(DEVICE_A);
		expect(d).toEqual(DEVICE_D);
		// a device with two destinations: two records, one deviceUid
		expect([b1.deviceUid, b1.destinationName, b1.alertStates]).toEqual([
			'935541938261443300',
			'Code42 Cloud USA West',
			'OK'
		]);
		expect([b2.deviceUid, b2.destinationName, b2.alertStates, b2.backupCompletePercentage]).toEqual(
			['935541938261443300', 'CALS On-Premises', 'WarningBackupAlert', 97.5]
		);
		// null values, and a creation date with a -06:00 offset
		expect(c).toEqual({
			archiveGuid: null,
			orgName: 'CALS-Animal Science',
			username: 'old7',
			deviceUid: '945541938261443400',
			deviceName: 'ANSC-OLDLAPTOP',
			deviceOsHostname: null,
			destinationUid: null,
			destinationName: null,
			status: 'Deactivated',
			alertStates: 'OK',
			os: 'win',
			creationDate: '2020-06-01T14:00:00.000Z',
			selectedBytes: null,
			backupCompletePercentage: null,
			archiveBytes: null,
			lastConnectedDate: '2020-07-15T10:00:00.000Z',
			lastCompletedBackupDate: null,
			lastActivity: null
		});
	});

	it('dates the report by its latest lastActivity or lastConnectedDate, in UTC', () => {
		// PLSCI-LINUX01 connected at 2020-12-01T01:30+01:00, the latest instant in the file
		expect(ok(parse('code42-devices.csv')).asOf).toBe('2020-12-01');
		expect(ok(parse('code42-devices-bom-crlf.csv')).asOf).toBe('2020-11-30');
	});

	it('reads UTF-8 with a BOM and CRLF line ends', () => {
		const outcome = ok(parse('code42-devices-bom-crlf.csv'));
		const plain = ok(parse('code42-devices.csv'));
		expect(outcome.encoding).toBe('utf-8-bom');
		expect(outcome.header[0]).toBe('archiveGuid');
		expect(outcome.records).toEqual(plain.records.slice(0, 3));
	});

	it.each([
		['code42-devices-utf16le.txt', 'utf-16le'],
		['code42-devices-utf16be.txt', 'utf-16be']
	])('reads Excel Unicode text (%s), tab-separated', (name, encoding) => {
		const outcome = ok(parse(name));
		expect(outcome.encoding).toBe(encoding);
		expect(outcome.delimiter).toBe('\t');
		expect(outcome.kind).toBe('code42-devices');
		expect(outcome.records).toEqual([DEVICE_A, DEVICE_D]);
		expect(outcome.asOf).toBe('2020-12-01');
	});

	it('reads the old-style dates of older servers as UTC', () => {
		const outcome = ok(parse('code42-devices-old-dates.csv'));
		if (outcome.kind !== 'code42-devices') throw new Error(outcome.kind);
		expect(
			outcome.records.map((r) => [
				r.creationDate,
				r.lastConnectedDate,
				r.lastCompletedBackupDate,
				r.lastActivity
			])
		).toEqual([
			[
				'2020-03-12T16:55:40.000Z',
				'2020-10-12T20:17:52.000Z',
				'2020-10-12T12:00:00.000Z',
				'2020-10-13T00:05:00.000Z'
			],
			['2019-01-05T09:00:00.000Z', '2020-07-15T10:00:00.000Z', null, null]
		]);
		expect(outcome.asOf).toBe('2020-10-13');
	});
});

describe('code42cli device lists', () => {
	it('reads the list with its optional trailing columns', () => {
		const outcome = ok(parse('code42cli-devices.csv'));
		expect(outcome.kind).toBe('code42cli-devices');
		expect(outcome.rowCount).toBe(3);
		expect(outcome.asOf).toBe('2020-11-30');
		expect(outcome.records[1]).toEqual({
			deviceUid: '935541938261443300',
			computerId: '1043',
			deviceName: 'FDSC-MAC0007',
			deviceOsHostname: 'fdsc-mac0007',
			status: 'Active',
			lastConnectedDate: '2020-11-29T22:15:00.000Z',
			creationDate: '2020-04-02T09:10:11.000Z',
			productVersion: '8.2.1',
			osName: 'mac',
			osVersion: '10.15.7',
			userUid: '872236417367398411',
			archiveCount: 2,
			totalStorageBytes: 80_500_000_000,
			username: 'ab12@cornell.edu'
		});
	});

	it('reads the list without them', () => {
		const outcome = ok(parse('code42cli-devices-basic.csv'));
		expect(outcome.kind).toBe('code42cli-devices');
		expect(outcome.records[1]).toMatchObject({
			deviceUid: '965541938261443600',
			deviceName: 'PLSCI-NEW01',
			lastConnectedDate: null,
			archiveCount: null,
			totalStorageBytes: null,
			username: null
		});
	});
});

describe('EZ-Backup billing exports', () => {
	it('reads one charge per node and month', () => {
		const outcome = ok(parse('ezbackup-billing.csv'));
		expect(outcome.kind).toBe('ezbackup-billing');
		expect(outcome.asOf).toBeUndefined();
		expect(outcome.records).toEqual([
			charge({}),
			charge(LAB),
			charge({ month: '2020-02', backupBytes: 9_500_000_000, totalBytes: 9_700_000_000 }),
			charge({
				month: '2020-02',
				account: 'IT-FDS2001',
				department: 'Food Science',
				nodename: 'FDSC-MAC0007@ADSM2',
				backupBytes: 41_000_000_000,
				archiveBytes: 0,
				totalBytes: 41_000_000_000
			})
		]);
	});

	it('leaves the money to the tariff when the $ columns are absent', () => {
		const outcome = ok(parse('ezbackup-billing-no-money.csv'));
		const none = { department: null, baseCents: null, extraCents: null, totalCents: null };
		expect(outcome.records).toEqual([charge(none), charge({ ...LAB, ...none })]);
		expect(outcome.recognizedColumns).toEqual([
			'Billing Month',
			'Account',
			'Nodename',
			'Backup',
			'Archive',
			'Total',
			'Extra'
		]);
	});

	it('reads $5.50, 1,234.56 and a credit in parentheses to exact cents', () => {
		const records = charges(parse('ezbackup-billing-money.csv'));
		expect(records.map((r) => [r.nodename, r.baseCents, r.extraCents, r.totalCents])).toEqual([
			['ANSC-FILESRV@ADSM4', 550, 123_456, 124_006],
			['ANSC-PC0042@ADSM4', 550, 0, 550],
			['ANSC-REFUND@ADSM4', -100, 0, -100]
		]);
		expect(records[0]).toMatchObject({
			totalBytes: 61_778_000_000_000,
			extraBytes: 61_728_000_000_000
		});
		expect(records[1]).toMatchObject({
			backupBytes: 9_400_000_000,
			archiveBytes: 200_000_000
		});
	});

	it('reads MM/YYYY, Jan 2020, January 2020 and Excel’s May-20 months', () => {
		const records = charges(parse('ezbackup-billing-months.csv'));
		expect(records.map((r) => r.month)).toEqual([
			'2020-01',
			'2020-02',
			'2020-03',
			'2020-04',
			'2020-05'
		]);
		expect(records[0]).toMatchObject({
			baseCents: null,
			extraCents: null,
			totalCents: 550
		});
	});

	it('reads a semicolon-delimited export with decimal commas', () => {
		const outcome = ok(parse('ezbackup-billing-semicolon.csv'));
		expect(outcome.delimiter).toBe(';');
		expect(outcome.records).toEqual([
			charge({}),
			charge({ ...LAB, department: 'Animal Science; Dairy' })
		]);
	});
});

describe('EZ-Backup Billing Summaries', () => {
	const SUMMARY = [
		charge({ account: 'IT-ANS1004', department: null }),
		charge({ ...LAB, account: 'IT-ANS1004', department: null, nodename: 'ANSC-LABIMAGING-SRV-' })
	];

	it('reads the fixed-width table with the month the uploader sets', () => {
		const outcome = ok(parse('ezbackup-summary.txt', { billingMonth: '2020-01' }));
		expect(outcome.kind).toBe('ezbackup-summary');
		expect(outcome.delimiter).toBeNull();
		expect(outcome.billingMonth).toBe('2020-01');
		expect(outcome.header).toEqual([
			'Nodename',
			'Backup',
			'Archiv',
			'Total',
			'Extra',
			'$ Base',
			'$ Extra',
			'$ Total'
		]);
		expect(outcome.records).toEqual(SUMMARY);
	});

	it('asks for the month when the text does not state it', () => {
		expect(refused(parse('ezbackup-summary.txt'))).toEqual({
			ok: false,
			fileName: 'ezbackup-summary.txt',
			kind: 'ezbackup-summary',
			errorCount: 1,
			errors: [
				{
					line: null,
					column: null,
					message:
						'ezbackup-summary.txt does not say which month it bills. Set the billing month (YYYY-MM) when you upload it.'
				}
			],
			message:
				'ezbackup-summary.txt does not say which month it bills. Set the billing month (YYYY-MM) when you upload it.'
		});
	});

	it('reads several accounts, the stated month, and tolerates discount and net lines', () => {
		const outcome = ok(parse('ezbackup-summary-two-accounts.txt'));
		expect(outcome.billingMonth).toBe('2020-02');
		expect(outcome.records).toEqual([
			...SUMMARY.map((c) => ({ ...c, month: '2020-02' })),
			charge({
				month: '2020-02',
				account: 'IT-FDS2001',
				department: null,
				nodename: 'FDSC-MAC0007@ADSM2',
				backupBytes: 41_000_000_000,
				archiveBytes: 0,
				totalBytes: 41_000_000_000
			})
		]);
	});

	it('is told from a CSV by its text, not its name', () => {
		const bytes = bytesOf('ezbackup-summary.txt');
		expect(parseExport(bytes, { fileName: 'summary.csv', billingMonth: '2020-01' }).ok).toBe(true);
	});
});

describe('managed-computer inventories', () => {
	it.each([
		['inventory.csv', ','],
		['inventory-cr.csv', ','],
		['inventory-pipe.csv', '|']
	])('%s', (name, delimiter) => {
		const outcome = ok(parse(name));
		expect(outcome.kind).toBe('inventory');
		expect(outcome.delimiter).toBe(delimiter);
		const expected =
			name === 'inventory-pipe.csv'
				? [INVENTORY[0], { ...INVENTORY[1], computerName: 'FDSC-MAC0007' }]
				: INVENTORY;
		expect(outcome.records).toEqual(expected);
	});

	it('settles a date column day first from one date whose first part is above 12', () => {
		expect(
			ok(parse('inventory-dmy.csv')).records.map((r) => ('lastSeen' in r ? r.lastSeen : null))
		).toEqual(['2020-04-03', '2020-11-25', '2020-12-01']);
	});

	it('settles a date column month first from one date whose second part is above 12', () => {
		expect(
			ok(parse('inventory-mdy.csv')).records.map((r) => ('lastSeen' in r ? r.lastSeen : null))
		).toEqual(['2020-03-04', '2020-11-25', '2020-12-01']);
	});

	it('asks for the date order when nothing settles it, and takes the answer', () => {
		const outcome = refused(parse('hostile/ambiguous-dates.csv'));
		expect(outcome.ambiguousDateColumn).toBe('Last Seen');
		expect(outcome.dateOrderQuestion).toEqual({
			columns: [
				{
					column: 'Last Seen',
					line: 2,
					value: '03/04/2020',
					monthFirst: '2020-03-04',
					dayFirst: '2020-04-03'
				}
			]
		});
		expect(ok(parse('hostile/ambiguous-dates.csv', { dateOrder: 'mdy' })).records).toEqual([
			{
				computerName: 'ANSC-PC0042',
				department: 'ANSC',
				os: 'Windows 10',
				lastSeen: '2020-03-04',
				source: null
			},
			{
				computerName: 'FDSC-MAC0007',
				department: 'FDSC',
				os: 'macOS 10.15',
				lastSeen: '2020-05-06',
				source: null
			},
			{
				computerName: 'PLSCI-LINUX01',
				department: 'PLSCI',
				os: 'Ubuntu 20.04',
				lastSeen: '2020-11-28',
				source: null
			}
		]);
		expect(ok(parse('hostile/ambiguous-dates.csv', { dateOrder: 'dmy' })).records[0]).toMatchObject(
			{
				lastSeen: '2020-04-03'
			}
		);
	});
});

describe('department lists', () => {
	it('reads codes, names and aliases', () => {
		expect(ok(parse('departments.csv')).records).toEqual([
			{
				code: 'ANSC',
				name: 'Animal Science',
				aliases: ['CALS-ANSC', 'Dept of Animal Science', 'CALS-Animal Science', 'IT-ABC1234']
			},
			{ code: 'FDSC', name: 'Food Science', aliases: ['CALS-Food Science', 'IT-FDS2001'] },
			{ code: 'PLSCI', name: 'Plant Sciences', aliases: [] }
		]);
	});

	it('reads Windows-1252, curly quotes included', () => {
		const outcome = ok(parse('departments-cp1252.csv'));
		expect(outcome.encoding).toBe('windows-1252');
		expect(outcome.records).toEqual([
			{ code: 'PLSCI', name: 'Sciences Végétales', aliases: ['Plant Sciences', 'Génie végétal'] },
			{ code: 'DEAN', name: 'Dean’s Office', aliases: ['“CALS Dean”'] }
		]);
	});

	it('reads quoted values that span lines, and keeps each row’s first line', () => {
		const lines: number[] = [];
		const records: unknown[] = [];
		const parser = new ExportParser(
			{ fileName: 'departments-multiline.csv' },
			{
				departments: (record, line) => {
					records.push(record);
					lines.push(line);
				}
			}
		);
		parser.push(bytesOf('departments-multiline.csv'));
		const outcome = ok(parser.end());
		expect(outcome.records).toEqual([]);
		expect(outcome.rowCount).toBe(3);
		expect(lines).toEqual([2, 4, 6]);
		expect(records).toEqual([
			{ code: 'ANSC', name: 'Animal Science', aliases: ['CALS-ANSC', 'Dept of Animal Science'] },
			{ code: 'FDSC', name: 'Food Science', aliases: ['CALS-Food Science'] },
			{ code: 'PLSCI', name: 'Plant Sciences', aliases: ['CALS-Plant Sciences'] }
		]);
	});
});

const DRAG =
	"upload the CSV file exported from Code42 or EZ-Backup, or one saved from Excel as 'CSV UTF-8 (Comma delimited)'.";

/** A refusal of the file as a whole: one problem, no line. */
const whole = (fileName: string, message: string, kind?: string) => ({
	ok: false,
	fileName,
	...(kind ? { kind } : {}),
	errorCount: 1,
	errors: [{ line: null, column: null, message }],
	message
});

/** A refusal for one problem at a line. */
const atLine = (
	fileName: string,
	kind: string | undefined,
	line: number,
	column: string | null,
	message: string,
	value?: string | null
) => ({
	ok: false,
	fileName,
	...(kind ? { kind } : {}),
	errorCount: 1,
	errors: [{ line, column, ...(value === undefined ? {} : { value }), message }],
	message
});

describe('hostile files', () => {
	const cases: [string, Partial<ParseOptions>, unknown][] = [
		[
			'empty.csv',
			{},
			whole(
				'empty.csv',
				'empty.csv has no data rows: the file is empty. Check that you picked the right file, then upload it again.'
			)
		],
		[
			'blank-lines.csv',
			{},
			whole(
				'blank-lines.csv',
				'blank-lines.csv has no data rows: the file is empty. Check that you picked the right file, then upload it again.'
			)
		],
		[
			'header-only.csv',
			{},
			whole(
				'header-only.csv',
				'header-only.csv has no data rows: it has a header (line 1) but no rows under it. Export the file again with its data, then upload it.',
				'code42-devices'
			)
		],
		[
			'unknown-columns.csv',
			{},
			atLine(
				'unknown-columns.csv',
				undefined,
				1,
				null,
				'unknown-columns.csv, line 1: this header (foo, bar, baz) matches none of the known exports (the Code42 device report, a code42cli device list, the EZ-Backup billing export or Billing Summary, the inventory, the department list). Check that you picked the right file and that its first line is the header row, then upload it again.'
			)
		],
		[
			'missing-column.csv',
			{},
			atLine(
				'missing-column.csv',
				'code42-devices',
				1,
				null,
				'missing-column.csv looks like a Code42 device backup report, but its header (line 1) lacks the column creationDate. Export it again with all its columns, then upload it.'
			)
		],
		[
			'duplicate-header.csv',
			{},
			atLine(
				'duplicate-header.csv',
				'code42-devices',
				1,
				null,
				'duplicate-header.csv, line 1, column "deviceUid": the header names this column twice (columns 1 and 9), so it is unclear which to read. Remove or rename one of them, then upload the file again.'
			)
		],
		[
			'unclosed-quote.csv',
			{},
			atLine(
				'unclosed-quote.csv',
				'inventory',
				3,
				'Department',
				'unclosed-quote.csv, line 3, column "Department": a quoted value opens here and never closes, so the rest of the file reads as one value. Add the missing closing quote ("), then upload the file again.'
			)
		],
		[
			'malformed-quote.csv',
			{},
			atLine(
				'malformed-quote.csv',
				'inventory',
				3,
				'Department',
				'malformed-quote.csv, line 3, column "Department": a quoted value has more text after its closing quote. Put the whole value in quotes and double any quote inside it (""), then upload the file again.'
			)
		],
		[
			'too-many-fields.csv',
			{},
			atLine(
				'too-many-fields.csv',
				'inventory',
				3,
				null,
				'too-many-fields.csv, line 3: this row has 5 values but the header has 4 columns, so its values cannot be matched to their columns. A value containing a comma probably lacks its quotes; fix the row, then upload the file again.'
			)
		],
		[
			'too-few-fields.csv',
			{},
			atLine(
				'too-few-fields.csv',
				'inventory',
				3,
				null,
				'too-few-fields.csv, line 3: this row has 2 values but the header has 4 columns, so its values cannot be matched to their columns. The row may be cut short; fix it, then upload the file again.'
			)
		],
		[
			'impossible-date.csv',
			{},
			atLine(
				'impossible-date.csv',
				'code42-devices',
				3,
				'creationDate',
				'impossible-date.csv, line 3, column "creationDate": "2020-02-30T09:10:11.000Z" is not a real date: February 2020 has no day 30. Write dates as 2020-10-12T16:55:40Z or Oct 12, 2020 8:17:52 PM (or leave the cell empty), then upload the file again.',
				'2020-02-30T09:10:11.000Z'
			)
		],
		[
			'error-after-multiline.csv',
			{},
			atLine(
				'error-after-multiline.csv',
				'inventory',
				7,
				'Last Seen',
				'error-after-multiline.csv, line 7, column "Last Seen": "2020-11-31" is not a real date: November 2020 has no day 31. Write dates as 2020-11-30 (or leave the cell empty), then upload the file again.',
				'2020-11-31'
			)
		],
		[
			'mixed-date-orders.csv',
			{},
			atLine(
				'mixed-date-orders.csv',
				'inventory',
				4,
				'Last Seen',
				'mixed-date-orders.csv, line 4, column "Last Seen": "03/25/2020" can only be read month first, but line 3 ("25/03/2020") can only be read day first, so this column mixes two date orders. Write dates as 2020-11-30 (or leave the cell empty), then upload the file again.',
				'03/25/2020'
			)
		],
		[
			'bad-month.csv',
			{},
			atLine(
				'bad-month.csv',
				'ezbackup-billing',
				3,
				'Billing Month',
				'bad-month.csv, line 3, column "Billing Month": "2020-13" is not a real month: there is no month 13. Write the billing month as 2020-01, 01/2020 or Jan 2020, then upload the file again.',
				'2020-13'
			)
		],
		[
			'negative-size.csv',
			{},
			atLine(
				'negative-size.csv',
				'ezbackup-billing',
				2,
				'Total',
				'negative-size.csv, line 2, column "Total": "-9.6G" is negative, and a size cannot be below zero. Write sizes in bytes (9400000000) or with a decimal unit (9.4G), then upload the file again.',
				'-9.6G'
			)
		],
		[
			'size-without-unit.csv',
			{},
			atLine(
				'size-without-unit.csv',
				'ezbackup-billing',
				2,
				'Total',
				'size-without-unit.csv, line 2, column "Total": "9.6" is not a whole number of bytes; if it is not in bytes, it needs its unit (K, M, G or T). Write sizes in bytes (9400000000) or with a decimal unit (9.4G), then upload the file again.',
				'9.6'
			)
		],
		[
			'garbage-money.csv',
			{},
			atLine(
				'garbage-money.csv',
				'ezbackup-billing',
				2,
				'$ Total',
				'garbage-money.csv, line 2, column "$ Total": "five fifty" is not an amount of money. Write amounts in dollars and cents (5.50 or $1,234.56), then upload the file again.',
				'five fifty'
			)
		],
		[
			'no-total.csv',
			{},
			atLine(
				'no-total.csv',
				'ezbackup-billing',
				2,
				'Total',
				'no-total.csv, line 2, column "Total": the row has neither a Total size nor a $ Total amount, so its charge cannot be worked out. Fill in the Total size, then upload the file again.',
				''
			)
		],
		[
			'missing-device-uid.csv',
			{},
			atLine(
				'missing-device-uid.csv',
				'code42-devices',
				3,
				'deviceUid',
				'missing-device-uid.csv, line 3, column "deviceUid": the cell is empty, but every row needs a deviceUid. Fill it in, then upload the file again.',
				''
			)
		],
		[
			'percent-out-of-range.csv',
			{},
			atLine(
				'percent-out-of-range.csv',
				'code42-devices',
				2,
				'backupCompletePercentage',
				'percent-out-of-range.csv, line 2, column "backupCompletePercentage": "150.0" is not a percentage between 0 and 100. Export the report again, then upload it.',
				'150.0'
			)
		],
		[
			'department-conflict.csv',
			{},
			atLine(
				'department-conflict.csv',
				'departments',
				3,
				'Aliases',
				'department-conflict.csv, line 3, column "Aliases": "Dairy" would name both ANSC (line 2) and FDSC, so rows using it could not be placed. Keep it for one department only, then upload the file again.',
				'Dairy;CALS-Food Science'
			)
		],
		[
			'unassigned-department.csv',
			{},
			atLine(
				'unassigned-department.csv',
				'departments',
				3,
				'Code',
				'unassigned-department.csv, line 3, column "Code": UNASSIGNED is reserved for the devices and nodes no department claims. Use another code, then upload the file again.',
				'Unassigned'
			)
		],
		['zip-renamed.csv', {}, whole('zip-renamed.csv', `zip-renamed.csv: ${MESSAGES.xlsx}`)],
		['xls-renamed.csv', {}, whole('xls-renamed.csv', `xls-renamed.csv: ${MESSAGES.xls}`)],
		['pdf-renamed.csv', {}, whole('pdf-renamed.csv', `pdf-renamed.csv: ${MESSAGES.pdf}`)],
		['gzip-renamed.csv', {}, whole('gzip-renamed.csv', `gzip-renamed.csv: ${MESSAGES.gzip}`)],
		[
			'nul-bytes.csv',
			{},
			whole(
				'nul-bytes.csv',
				`nul-bytes.csv: This file holds binary data (a NUL byte at byte 81), so it is not a text export; ${DRAG}`
			)
		],
		[
			'binary-junk.csv',
			{},
			whole(
				'binary-junk.csv',
				`binary-junk.csv: This file holds binary data (control byte 0x1c at byte 2), so it is not a text export; ${DRAG}`
			)
		],
		[
			'mixed-encoding.csv',
			{},
			whole(
				'mixed-encoding.csv',
				"mixed-encoding.csv: This file mixes two text encodings: it reads as UTF-8 until byte 53, where it stops being UTF-8; open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file."
			)
		],
		[
			'broken-utf16.txt',
			{},
			whole(
				'broken-utf16.txt',
				"broken-utf16.txt: This file says it is UTF-16 (Excel's \"Unicode text\") but is not valid UTF-16 after byte 2; save it again from Excel as 'CSV UTF-8 (Comma delimited)', then upload that file."
			)
		],
		[
			'summary-cut-short.txt',
			{ billingMonth: '2020-01' },
			atLine(
				'summary-cut-short.txt',
				'ezbackup-summary',
				1,
				null,
				'summary-cut-short.txt, line 1: the table for account IT-ANS1004 has no "Total for N nodes" line before the end of the file, so the summary may be cut short. Upload the whole summary as EZ-Backup mailed it.',
				null
			)
		],
		[
			'summary-bad-row.txt',
			{ billingMonth: '2020-01' },
			atLine(
				'summary-bad-row.txt',
				'ezbackup-summary',
				5,
				null,
				'summary-bad-row.txt, line 5: this line is not a node row: it has 10 values where the table has 8 columns (Nodename, Backup, Archiv, Total, Extra, $ Base, $ Extra, $ Total). Upload the summary as EZ-Backup mailed it.',
				'ANSC LAB IMAGING       62.5G   0.0M  62.5G  12.5G     5.50     0.25     5.75'
			)
		]
	];

	it.each(cases)('%s is refused exactly', (name, options, expected) => {
		expect(parse(`hostile/${name}`, options)).toEqual(expected);
	});

	it('refuses a summary whose total disagrees with its rows, naming each column', () => {
		const outcome = refused(
			parse('hostile/summary-total-mismatch.txt', { billingMonth: '2020-01' })
		);
		expect(outcome.errorCount).toBe(3);
		expect(outcome.errors.map((e) => [e.line, e.column, e.value])).toEqual([
			[6, 'Backup', '75.0G'],
			[6, '$ Total', '11.30'],
			[6, '$ Total', '11.30']
		]);
		expect(outcome.message).toBe(
			'summary-total-mismatch.txt was not imported because of 3 problems; the first: summary-total-mismatch.txt, line 6, column "Backup": the total 75.0G is not the sum of the node rows above it (71,900,000,000 bytes). The summary may be cut short or edited; upload it as EZ-Backup mailed it.'
		);
	});

	it('refuses billing rows and Billing Summary lines that do not add up, with the three amounts', () => {
		const billing = refused(parse('hostile/billing-not-adding-up.csv'));
		expect(billing.errors.map((e) => [e.line, e.column, e.value])).toEqual([
			[3, '$ Total', '6.00'],
			[4, '$ Total', '-5.00']
		]);
		expect(billing.errors[0].message).toBe(
			'billing-not-adding-up.csv, line 3, column "$ Total": $ Base 5.50 + $ Extra 0.25 makes 5.75, but $ Total is 6.00, so the row does not add up. Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
		);
		const summary = refused(parse('hostile/summary-not-adding-up.txt'));
		expect(summary.errors.map((e) => [e.line, e.column, e.value])).toEqual([
			[8, '$ Total', '5.50'],
			[9, '$ Total', '11.00']
		]);
		expect(summary.errors[1].message).toContain(
			'line 9, column "$ Total": $ Base 11.00 + $ Extra 0.25 makes 11.25, but $ Total is 11.00, so the total line does not add up.'
		);
	});

	it('reports every problem of a row that has several', () => {
		const outcome = refused(parse('hostile/fraction-of-cent.csv'));
		expect(outcome.errorCount).toBe(2);
		expect(outcome.errors.map((e) => [e.line, e.column, e.value])).toEqual([
			[2, '$ Extra', '0.005'],
			[2, '$ Total', '5.505']
		]);
	});

	it('covers at least twenty hostile files, each with a test', () => {
		const files = readdirSync(HOSTILE);
		expect(files.length).toBeGreaterThanOrEqual(20);
		const tested = new Set([
			...cases.map(([name]) => name),
			'ambiguous-dates.csv',
			'summary-total-mismatch.txt',
			'fraction-of-cent.csv',
			'billing-not-adding-up.csv',
			'summary-not-adding-up.txt',
			// a key twice: the database finds it (writers/writers.spec.ts)
			'duplicate-charge.csv',
			'duplicate-device.csv',
			'duplicate-computer.csv'
		]);
		expect(files.filter((file) => !tested.has(file))).toEqual([]);
	});
});

describe('the kind the uploader chose', () => {
	it('refuses a file of another kind, naming the missing columns', () => {
		expect(parse('inventory.csv', { kind: 'code42-devices' })).toEqual(
			atLine(
				'inventory.csv',
				'code42-devices',
				1,
				null,
				'inventory.csv is not a Code42 device backup report: its header (line 1) lacks the columns deviceUid, deviceName, status, alertStates, creationDate and lastCompletedBackupDate. Check that you chose the right kind for this file, or export it again with all its columns.'
			)
		);
	});

	it('refuses a CSV said to be a Billing Summary', () => {
		expect(parse('ezbackup-billing.csv', { kind: 'ezbackup-summary' })).toEqual(
			whole(
				'ezbackup-billing.csv',
				'ezbackup-billing.csv is not an EZ-Backup Billing Summary: it has no "Bill to: KFS#" line followed by a "Nodename  Backup ..." table. Check that you chose the right kind for this file, then upload it again.',
				'ezbackup-summary'
			)
		);
	});

	it('refuses a Billing Summary said to be a billing export', () => {
		const outcome = refused(parse('ezbackup-summary.txt', { kind: 'ezbackup-billing' }));
		expect(outcome.kind).toBe('ezbackup-billing');
		expect(outcome.message).toBe(
			'ezbackup-summary.txt is not an EZ-Backup billing export: its header (line 1) lacks the columns Billing Month, Account, Nodename and Total. Check that you chose the right kind for this file (or set the billing month when you upload it), or export it again with all its columns.'
		);
	});

	it('takes a file of the kind chosen', () => {
		expect(ok(parse('departments.csv', { kind: 'departments' })).rowCount).toBe(3);
	});
});

describe('parseExport on text made up here', () => {
	const run = (text: string, options: Partial<ParseOptions> = {}) =>
		parseExport(utf8(text), { fileName: 'f.csv', ...options });

	it('ignores unknown columns and the empty columns Excel leaves', () => {
		const outcome = ok(
			run('Code,Name,Notes,,\nANSC,Animal Science,keep,,\nFDSC,Food Science,x,,,,\n')
		);
		expect(outcome.recognizedColumns).toEqual(['Code', 'Name']);
		expect(outcome.ignoredColumns).toEqual(['Notes']);
		expect(outcome.records).toEqual([
			{ code: 'ANSC', name: 'Animal Science', aliases: [] },
			{ code: 'FDSC', name: 'Food Science', aliases: [] }
		]);
	});

	it('counts lines from the top, blank lines before the header included', () => {
		const outcome = refused(run('\n\nCode,Name\nANSC,\n'));
		expect(outcome.errors[0]).toMatchObject({ line: 4, column: 'Name' });
		expect(refused(run('\n\nCode,Name\n')).message).toBe(
			'f.csv has no data rows: it has a header (line 3) but no rows under it. Export the file again with its data, then upload it.'
		);
	});

	it('refuses a header with a quote that never closes', () => {
		expect(run('"Code,Name\nANSC,Animal Science\n')).toEqual(
			atLine(
				'f.csv',
				undefined,
				1,
				null,
				'f.csv, line 1: a quoted value opens here and never closes, so the rest of the file reads as one value. Add the missing closing quote ("), then upload the file again.'
			)
		);
	});

	it('stops at a row over a million characters', () => {
		const text = 'Code,Name\nANSC,"' + 'x'.repeat(1_100_000);
		const outcome = refused(run(text));
		expect(outcome.errors).toEqual([
			{
				line: 2,
				column: null,
				message:
					'f.csv, line 2: a row starting here runs over a million characters, which no export row does: a quote probably never closes. Add the missing closing quote ("), then upload the file again.'
			}
		]);
	});

	it('keeps the first 100 problems by line and counts them all', () => {
		const rows = Array.from({ length: 150 }, (_, i) => `PC${i},ANSC,,2020-02-30`);
		const outcome = refused(run('Computer Name,Department,OS,Last Seen\n' + rows.join('\n')));
		expect(outcome.errorCount).toBe(150);
		expect(outcome.errors).toHaveLength(MAX_ERRORS);
		expect(outcome.errors[0].line).toBe(2);
		expect(outcome.errors[99].line).toBe(101);
		expect(outcome.message).toBe(
			'f.csv was not imported because of 150 problems; the first: f.csv, line 2, column "Last Seen": "2020-02-30" is not a real date: February 2020 has no day 30. Write dates as 2020-11-30 (or leave the cell empty), then upload the file again.'
		);
	});

	it('lets the file state its billing month, or takes the uploader’s when the column is absent', () => {
		expect(
			ok(run('Account,Nodename,Total\nA,N,1G\n', { billingMonth: '2020-07' })).records
		).toEqual([
			{
				month: '2020-07',
				account: 'A',
				department: null,
				nodename: 'N',
				backupBytes: null,
				archiveBytes: null,
				totalBytes: 1_000_000_000,
				extraBytes: null,
				baseCents: null,
				extraCents: null,
				totalCents: null
			}
		]);
	});
});

describe('streaming', () => {
	const names = [
		...readdirSync(FIXTURES).filter((f) => /\.(csv|txt)$/.test(f)),
		...readdirSync(HOSTILE).map((f) => `hostile/${f}`)
	];

	it.each(names)('%s: the same outcome whatever the chunks', (name) => {
		const options = name.includes('summary') ? { billingMonth: '2020-01' } : {};
		const whole = parse(name, name.includes('two-accounts') ? {} : options);
		for (const size of [1, 7, 64, 4096]) {
			expect(parseInChunks(name, size, name.includes('two-accounts') ? {} : options)).toEqual(
				whole
			);
		}
	});

	it('hands records to the sink as they are read, with their lines, and keeps none', async () => {
		const seen: [string, number][] = [];
		async function* chunks() {
			const bytes = bytesOf('code42-devices.csv');
			for (let at = 0; at < bytes.length; at += 100) yield bytes.subarray(at, at + 100);
		}
		const outcome = ok(
			await parseExportStream(
				chunks(),
				{ fileName: 'code42-devices.csv' },
				{
					'code42-devices': (record, line) => seen.push([record.deviceName, line])
				}
			)
		);
		expect(outcome.records).toEqual([]);
		expect(outcome.rowCount).toBe(5);
		expect(outcome.asOf).toBe('2020-12-01');
		expect(seen).toEqual([
			['ANSC-PC0042', 2],
			['FDSC-MAC0007', 3],
			['FDSC-MAC0007', 4],
			['ANSC-OLDLAPTOP', 5],
			['PLSCI-LINUX01', 6]
		]);
	});

	it('collects the records of a kind the sink has no receiver for', async () => {
		async function* chunks() {
			yield bytesOf('inventory.csv');
		}
		const outcome = ok(
			await parseExportStream(chunks(), { fileName: 'inventory.csv' }, { departments: () => {} })
		);
		expect(outcome.records).toEqual(INVENTORY);
	});

	it('hands a held row over once its date order settles, and keeps file order when collecting', () => {
		const lines: number[] = [];
		const parser = new ExportParser(
			{ fileName: 'inventory-dmy.csv' },
			{ inventory: (_, line) => lines.push(line) }
		);
		parser.push(bytesOf('inventory-dmy.csv'));
		expect(parser.end().ok).toBe(true);
		expect(lines).toEqual([3, 2, 4]);
		expect(
			ok(parse('inventory-dmy.csv')).records.map((r) => ('computerName' in r ? r.computerName : ''))
		).toEqual(['ANSC-PC0042', 'FDSC-MAC0007', 'PLSCI-LINUX01']);
	});

	it('stops reading a refused file', async () => {
		let pulled = 0;
		async function* chunks() {
			for (let i = 0; i < 100; i++) {
				pulled++;
				yield utf8(i === 0 ? 'foo,bar\n' : '1,2\n'.repeat(1000));
			}
		}
		const outcome = refused(await parseExportStream(chunks(), { fileName: 'f.csv' }));
		expect(outcome.errors[0].line).toBe(1);
		expect(pulled).toBeLessThan(100);
	});

	it('reads a large report row by row', () => {
		const header = readFileSync(new URL('code42-devices.csv', FIXTURES), 'utf8').split('\n')[0];
		const row = readFileSync(new URL('code42-devices.csv', FIXTURES), 'utf8').split('\n')[1];
		let count = 0;
		const parser = new ExportParser({ fileName: 'big.csv' }, { 'code42-devices': () => count++ });
		parser.push(utf8(header + '\r\n'));
		for (let i = 0; i < 20_000; i++) {
			parser.push(
				utf8(row.replace('925541938261443264', `9${String(i).padStart(17, '0')}`) + '\r\n')
			);
		}
		const outcome = ok(parser.end());
		expect(count).toBe(20_000);
		expect(outcome.rowCount).toBe(20_000);
	});

	it('returns the same outcome when ended twice and ignores later bytes', () => {
		const parser = new ExportParser({ fileName: 'departments.csv' });
		parser.push(bytesOf('departments.csv'));
		const first = parser.end();
		parser.push(utf8('XX,Y,\n'));
		expect(parser.end()).toBe(first);
	});
});
