// `code42 devices list -f CSV` (code42cli): the devices enrolled in Code42, with no backup dates.
// Such a file updates enrollment, never backup health. `guid` is the device report's deviceUid.

import { KeyLines, RowReader, type CsvFormat } from './row';
import type { Code42CliDeviceRecord, ColumnSpec } from './types';

export const kind = 'code42cli-devices';

export const columns: readonly ColumnSpec[] = [
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
];

export const requiredColumns = columns.filter((c) => c.required).map((c) => c.header);

export const optionalColumns = columns.filter((c) => !c.required).map((c) => c.header);

export const format: CsvFormat<Code42CliDeviceRecord> = {
	kind,
	columns,
	identifying: ['guid'],
	createRowParser(context) {
		const keys = new KeyLines();
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
			const result = r.result(record);
			if (result !== record) return result;
			const earlier = keys.claim(`${record.deviceUid}\u0000`, line);
			if (earlier !== null) {
				r.problem(
					'guid',
					record.deviceUid,
					`device ${record.deviceUid} is listed twice (lines ${Math.min(earlier, line)} and ${Math.max(earlier, line)}). Keep one row per device, then upload the file again.`
				);
				return r.problems;
			}
			return record;
		};
	}
};
