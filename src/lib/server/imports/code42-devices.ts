// Code42 console "Device Status" report (DeviceBackupReport, export=csv): one row per device per
// backup destination, 34 columns. A device is its deviceUid; a second row of the same device is its
// second destination.

import { CSV_FORMATS } from '../../imports/formats';
import { RowReader, type CsvFormat } from './row';
import type { Code42DeviceRecord } from './types';

export const format: CsvFormat<Code42DeviceRecord> = {
	...CSV_FORMATS['code42-devices'],
	createRowParser(context) {
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			const record: Code42DeviceRecord = {
				archiveGuid: r.text('archiveGuid'),
				orgName: r.text('orgName'),
				username: r.text('username'),
				deviceUid: r.text('deviceUid', true),
				deviceName: r.text('deviceName', true),
				deviceOsHostname: r.text('deviceOsHostname'),
				destinationUid: r.text('destinationUid'),
				destinationName: r.text('destinationName'),
				status: r.text('status', true),
				alertStates: r.text('alertStates'),
				os: r.text('os'),
				creationDate: r.instant('creationDate'),
				selectedBytes: r.size('selectedBytes'),
				backupCompletePercentage: r.decimal('backupCompletePercentage'),
				archiveBytes: r.size('archiveBytes'),
				lastConnectedDate: r.instant('lastConnectedDate'),
				lastCompletedBackupDate: r.instant('lastCompletedBackupDate'),
				lastActivity: r.instant('lastActivity')
			};
			const percentage = record.backupCompletePercentage;
			if (percentage !== null && (percentage < 0 || percentage > 100)) {
				r.problem(
					'backupCompletePercentage',
					r.raw('backupCompletePercentage'),
					`"${r.raw('backupCompletePercentage').trim()}" is not a percentage between 0 and 100. Export the report again, then upload it.`
				);
			}
			return r.result(record);
		};
	},
	// The archive tells a device's destinations apart (archiveGuid, else the destination); a
	// device without one has a single row.
	twice(r, record, lines) {
		r.problem(
			'deviceUid',
			record.deviceUid,
			`device ${record.deviceUid} appears twice with the same destination ${lines}. A report has one row per device and destination; export it again, then upload it.`
		);
	}
};
