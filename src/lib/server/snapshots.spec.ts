import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db';
import { loadSamples } from './imports/samples';
import { archive, device } from './metrics/fixtures';
import {
	deviceStateOf,
	loadDeviceHistory,
	loadManagedByShortName,
	reportSnapshot,
	reportsInForce
} from './snapshots';

const distinctUids = (file: string) =>
	new Set(
		Papa.parse<Record<string, string>>(readFileSync(`data/samples/${file}`, 'utf8'), {
			header: true,
			skipEmptyLines: true
		}).data.map((r) => r.deviceUid)
	).size;

let db: Db;
beforeAll(() => {
	db = openDatabase(':memory:');
	loadSamples(db);
}, 60_000);
afterAll(() => db.$client.close());

describe('reading the reports on the sample data', () => {
	it('lists the reports in force on a date, oldest first', () => {
		expect(reportsInForce(db, '2020-11-30').map((r) => [r.asOf, r.kind])).toEqual([
			['2020-06-30', 'code42-devices'],
			['2020-10-12', 'code42-devices'],
			['2020-11-30', 'code42-devices'],
			['2020-11-30', 'code42cli-devices']
		]);
		expect(reportsInForce(db, '2020-10-11').map((r) => r.asOf)).toEqual(['2020-06-30']);
	});

	it('reads each device backup report with each of its devices once', () => {
		const snapshots = reportsInForce(db, '2020-11-30', 'code42-devices').map((report) =>
			reportSnapshot(db, report)
		);
		expect(snapshots.map((s) => [s.asOf, s.devices.length])).toEqual([
			['2020-06-30', distinctUids('code42-devices-2020-06-30.csv')],
			['2020-10-12', distinctUids('code42-devices-2020-10-12.csv')],
			['2020-11-30', distinctUids('code42-devices-2020-11-30.csv')]
		]);
	});

	it('reads one device across the reports, with both its destinations', () => {
		const uid = (
			db.$client
				.prepare(`SELECT device_uid AS uid FROM device_rows WHERE device_name = 'MBG-MAC0076'`)
				.get() as { uid: string }
		).uid;
		const history = loadDeviceHistory(db, uid, '2020-11-30');
		expect(history.map((h) => [h.asOf, h.kind, h.device.archives?.length ?? null])).toEqual([
			['2020-06-30', 'code42-devices', 1],
			['2020-10-12', 'code42-devices', 2],
			['2020-11-30', 'code42-devices', 2],
			['2020-11-30', 'code42cli-devices', null]
		]);
		const state = deviceStateOf(history);
		expect(state?.reportAsOf).toBe('2020-11-30');
		expect(state?.archives?.map((a) => a.alertStates)).toEqual(['OK', 'CriticalBackupAlert']);
		expect(loadManagedByShortName(db, 'mbg-mac0076').map((m) => m.department)).toEqual(['MBG']);
		expect(loadDeviceHistory(db, 'no such device', '2020-11-30')).toEqual([]);
	});
});

describe('deviceStateOf', () => {
	it('takes the latest report, a device report before a list of the same day', () => {
		const fromReport = device('d', {
			status: 'Active',
			archives: [archive({ lastCompletedBackup: '2020-06-01T00:00:00Z' })]
		});
		const fromList = device('d', { status: 'Deactivated', archives: null, creationDate: null });
		const sameDay = deviceStateOf([
			{ asOf: '2020-06-30', kind: 'code42-devices', device: fromReport },
			{ asOf: '2020-06-30', kind: 'code42cli-devices', device: fromList }
		]);
		expect(sameDay?.status).toBe('Active');
		// a later list decides the status; the backup state stays the report's; the install date
		// comes from the other rows when the list has none
		const later = deviceStateOf([
			{ asOf: '2020-06-30', kind: 'code42-devices', device: fromReport },
			{ asOf: '2020-07-07', kind: 'code42cli-devices', device: fromList }
		]);
		expect(later).toMatchObject({
			status: 'Deactivated',
			archives: fromReport.archives,
			creationDate: fromReport.creationDate
		});
		expect(deviceStateOf([])).toBeNull();
	});
});
