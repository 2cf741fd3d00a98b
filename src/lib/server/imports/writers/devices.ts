import type { Db } from '../../db';
import { shortHostname } from '../../metrics/names';
import type { Code42CliDeviceRecord, Code42DeviceRecord } from '../types';
import { noCounts, type Counts, type Writer } from './writer';

// Code42 device reports and code42cli device lists: one device_rows row per device and
// destination (a list has one per device). A report is a snapshot of its as-of date: a re-export
// of the same kind and date replaces the earlier one whole (kept/devices.ts reads the latest
// import of each kind and date), and its rows are counted against that snapshot.

type DeviceKind = 'code42-devices' | 'code42cli-devices';

/** A row in the columns of device_rows, from either kind of file. */
interface DeviceRow {
	deviceUid: string;
	deviceName: string;
	hostname: string | null;
	orgName: string | null;
	username: string | null;
	os: string | null;
	status: string;
	creationDate: string | null;
	lastConnected: string | null;
	archiveGuid: string | null;
	destinationName: string | null;
	alertStates: string | null;
	lastCompletedBackup: string | null;
	backupCompletePercentage: number | null;
	selectedBytes: number | null;
	archiveBytes: number | null;
	lastActivity: string | null;
}

const reportRow = (r: Code42DeviceRecord): DeviceRow => ({
	deviceUid: r.deviceUid,
	deviceName: r.deviceName,
	hostname: r.deviceOsHostname,
	orgName: r.orgName,
	username: r.username,
	os: r.os,
	status: r.status,
	creationDate: r.creationDate,
	lastConnected: r.lastConnectedDate,
	archiveGuid: r.archiveGuid ?? r.destinationUid,
	destinationName: r.destinationName,
	alertStates: r.alertStates,
	lastCompletedBackup: r.lastCompletedBackupDate,
	backupCompletePercentage: r.backupCompletePercentage,
	selectedBytes: r.selectedBytes,
	archiveBytes: r.archiveBytes,
	lastActivity: r.lastActivity
});

const enrollmentRow = (r: Code42CliDeviceRecord): DeviceRow => ({
	deviceUid: r.deviceUid,
	deviceName: r.deviceName,
	hostname: r.deviceOsHostname,
	orgName: null,
	username: r.username,
	os: r.osName,
	status: r.status,
	creationDate: r.creationDate,
	lastConnected: r.lastConnectedDate,
	archiveGuid: null,
	destinationName: null,
	alertStates: null,
	lastCompletedBackup: null,
	backupCompletePercentage: null,
	selectedBytes: null,
	archiveBytes: r.totalStorageBytes,
	lastActivity: null
});

const COLUMNS = [
	'device_uid',
	'device_name',
	'hostname',
	'org_name',
	'username',
	'os',
	'status',
	'creation_date',
	'last_connected',
	'archive_guid',
	'destination_name',
	'alert_states',
	'last_completed_backup',
	'backup_complete_percentage',
	'selected_bytes',
	'archive_bytes',
	'last_activity'
] as const;

/** What tells a device's rows apart, as device_rows_key writes it: its destination, else ''. */
const DESTINATION = (table: string) =>
	`coalesce(${table}.archive_guid, ${table}.destination_name, '')`;

export function deviceWriter<K extends DeviceKind>(db: Db, kind: K, importId: number): Writer<K> {
	const insert = db.$client.prepare(
		`INSERT INTO device_rows (import_id, line, short_hostname, ${COLUMNS.join(', ')})
		VALUES (${Array(COLUMNS.length + 3)
			.fill('?')
			.join(', ')})
		ON CONFLICT DO NOTHING`
	);
	const holder = db.$client
		.prepare(
			`SELECT line FROM device_rows d
			WHERE d.import_id = ? AND d.device_uid = ? AND ${DESTINATION('d')} = ?`
		)
		.pluck();
	const toRow = (kind === 'code42-devices' ? reportRow : enrollmentRow) as (
		record: unknown
	) => DeviceRow;
	return {
		write(record, line) {
			const r = toRow(record);
			const taken = insert.run(
				importId,
				line,
				shortHostname(r.hostname, r.deviceName),
				r.deviceUid,
				r.deviceName,
				r.hostname,
				r.orgName,
				r.username,
				r.os,
				r.status,
				r.creationDate,
				r.lastConnected,
				r.archiveGuid,
				r.destinationName,
				r.alertStates,
				r.lastCompletedBackup,
				r.backupCompletePercentage,
				r.selectedBytes,
				r.archiveBytes,
				r.lastActivity
			);
			if (taken.changes === 1) return null;
			return holder.get(importId, r.deviceUid, r.archiveGuid ?? r.destinationName ?? '') as number;
		},
		counts: (asOf) => countAgainstReplaced(db, kind, importId, asOf),
		months: () => []
	};
}

/**
 * The rows counted against the snapshot this one replaces (the latest import in force of the same
 * kind and as-of date), row by row: a device and destination it did not have is new, one with
 * other values replaced; its rows this one lacks are no longer in the report.
 */
function countAgainstReplaced(
	db: Db,
	kind: DeviceKind,
	importId: number,
	asOf: string | null
): Counts {
	const counts = noCounts();
	const total = db.$client
		.prepare('SELECT count(*) FROM device_rows WHERE import_id = ?')
		.pluck()
		.get(importId) as number;
	const replaced = db.$client
		.prepare(
			`SELECT max(id) FROM imports
			WHERE status = 'imported' AND kind = ? AND as_of = ? AND id < ?`
		)
		.pluck()
		.get(kind, asOf, importId) as number | null;
	if (replaced === null) {
		counts.inserted = total;
		return counts;
	}
	const same = COLUMNS.map((c) => `p.${c} IS s.${c}`).join(' AND ');
	const { matched, unchanged } = db.$client
		.prepare(
			`SELECT count(p.id) AS matched, coalesce(sum(${same}), 0) AS unchanged
			FROM device_rows s
			LEFT JOIN device_rows p ON p.import_id = @replaced AND p.device_uid = s.device_uid
				AND ${DESTINATION('p')} = ${DESTINATION('s')}
			WHERE s.import_id = @importId`
		)
		.get({ replaced, importId }) as { matched: number; unchanged: number };
	const before = db.$client
		.prepare('SELECT count(*) FROM device_rows WHERE import_id = ?')
		.pluck()
		.get(replaced) as number;
	counts.inserted = total - matched;
	counts.unchanged = unchanged;
	counts.updated = matched - unchanged;
	counts.removed = before - matched;
	return counts;
}
