// Builders for the unit tests of this folder: small states written out in each test, with only
// what the test is about spelled out and everything else a plain default.
import { shortHostname } from './names';
import type { Archive, Charge, DashboardState, Device, ManagedComputer } from './types';

export function archive(fields: Partial<Archive> = {}): Archive {
	return {
		archiveGuid: null,
		destinationName: 'Code42 Cloud',
		alertStates: 'OK',
		lastCompletedBackup: null,
		backupCompletePercentage: null,
		selectedBytes: null,
		archiveBytes: null,
		...fields
	};
}

/** An active device named like its uid, installed 2020-01-01, with no destination yet. */
export function device(deviceUid: string, fields: Partial<Device> = {}): Device {
	const deviceName = fields.deviceName ?? deviceUid;
	return {
		deviceUid,
		deviceName,
		shortHostname: shortHostname(null, deviceName),
		orgName: null,
		username: null,
		os: 'win64',
		status: 'Active',
		creationDate: '2020-01-01T00:00:00.000Z',
		lastConnected: null,
		reportAsOf: '2020-06-30',
		archives: [],
		...fields
	};
}

export function managed(
	computerName: string,
	department: string,
	fields: Partial<ManagedComputer> = {}
): ManagedComputer {
	return {
		computerName,
		shortName: shortHostname(computerName),
		department,
		os: 'Windows 10',
		lastSeen: '2020-06-01',
		...fields
	};
}

export function charge(
	month: string,
	nodename: string,
	totalCents: number,
	fields: Partial<Charge> = {}
): Charge {
	return {
		month,
		nodename,
		account: 'IT-ABC1234',
		department: null,
		totalBytes: null,
		totalCents,
		...fields
	};
}

export function state(fields: Partial<DashboardState> = {}): DashboardState {
	return {
		asOf: '2020-06-30',
		departments: [],
		devices: [],
		managed: [],
		charges: [],
		handLinks: [],
		thresholds: { warningDays: 3, criticalDays: 5, firstBackupGraceDays: 14 },
		...fields
	};
}
