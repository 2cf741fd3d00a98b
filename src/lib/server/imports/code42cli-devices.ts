// `code42 devices list -f CSV` (code42cli): the devices enrolled in Code42, with no backup dates.
// Such a file updates enrollment, never backup health. `guid` is the device report's deviceUid.

import { CSV_FORMATS } from '../../imports/formats';
import { RowReader, type CsvFormat } from './row';
import type { Code42CliDeviceRecord } from './types';

export const format: CsvFormat<Code42CliDeviceRecord> = {
	...CSV_FORMATS['code42cli-devices'],
	createRowParser(context) {
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			const record: Code42CliDeviceRecord = {
				deviceUid: r.text('guid', true),
				computerId: r.text('computerId'),
				deviceName: r.text('name', true),
				deviceOsHostname: r.text('osHostname'),
				status: r.text('status', true),
				lastConnectedDate: r.instant('lastConnected'),
				creationDate: r.instant('creationDate'),
				productVersion: r.text('productVersion'),
				osName: r.text('osName'),
				osVersion: r.text('osVersion'),
				userUid: r.text('userUid'),
				archiveCount: r.count('archiveCount'),
				totalStorageBytes: r.size('totalStorageBytes'),
				username: r.text('username')
			};
			return r.result(record);
		};
	},
	twice(r, record, lines) {
		r.problem(
			'guid',
			record.deviceUid,
			`device ${record.deviceUid} is listed twice ${lines}. Keep one row per device, then upload the file again.`
		);
	}
};
