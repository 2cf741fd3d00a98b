import { describe, expect, it } from 'vitest';
import {
	CSV_FORMATS,
	detectKind,
	looksLikeBillingSummary,
	mapHeader,
	missingColumns,
	normalizeHeader,
	splitSummaryHeader,
	SUMMARY_COLUMNS,
	type CsvKind
} from './formats';

const billingColumns = CSV_FORMATS['ezbackup-billing'].columns;
const CODE42 =
	'archiveGuid,orgUid,orgName,orgExtRef,userUid,username,email,userExtRef,deviceUid,deviceName,deviceOsHostname,deviceExtRef,destinationUid,destinationName,serverUid,serverName,version,status,userStatus,alertStates,os,osVersion,address,remoteAddress,creationDate,selectedBytes,backupCompletePercentage,archiveBytes,coldStorage,lastConnectedDate,lastCompletedBackupDate,lastActivity,mostRecentUserProfileCreationResult,mostRecentUserProfileBackupResult'.split(
		','
	);
const CODE42CLI =
	'computerId,guid,name,osHostname,status,lastConnected,creationDate,productVersion,osName,osVersion,userUid'.split(
		','
	);
const BILLING =
	'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total'.split(
		','
	);

describe('normalizeHeader', () => {
	it.each([
		['Billing Month', 'billingmonth'],
		['billing_month', 'billingmonth'],
		['BILLING-MONTH', 'billingmonth'],
		['  Node name ', 'nodename'],
		['KFS #', 'kfs'],
		['$ Total', '$total'],
		['$Total', '$total'],
		['Total', 'total'],
		['\uFEFFarchiveGuid', 'archiveguid'],
		['Last\u00a0Seen', 'lastseen']
	])('%j → %j', (header, normalized) => {
		expect(normalizeHeader(header)).toBe(normalized);
	});
});

describe('detectKind', () => {
	it.each([
		['the Code42 device report', CODE42, 'code42-devices'],
		['the code42cli list', CODE42CLI, 'code42cli-devices'],
		[
			'the code42cli list with its optional columns',
			[...CODE42CLI, 'archiveCount', 'totalStorageBytes', 'username'],
			'code42cli-devices'
		],
		['the billing export', BILLING, 'ezbackup-billing'],
		[
			'the billing export without money',
			['Billing Month', 'Account', 'Nodename', 'Total'],
			'ezbackup-billing'
		],
		['the inventory', ['Computer Name', 'Department', 'OS', 'Last Seen'], 'inventory'],
		['the inventory in other spellings', ['computer_name', 'DEPARTMENT'], 'inventory'],
		['the department list', ['Code', 'Name', 'Aliases'], 'departments'],
		['a Code42 report missing columns', ['deviceUid', 'deviceName'], 'code42-devices'],
		['unknown columns', ['foo', 'bar', 'baz'], null],
		['an empty header', [''], null],
		['a lone name column', ['Name'], null]
	])('%s', (_, header, kind) => {
		expect(detectKind(header)).toBe(kind);
	});
});

describe('mapHeader', () => {
	it('maps known columns and sets the others aside', () => {
		const mapping = mapHeader(
			['Billing Month', 'Account', 'Nodename', 'Notes', '', 'Total', '$ Total'],
			billingColumns
		);
		expect(Object.fromEntries(mapping.index)).toEqual({
			billingMonth: 0,
			account: 1,
			nodename: 2,
			total: 5,
			totalMoney: 6
		});
		expect(mapping.recognized).toEqual([
			'Billing Month',
			'Account',
			'Nodename',
			'Total',
			'$ Total'
		]);
		expect(mapping.ignored).toEqual(['Notes']);
		expect(mapping.absent.map((c) => c.header)).toEqual([
			'Department',
			'Backup',
			'Archive',
			'Extra',
			'$ Base',
			'$ Extra'
		]);
		expect(mapping.duplicates).toEqual([]);
	});

	it('accepts the Billing Summary spelling Archiv', () => {
		expect(mapHeader(['Archiv'], billingColumns).index.get('archive')).toBe(0);
	});

	it('finds a column named twice, however it is spelled', () => {
		expect(mapHeader(['Nodename', 'Total', 'node_name'], billingColumns).duplicates).toEqual([
			{ column: 'Nodename', positions: [1, 3] }
		]);
	});

	it('keeps the first of a column named twice', () => {
		expect(mapHeader(['Total', 'TOTAL'], billingColumns).index.get('total')).toBe(0);
	});
});

describe('missingColumns', () => {
	it('names the required columns a header lacks', () => {
		const mapping = mapHeader(['Account', 'Department'], billingColumns);
		expect(missingColumns(mapping).map((c) => c.header)).toEqual([
			'Billing Month',
			'Nodename',
			'Total'
		]);
	});

	it('lets the uploader stand in for a missing Billing Month', () => {
		const mapping = mapHeader(['Account', 'Nodename', 'Total'], billingColumns);
		expect(missingColumns(mapping, '2020-01')).toEqual([]);
	});
});

describe('looksLikeBillingSummary', () => {
	it('needs the Bill to line and the table header after it', () => {
		const summary =
			'Bill to: KFS# IT-ANS1004-_____-6601\n         Nodename             Backup Archiv  Total\n';
		expect(looksLikeBillingSummary(summary)).toBe(true);
		expect(looksLikeBillingSummary('Subject: charges\n\n' + summary)).toBe(true);
		expect(looksLikeBillingSummary('Bill to: KFS# IT-ANS1004\nno table here\n')).toBe(false);
		expect(looksLikeBillingSummary('Nodename Backup\nBill to: KFS# IT-ANS1004\n')).toBe(false);
		expect(looksLikeBillingSummary(BILLING.join(',') + '\n')).toBe(false);
	});
});

const headers = (kind: CsvKind, required: boolean) =>
	CSV_FORMATS[kind].columns.filter((c) => Boolean(c.required) === required).map((c) => c.header);

describe('the columns of each export', () => {
	it('has the 34 columns of the Code42 report, in order', () => {
		const columns = CSV_FORMATS['code42-devices'].columns.map((c) => c.header);
		expect(columns).toHaveLength(34);
		expect(columns[0]).toBe('archiveGuid');
		expect(columns[33]).toBe('mostRecentUserProfileBackupResult');
		expect(headers('code42-devices', true)).toEqual([
			'deviceUid',
			'deviceName',
			'status',
			'alertStates',
			'creationDate',
			'lastCompletedBackupDate'
		]);
		expect(headers('code42-devices', false)).toHaveLength(28);
	});

	it('knows the columns of `code42 devices list -f CSV`, with its optional trailing ones', () => {
		expect(headers('code42cli-devices', true)).toEqual(['guid', 'name', 'status', 'creationDate']);
		expect(headers('code42cli-devices', false)).toEqual([
			'computerId',
			'osHostname',
			'lastConnected',
			'productVersion',
			'osName',
			'osVersion',
			'userUid',
			'archiveCount',
			'totalStorageBytes',
			'username'
		]);
	});

	it('makes Department and the money of a billing export optional', () => {
		expect(headers('ezbackup-billing', true)).toEqual([
			'Billing Month',
			'Account',
			'Nodename',
			'Total'
		]);
		expect(headers('ezbackup-billing', false)).toEqual([
			'Department',
			'Backup',
			'Archive',
			'Extra',
			'$ Base',
			'$ Extra',
			'$ Total'
		]);
	});

	it('knows the inventory and the department list', () => {
		expect(headers('inventory', true)).toEqual(['Computer Name', 'Department']);
		expect(headers('inventory', false)).toEqual(['OS', 'Last Seen', 'Source']);
		expect(headers('departments', true)).toEqual(['Code', 'Name']);
		expect(headers('departments', false)).toEqual(['Aliases']);
	});

	it('detects each kind from its own header, and names every date column it has', () => {
		for (const kind of Object.keys(CSV_FORMATS) as CsvKind[]) {
			const format = CSV_FORMATS[kind];
			expect(format.kind).toBe(kind);
			expect(detectKind(format.columns.map((c) => c.header))).toBe(kind);
			const keys = format.columns.map((c) => c.key);
			for (const key of [...format.identifying, ...format.dateColumns, ...format.asOfColumns]) {
				expect(keys, `${kind}: ${key}`).toContain(key);
			}
		}
	});

	it('reads the Billing Summary table header, `$ Base` being one column', () => {
		const header = splitSummaryHeader(
			'         Nodename             Backup Archiv  Total  Extra   $ Base  $ Extra  $ Total'
		);
		expect(header).toEqual(SUMMARY_COLUMNS.map((c) => c.header));
		const mapping = mapHeader(header, SUMMARY_COLUMNS);
		expect(mapping.ignored).toEqual([]);
		expect(missingColumns(mapHeader(['Nodename', 'Backup'], SUMMARY_COLUMNS))).toEqual([
			SUMMARY_COLUMNS[3],
			SUMMARY_COLUMNS[7]
		]);
		expect(SUMMARY_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual([
			'Nodename',
			'Total',
			'$ Total'
		]);
	});
});
