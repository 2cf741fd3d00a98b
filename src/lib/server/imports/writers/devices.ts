import { and, count, eq, getTableColumns, lt, max } from 'drizzle-orm';
import type { DeviceKind } from '../../../imports/formats';
import type { Db } from '../../db';
import { deviceRows, imports } from '../../db/schema';
import { shortHostname } from '../../metrics/names';
import type { Code42CliDeviceRecord, Code42DeviceRecord } from '../types';
import { numberOf, rowOf } from '../../db/checked';
import { noCounts, type Counts, type Writer } from './writer';

// Code42 device reports and code42cli device lists: one device_rows row per device and
// destination (a list has one per device). A report is a snapshot of its as-of date: a re-export
// of the same kind and date replaces the earlier one whole (kept/devices.ts reads the latest
// import of each kind and date), and its rows are counted against that snapshot.

/**
 * The columns of device_rows a file's row fills, in the schema's order: every one but the row's
 * key, its import and line, and the short hostname worked out from two of them.
 */
const FILLED = (
	Object.keys(getTableColumns(deviceRows)) as (keyof typeof deviceRows.$inferSelect)[]
).filter((f): f is keyof DeviceRow => !['id', 'importId', 'line', 'shortHostname'].includes(f));
const COLUMNS = FILLED.map((f) => deviceRows[f].name);

/** A row in the columns of device_rows, from either kind of file. */
type DeviceRow = Omit<typeof deviceRows.$inferSelect, 'id' | 'importId' | 'line' | 'shortHostname'>;

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
				...FILLED.map((f) => r[f])
			);
			if (taken.changes === 1) return null;
			return numberOf(
				holder.get(importId, r.deviceUid, r.archiveGuid ?? r.destinationName ?? ''),
				'the line of the device row the file already has'
			);
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
	const rowsOf = (id: number): number =>
		db.select({ n: count() }).from(deviceRows).where(eq(deviceRows.importId, id)).get()?.n ?? 0;
	const total = rowsOf(importId);
	// the latest import in force of the same kind and date; a report without a date replaces none
	// (in SQL, as_of = NULL is never true)
	const replaced =
		asOf === null
			? null
			: (db
					.select({ id: max(imports.id) })
					.from(imports)
					.where(
						and(
							eq(imports.status, 'imported'),
							eq(imports.kind, kind),
							eq(imports.asOf, asOf),
							lt(imports.id, importId)
						)
					)
					.get()?.id ?? null);
	if (replaced === null) {
		counts.inserted = total;
		return counts;
	}
	// raw SQL: the comparison is written over COLUMNS, the columns the insert writes
	const same = COLUMNS.map((c) => `p.${c} IS s.${c}`).join(' AND ');
	const compared = rowOf(
		db.$client
			.prepare(
				`SELECT count(p.id) AS matched, coalesce(sum(${same}), 0) AS unchanged
				FROM device_rows s
				LEFT JOIN device_rows p ON p.import_id = @replaced AND p.device_uid = s.device_uid
					AND ${DESTINATION('p')} = ${DESTINATION('s')}
				WHERE s.import_id = @importId`
			)
			.raw()
			.get({ replaced, importId }),
		'the rows compared with the replaced report'
	);
	const matched = numberOf(compared[0], 'the rows the replaced report had');
	const unchanged = numberOf(compared[1], 'the rows the same as in the replaced report');
	const before = rowsOf(replaced);
	counts.inserted = total - matched;
	counts.unchanged = unchanged;
	counts.updated = matched - unchanged;
	counts.removed = before - matched;
	return counts;
}
