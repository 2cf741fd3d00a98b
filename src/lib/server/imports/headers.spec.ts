import { describe, expect, it } from 'vitest';
import { columns as billingColumns } from './ezbackup-billing';
import {
	CSV_FORMATS,
	detectKind,
	listWords,
	looksLikeBillingSummary,
	mapHeader,
	missingColumns,
	missingColumnsMessage,
	normalizeHeader
} from './headers';

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

	it('says which columns are missing, and what to do', () => {
		const format = CSV_FORMATS['code42-devices'];
		const mapping = mapHeader(['Computer Name', 'Department'], format.columns);
		const missing = missingColumns(mapping);
		expect(missingColumnsMessage('inv.csv', 'code42-devices', missing, true)).toBe(
			'inv.csv is not a Code42 device backup report: its header (line 1) lacks the columns deviceUid, deviceName, status, alertStates, creationDate and lastCompletedBackupDate. Check that you chose the right kind for this file, or export it again with all its columns.'
		);
		expect(
			missingColumnsMessage(
				'b.csv',
				'ezbackup-billing',
				missingColumns(mapHeader(['Nodename', 'Account', 'Total'], billingColumns)),
				false,
				3
			)
		).toBe(
			'b.csv looks like an EZ-Backup billing export, but its header (line 3) lacks the column Billing Month. Export it again with all its columns (or set the billing month when you upload it), then upload it.'
		);
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

describe('listWords', () => {
	it('joins as a sentence does', () => {
		expect(listWords([])).toBe('');
		expect(listWords(['a'])).toBe('a');
		expect(listWords(['a', 'b'])).toBe('a and b');
		expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
	});
});
