// The device_rows columns the dashboard keeps from a Code42 device report, each with the report's
// header it comes from: the benchmark's references (bench/insert-floor.mjs, and sqlite3 importing
// into device_rows itself, scripts/bench.ts) store exactly these, as the import does.
import { readFileSync } from 'node:fs';

export const KEPT = {
	device_uid: 'deviceUid',
	device_name: 'deviceName',
	hostname: 'deviceOsHostname',
	org_name: 'orgName',
	username: 'username',
	os: 'os',
	status: 'status',
	creation_date: 'creationDate',
	last_connected: 'lastConnectedDate',
	archive_guid: 'archiveGuid',
	destination_name: 'destinationName',
	alert_states: 'alertStates',
	last_completed_backup: 'lastCompletedBackupDate',
	backup_complete_percentage: 'backupCompletePercentage',
	selected_bytes: 'selectedBytes',
	archive_bytes: 'archiveBytes',
	last_activity: 'lastActivity'
};

const statements = (migration) =>
	readFileSync(`drizzle/${migration}.sql`, 'utf8').split('--> statement-breakpoint');

/**
 * The dashboard's first migration, which creates device_rows, and the later one that gives it a
 * row's line and the key that refuses a device and destination twice in a file (the import writes
 * that key's index as it writes the rows; the references leave the line at its default), as
 * statements. The other migrations need the app's SQL functions, which sqlite3 lacks.
 */
export const schemaStatements = () => [
	...statements('0000_init'),
	...statements('0004_pending_imports').filter((s) => s.includes('`device_rows'))
];

/**
 * A sqlite3 script that imports the report `file`, whose first line is `header`, into device_rows
 * itself, with its indexes, in C: `.import` into a view of the report's columns whose INSTEAD OF
 * trigger inserts the kept ones (`.import` alone can only fill a table shaped like the file).
 */
export function sqlite3IntoDeviceRows(header, file) {
	const quote = (name) => `"${name.replaceAll('"', '""')}"`;
	const columns = Object.keys(KEPT);
	// as the import: the host name (else the device name) up to its first dot, in lower case
	const host = `coalesce(nullif(NEW.${quote(KEPT.hostname)}, ''), NEW.${quote(KEPT.device_name)})`;
	const shortHostname = `lower(substr(${host}, 1, instr(${host} || '.', '.') - 1))`;
	return [
		...schemaStatements(),
		';',
		`INSERT INTO imports (kind, file_name, sha256, uploaded_by, uploaded_at, status)
		VALUES ('code42-devices', 'sqlite3', '', 'bench', '', 'imported');`,
		`CREATE TEMP VIEW incoming AS SELECT ${header.map((h) => `NULL AS ${quote(h)}`).join(', ')};`,
		`CREATE TEMP TRIGGER incoming_rows INSTEAD OF INSERT ON incoming BEGIN
		INSERT INTO device_rows (import_id, short_hostname, ${columns.join(', ')})
		VALUES (1, ${shortHostname}, ${columns.map((c) => `nullif(NEW.${quote(KEPT[c])}, '')`).join(', ')});
		END;`,
		`.import --csv --skip 1 ${file} incoming`
	].join('\n');
}
