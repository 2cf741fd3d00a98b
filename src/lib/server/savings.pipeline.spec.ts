// The savings figures through the real import pipeline on a throwaway database: a re-export that
// corrects a month, hand links that outlive re-imports and undos, and the settings the pipeline
// and loadState read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db';
import {
	findDevices,
	findNodename,
	forgetHandLink,
	listHandLinks,
	setHandLink
} from './hand-links';
import { importFile, undoImport } from './imports/pipeline';
import { nodeSavings, sumSavings } from './metrics/savings';
import { spendByMonth } from './metrics/spend';
import {
	readCode42Costs,
	readTariffs,
	removeCode42Cost,
	removeTariff,
	saveCode42Cost,
	saveTariff
} from './savings-settings';
import { loadState } from './figures/reference';

const BILLING_HEADER =
	'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total';

const CODE42_HEADER =
	'archiveGuid,orgUid,orgName,orgExtRef,userUid,username,email,userExtRef,deviceUid,deviceName,' +
	'deviceOsHostname,deviceExtRef,destinationUid,destinationName,serverUid,serverName,version,' +
	'status,userStatus,alertStates,os,osVersion,address,remoteAddress,creationDate,selectedBytes,' +
	'backupCompletePercentage,archiveBytes,coldStorage,lastConnectedDate,lastCompletedBackupDate,' +
	'lastActivity,mostRecentUserProfileCreationResult,mostRecentUserProfileBackupResult';

/** A device backup report row: active, backed up at `lastBackup`, one destination. */
function deviceLine(uid: string, name: string, lastBackup: string): string {
	return [
		`a${uid}`,
		'1',
		'CALS-Animal Science',
		'',
		'2',
		'jd',
		'jd@example.edu',
		'',
		uid,
		name,
		`${name}.cals.example.edu`,
		'',
		'3',
		'Code42 Cloud',
		'4',
		'srv',
		'1',
		'Active',
		'Active',
		'OK',
		'win64',
		'10',
		'',
		'',
		'2020-03-01T00:00:00.000Z',
		'1000',
		'100.0',
		'1000',
		'false',
		lastBackup,
		lastBackup,
		lastBackup,
		'',
		''
	].join(',');
}

const file = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

let db: Db;

function load(
	name: string,
	lines: string[],
	extra: { kind?: 'code42-devices'; asOf?: string } = {}
) {
	const outcome = importFile(db, {
		fileName: name,
		bytes: file(lines),
		uploadedBy: 'test',
		...extra
	});
	expect(outcome.status, outcome.message).toBe('imported');
	return outcome.importId as number;
}

beforeEach(() => {
	db = openDatabase(':memory:');
});
afterEach(() => {
	db.$client.close();
});

describe('a re-export that corrects a month', () => {
	// First export: PC1 April 550, May 575, June 575; PC2 April 550, May 550 (retired after May).
	// The correction re-exports May: PC1 600 instead of 575, PC2 560 instead of 550.
	// Before: PC2 baseline (550 + 550) / 2 = 550, saves June: 550. PC1 billed.
	// After: PC2 baseline (550 + 560) / 2 = 555; May's spend 600 + 560 = 1,160.
	// Undoing the correction shows the first export through again.
	const first = [
		BILLING_HEADER,
		'2020-04,IT-A1,ANSC,PC1@S,1G,0,1G,0,5.50,0.00,5.50',
		'2020-05,IT-A1,ANSC,PC1@S,1G,0,1G,0,5.50,0.25,5.75',
		'2020-06,IT-A1,ANSC,PC1@S,1G,0,1G,0,5.50,0.25,5.75',
		'2020-04,IT-A1,ANSC,PC2@S,1G,0,1G,0,5.50,0.00,5.50',
		'2020-05,IT-A1,ANSC,PC2@S,1G,0,1G,0,5.50,0.00,5.50'
	];
	const correction = [
		BILLING_HEADER,
		'2020-05,IT-A1,ANSC,PC1@S,1G,0,1G,0,5.50,0.50,6.00',
		'2020-05,IT-A1,ANSC,PC2@S,1G,0,1G,0,5.50,0.10,5.60'
	];
	const figures = () => {
		const state = loadState(db, '2020-06-30');
		const result = nodeSavings(state);
		const may = spendByMonth(state.charges, result, ['UNASSIGNED']).find(
			(m) => m.month === '2020-05'
		);
		const pc2 = result.nodes.find((n) => n.nodeKey === 'pc2@s');
		return {
			may: may?.totalCents,
			pc2Baseline: pc2?.baselineCents,
			realized: sumSavings(result.nodes).realizedCents
		};
	};

	it('lets the later import of the same month and node win, and undo bring back the first', () => {
		load('billing.csv', first);
		expect(figures()).toEqual({ may: 1125, pc2Baseline: 550, realized: 550 });
		const corrected = load('billing-may-again.csv', correction);
		expect(figures()).toEqual({ may: 1160, pc2Baseline: 555, realized: 555 });
		expect(undoImport(db, corrected, 'test').ok).toBe(true);
		expect(figures()).toEqual({ may: 1125, pc2Baseline: 550, realized: 550 });
	});
});

describe('hand links', () => {
	const billing = [
		BILLING_HEADER,
		'2020-06,IT-A1,ANSC,LAB-SERVER@S,1G,0,1G,0,5.50,0.00,5.50',
		'2020-06,IT-A1,ANSC,ANSC-PC7@S,1G,0,1G,0,5.50,0.00,5.50'
	];
	const report = [
		CODE42_HEADER,
		deviceLine('100', 'ANSC-PC7', '2020-06-30T10:00:00.000Z'),
		deviceLine('200', 'ANSC-LAB1', '2020-06-30T10:00:00.000Z'),
		deviceLine('300', 'ANSC-TWIN', '2020-06-30T10:00:00.000Z'),
		deviceLine('301', 'ANSC-TWIN', '2020-06-30T10:00:00.000Z')
	];
	const links = () => {
		const result = nodeSavings(loadState(db, '2020-06-30'));
		return Object.fromEntries(result.nodes.map((n) => [n.nodeKey, n.linkedDeviceUids]));
	};

	it('wins over the name rule and stays through a re-import and an undo', () => {
		const billingId = load('billing.csv', billing);
		load('devices.csv', report, { kind: 'code42-devices', asOf: '2020-06-30' });
		expect(links()).toEqual({ 'ansc-pc7@s': ['100'], 'lab-server@s': [] });

		setHandLink(db, { nodename: 'LAB-SERVER@S', deviceUid: '200', linked: true }, 'ann@x.edu');
		setHandLink(db, { nodename: 'ansc-pc7@s', deviceUid: '100', linked: false }, 'bob@x.edu');
		expect(links()).toEqual({ 'ansc-pc7@s': [], 'lab-server@s': ['200'] });

		// the same charges again in another file, then that file undone, then the first undone too
		const again = load('billing-again.csv', [
			...billing,
			'2020-05,IT-A1,ANSC,LAB-SERVER@S,1G,0,1G,0,5.50,0.00,5.50'
		]);
		expect(links()).toEqual({ 'ansc-pc7@s': [], 'lab-server@s': ['200'] });
		undoImport(db, again, 'test');
		expect(links()).toEqual({ 'ansc-pc7@s': [], 'lab-server@s': ['200'] });
		undoImport(db, billingId, 'test');
		expect(links()).toEqual({});
		load('billing-back.csv', [
			...billing,
			'2020-04,IT-A1,ANSC,ANSC-PC7@S,1G,0,1G,0,5.50,0.00,5.50'
		]);
		expect(links()).toEqual({ 'ansc-pc7@s': [], 'lab-server@s': ['200'] });

		expect(
			listHandLinks(db).map((l) => [l.nodename, l.deviceUid, l.deviceName, l.linked, l.createdBy])
		).toEqual(
			expect.arrayContaining([
				['LAB-SERVER@S', '200', 'ANSC-LAB1', true, 'ann@x.edu'],
				['ansc-pc7@s', '100', 'ANSC-PC7', false, 'bob@x.edu']
			])
		);
	});

	it('keeps one word per pair, whatever the case of the nodename, and can forget it', () => {
		load('billing.csv', billing);
		load('devices.csv', report, { kind: 'code42-devices', asOf: '2020-06-30' });
		setHandLink(db, { nodename: 'LAB-SERVER@S', deviceUid: '200', linked: true }, 'ann@x.edu');
		setHandLink(db, { nodename: 'lab-server@s', deviceUid: '200', linked: false }, 'bob@x.edu');
		expect(listHandLinks(db)).toHaveLength(1);
		expect(listHandLinks(db)[0]).toMatchObject({ linked: false, createdBy: 'bob@x.edu' });
		expect(forgetHandLink(db, 'Lab-Server@S', '200', 'ann@x.edu')).toBe(true);
		expect(forgetHandLink(db, 'Lab-Server@S', '200', 'ann@x.edu')).toBe(false);
		expect(listHandLinks(db)).toEqual([]);
	});

	it('finds nodes and devices as an administrator types them', () => {
		load('billing.csv', billing);
		load('devices.csv', report, { kind: 'code42-devices', asOf: '2020-06-30' });
		expect(findNodename(db, ' lab-server@s ')).toBe('LAB-SERVER@S');
		expect(findNodename(db, 'nothing@s')).toBeNull();
		expect(findDevices(db, '200').map((d) => d.deviceName)).toEqual(['ANSC-LAB1']);
		expect(findDevices(db, 'ansc-lab1').map((d) => d.deviceUid)).toEqual(['200']);
		expect(findDevices(db, 'ANSC-LAB1.cals.example.edu').map((d) => d.deviceUid)).toEqual(['200']);
		expect(findDevices(db, 'ANSC-TWIN').map((d) => d.deviceUid)).toEqual(['300', '301']);
		expect(findDevices(db, 'nothing')).toEqual([]);
	});
});

describe('savings settings', () => {
	const noMoney = [
		'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra',
		'2021-08,IT-A1,ANSC,PC1@S,70G,0,70G,20G',
		'2020-08,IT-A1,ANSC,PC2@S,70G,0,70G,20G'
	];

	it('starts from the Cornell FY2020 tariff, and the pipeline prices with the tariffs set', () => {
		expect(readTariffs(db)).toMatchObject({ isDefault: true, change: null });
		expect(readTariffs(db).tariffs.map((t) => t.effectiveMonth)).toEqual(['2019-07']);
		// FY2022: $6.00 with 40 GB included, 3 cents per GB over
		expect(
			saveTariff(
				db,
				{ effectiveMonth: '2021-07', baseCents: 600, includedBytes: 40e9, centsPerExtraGB: 3 },
				'ann@x.edu'
			)
		).toBe('added');
		const saved = readTariffs(db);
		expect(saved.isDefault).toBe(false);
		expect(saved.change?.updatedBy).toBe('ann@x.edu');
		expect(saved.tariffs.map((t) => t.effectiveMonth)).toEqual(['2019-07', '2021-07']);

		load('no-money.csv', noMoney);
		const charges = loadState(db, '2021-08-31').charges;
		// 2021-08: 600 + 30 GB × 3 = 690; 2020-08 (FY2020): 550 + 20 GB × 2 = 590
		expect(charges.map((c) => [c.nodename, c.month, c.totalCents])).toEqual([
			['PC1@S', '2021-08', 690],
			['PC2@S', '2020-08', 590]
		]);
	});

	it('replaces a tariff of the same month, and with none left refuses files without $ columns', () => {
		const fy = {
			effectiveMonth: '2019-07',
			baseCents: 500,
			includedBytes: 50e9,
			centsPerExtraGB: 2
		};
		expect(saveTariff(db, fy, 'ann@x.edu')).toBe('replaced');
		expect(readTariffs(db).tariffs).toEqual([fy]);
		expect(removeTariff(db, '2018-01', 'ann@x.edu')).toBe(false);
		expect(removeTariff(db, '2019-07', 'ann@x.edu')).toBe(true);
		expect(readTariffs(db)).toMatchObject({ tariffs: [], isDefault: false });
		const outcome = importFile(db, {
			fileName: 'no-money.csv',
			bytes: file(noMoney),
			uploadedBy: 'test'
		});
		expect(outcome.status).toBe('refused');
		expect(outcome.message).toMatch(/no EZ-Backup tariff/);
	});

	it('gives loadState the Code42 cost in force in the as-of month, none before one is set', () => {
		expect(loadState(db, '2020-06-30').code42CentsPerDeviceMonth).toBeNull();
		expect(saveCode42Cost(db, '2020-01', 250, 'ann@x.edu')).toBe('added');
		expect(saveCode42Cost(db, '2020-10', 300, 'ann@x.edu')).toBe('added');
		expect(saveCode42Cost(db, '2020-10', 325, 'bob@x.edu')).toBe('replaced');
		expect(loadState(db, '2019-12-31').code42CentsPerDeviceMonth).toBe(0);
		expect(loadState(db, '2020-06-30').code42CentsPerDeviceMonth).toBe(250);
		expect(loadState(db, '2020-09-30').code42CentsPerDeviceMonth).toBe(250);
		expect(loadState(db, '2020-10-01').code42CentsPerDeviceMonth).toBe(325);
		expect(
			readCode42Costs(db).map((c) => [c.effectiveMonth, c.centsPerDeviceMonth, c.updatedBy])
		).toEqual([
			['2020-01', 250, 'ann@x.edu'],
			['2020-10', 325, 'bob@x.edu']
		]);
		expect(removeCode42Cost(db, '2020-10', 'ann@x.edu')).toBe(true);
		expect(removeCode42Cost(db, '2020-10', 'ann@x.edu')).toBe(false);
		expect(loadState(db, '2020-11-30').code42CentsPerDeviceMonth).toBe(250);
	});
});

describe('the audit log', () => {
	it('records hand-link and settings changes with who made them', () => {
		setHandLink(db, { nodename: 'LAB-SERVER@S', deviceUid: '200', linked: true }, 'ann@x.edu');
		forgetHandLink(db, 'LAB-SERVER@S', '200', 'bob@x.edu');
		saveCode42Cost(db, '2020-10', 300, 'ann@x.edu');
		removeCode42Cost(db, '2020-10', 'bob@x.edu');
		const rows = db.$client.prepare('SELECT actor, action FROM audit_log ORDER BY id').all();
		expect(rows).toEqual([
			{ actor: 'ann@x.edu', action: 'link.add' },
			{ actor: 'bob@x.edu', action: 'link.forget' },
			{ actor: 'ann@x.edu', action: 'settings.code42-cost' },
			{ actor: 'bob@x.edu', action: 'settings.code42-cost.remove' }
		]);
	});
});
