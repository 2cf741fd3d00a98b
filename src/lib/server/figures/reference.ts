import type { Db } from '../db';
import { imported } from '../db/imported';
import { CODE42_COST_SHAPE } from '../savings-settings';
import { CODE42_COST_KEY, hasSetting, loadSetting } from '../settings';
import { loadHealthSettings } from '../health-settings';
import type {
	Archive,
	Charge,
	DashboardState,
	Department,
	Device,
	HandLink,
	ManagedComputer
} from '../metrics/types';

// The whole state in memory, read from the imported rows the way the rules were first written
// (every device and charge as plain data for metrics/): the tests hold every figure the pages
// read from the kept tables to what the rules give on this state, on the same data. No page
// reads it. What is "effective" is decided here on its own: later imports win for the same key,
// a Code42 export re-imported for the same as-of date replaces the earlier one, and an
// inventory source's list is in force from its date until its next list's. Only rows of imported imports count.

const DEVICE_KINDS = `('code42-devices', 'code42cli-devices')`;
/** An as-of date after every other. */
const LAST_DAY = '9999-12-31';

/** The Code42 reports in force on or before a date: one per (kind, as-of date), the latest import. */
const REPORTS = `
	reports AS (
		SELECT i.id, i.kind, i.as_of FROM imports i
		WHERE i.status = 'imported' AND i.kind IN ${DEVICE_KINDS} AND i.as_of <= @asOf
			AND i.id = (SELECT max(j.id) FROM imports j
				WHERE j.status = 'imported' AND j.kind = i.kind AND j.as_of = i.as_of)
	)`;

/** The as-of date figures default to: that of the latest Code42 report, else today (UTC). */
export function defaultAsOf(db: Db): string {
	const row = db.$client
		.prepare(
			`SELECT max(as_of) AS asOf FROM imports WHERE status = 'imported' AND kind IN ${DEVICE_KINDS}`
		)
		.get() as { asOf: string | null };
	return row.asOf ?? new Date().toISOString().slice(0, 10);
}

export function loadDepartments(db: Db): Department[] {
	const rows = db.$client
		.prepare(
			`SELECT code, name, aliases FROM departments d
			WHERE import_id = (SELECT max(import_id) FROM departments e
				WHERE e.code = d.code AND ${imported('e.import_id')})
			ORDER BY code`
		)
		.all() as { code: string; name: string; aliases: string }[];
	return rows.map((r) => ({
		code: r.code,
		name: r.name,
		aliases: JSON.parse(r.aliases) as string[]
	}));
}

/**
 * The managed computers on a day: of each source, those of its list in force then, the latest by
 * as-of date, then import, dated on or before the day, else (a day before its first list) the
 * latest of its earliest date; of a computer two sources list, the later import's row. The last
 * day gives the inventory in force now. Worked out here in JavaScript, apart from the SQL of
 * kept/managed.ts that the tests hold to it.
 */
export function loadManaged(db: Db, day = LAST_DAY): ManagedComputer[] {
	const rows = db.$client
		.prepare(
			`SELECT m.import_id AS importId, m.source, i.as_of AS listDay,
				m.computer_name AS computerName, m.short_name AS shortName, m.department, m.os,
				m.last_seen AS lastSeen
			FROM managed_computers m JOIN imports i ON i.id = m.import_id
			WHERE ${imported('m.import_id')}`
		)
		.all() as (ManagedComputer & { importId: number; source: string; listDay: string })[];
	type List = { listDay: string; importId: number };
	const later = (a: List, b: List) =>
		a.listDay > b.listDay || (a.listDay === b.listDay && a.importId > b.importId);
	const inForce = new Map<string, List>();
	const first = new Map<string, List>();
	for (const row of rows) {
		const earliest = first.get(row.source);
		if (
			!earliest ||
			row.listDay < earliest.listDay ||
			(row.listDay === earliest.listDay && row.importId > earliest.importId)
		)
			first.set(row.source, row);
		if (row.listDay > day) continue;
		const held = inForce.get(row.source);
		if (!held || later(row, held)) inForce.set(row.source, row);
	}
	for (const [source, list] of first) if (!inForce.has(source)) inForce.set(source, list);
	const byName = new Map<string, (typeof rows)[number]>();
	for (const row of rows) {
		if (row.importId !== inForce.get(row.source)?.importId) continue;
		const other = byName.get(row.shortName);
		if (!other || other.importId < row.importId) byName.set(row.shortName, row);
	}
	return [...byName.values()]
		.sort((a, b) => (a.shortName < b.shortName ? -1 : a.shortName > b.shortName ? 1 : 0))
		.map(({ computerName, shortName, department, os, lastSeen }) => ({
			computerName,
			shortName,
			department,
			os,
			lastSeen
		}));
}

interface DeviceRow {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	orgName: string | null;
	username: string | null;
	os: string | null;
	status: string;
	creationDate: string | null;
	lastConnected: string | null;
	reportAsOf: string;
}

interface ArchiveRow extends Archive {
	deviceUid: string;
}

/** Each device ever seen on or before asOf, in the state of the latest report that holds it. */
export function loadDevices(db: Db, asOf: string): Device[] {
	// The report a device's state comes from: the latest as-of date; on the same day a device report
	// beats an enrollment list (it is the richer one), then the later import. Packed into one
	// sortable text so that max() picks it in a single grouped pass.
	const pick = (where: string) => `
		${REPORTS},
		pick AS (
			SELECT r.device_uid,
				max(rep.as_of || (rep.kind = 'code42-devices') || printf('%012d', rep.id)) AS k
			FROM device_rows r JOIN reports rep ON rep.id = r.import_id ${where}
			GROUP BY r.device_uid
		),
		picked AS (
			SELECT device_uid, substr(k, 1, 10) AS as_of, CAST(substr(k, 12) AS INTEGER) AS import_id
			FROM pick
		)`;
	const devices = db.$client
		.prepare(
			`WITH ${pick('')}
			SELECT r.device_uid AS deviceUid, r.device_name AS deviceName,
				r.short_hostname AS shortHostname, r.org_name AS orgName, r.username, r.os, r.status,
				coalesce(r.creation_date, (SELECT min(creation_date) FROM device_rows x
					WHERE x.device_uid = r.device_uid AND ${imported('x.import_id')})) AS creationDate,
				r.last_connected AS lastConnected, p.as_of AS reportAsOf
			FROM picked p JOIN device_rows r ON r.device_uid = p.device_uid AND r.import_id = p.import_id
			GROUP BY r.device_uid
			ORDER BY r.device_uid`
		)
		.all({ asOf }) as DeviceRow[];
	// Backup state only ever comes from device backup reports, never from enrollment lists.
	const archives = db.$client
		.prepare(
			`WITH ${pick(`WHERE rep.kind = 'code42-devices'`)}
			SELECT r.device_uid AS deviceUid, r.archive_guid AS archiveGuid,
				coalesce(r.destination_name, '') AS destinationName,
				coalesce(r.alert_states, '') AS alertStates,
				r.last_completed_backup AS lastCompletedBackup,
				r.backup_complete_percentage AS backupCompletePercentage,
				r.selected_bytes AS selectedBytes, r.archive_bytes AS archiveBytes
			FROM picked p JOIN device_rows r ON r.device_uid = p.device_uid AND r.import_id = p.import_id
			ORDER BY r.device_uid, r.id`
		)
		.all({ asOf }) as ArchiveRow[];
	const byDevice = new Map<string, Archive[]>();
	for (const { deviceUid, ...archive } of archives) {
		const list = byDevice.get(deviceUid);
		if (list) list.push(archive);
		else byDevice.set(deviceUid, [archive]);
	}
	return devices.map((d) => ({ ...d, archives: byDevice.get(d.deviceUid) ?? null }));
}

export function loadCharges(db: Db, asOf: string): Charge[] {
	return db.$client
		.prepare(
			`SELECT month, nodename, account, department, total_bytes AS totalBytes,
				total_cents AS totalCents
			FROM charges c
			WHERE month <= @month AND import_id = (SELECT max(import_id) FROM charges d
				WHERE d.month = c.month AND d.nodename = c.nodename AND ${imported('d.import_id')})
			ORDER BY nodename, month`
		)
		.all({ month: asOf.slice(0, 7) }) as Charge[];
}

export function loadHandLinks(db: Db): HandLink[] {
	return (
		db.$client
			.prepare(`SELECT nodename, device_uid AS deviceUid, linked FROM hand_links`)
			.all() as { nodename: string; deviceUid: string; linked: number }[]
	).map((l) => ({ ...l, linked: l.linked === 1 }));
}

export function loadState(db: Db, asOf = defaultAsOf(db)): DashboardState {
	return {
		asOf,
		departments: loadDepartments(db),
		devices: loadDevices(db, asOf),
		managed: loadManaged(db),
		managedOn: loadManaged(db, asOf),
		// every billed month, those after the as-of date too: the rules read them up to its month
		charges: loadCharges(db, LAST_DAY),
		handLinks: loadHandLinks(db),
		thresholds: loadHealthSettings(db).thresholds,
		// one settings row per effective month: the cost in force in the as-of month
		code42CentsPerDeviceMonth: hasSetting(db, CODE42_COST_KEY)
			? loadSetting(db, CODE42_COST_KEY, CODE42_COST_SHAPE, 0, asOf.slice(0, 7))
			: null
	};
}
