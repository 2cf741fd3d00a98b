import { and, eq, gte, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { DEVICE_KINDS, type DeviceKind } from '../../imports/formats';
import type { Db } from '../db';
import {
	adoptionWeeks,
	installDays,
	deviceStates,
	devices,
	firstBackups,
	departmentDevices,
	imports,
	placements,
	reportDates,
	reportHealth
} from '../db/schema';
import { asOfInstant } from '../metrics/asof';
import type { HealthThresholds } from '../metrics/types';
import { imported } from '../db/imported';
import { adoptionWeekQuery, deviceTallyQuery, installDayQuery } from '../figures/rollout';
import { healthCode, healthTally, nullableNumber, stateColumns } from '../figures/sql';
import { departmentOf } from './departments';

// Each device's state as of each Code42 report date in force, rebuilt from the earliest date that
// an import or an undo changed. A weekly report after the others is one new date: its devices,
// and those it lacks carried forward from the date before. A report dated before others, or the
// undo of one, rebuilds every date from its own.

interface ReportDate {
	asOf: string;
	deviceReport: number | null;
	enrollmentList: number | null;
}

/** The Code42 reports in force now, by date: the latest import of each kind for each day. */
function reportsInForce(db: Db): ReportDate[] {
	const latest = (kind: DeviceKind) =>
		sql<number | null>`max(CASE WHEN ${imports.kind} = ${kind} THEN ${imports.id} END)`.mapWith(
			nullableNumber
		);
	return (
		db
			.select({
				asOf: imports.asOf,
				deviceReport: latest('code42-devices'),
				enrollmentList: latest('code42cli-devices')
			})
			.from(imports)
			.where(
				and(
					eq(imports.status, 'imported'),
					inArray(imports.kind, [...DEVICE_KINDS]),
					isNotNull(imports.asOf)
				)
			)
			.groupBy(imports.asOf)
			.orderBy(imports.asOf)
			.all()
			// the condition above keeps to dated imports: this only tells the types so
			.flatMap((r) => (r.asOf === null ? [] : [{ ...r, asOf: r.asOf }]))
	);
}

/**
 * Brings the report dates and every date's device states up to date with the imports, and
 * returns the earliest date whose states changed (null when none did).
 */
export function keepDeviceStates(db: Db, thresholds: HealthThresholds): string | null {
	const kept = db.select().from(reportDates).orderBy(reportDates.asOf).all();
	const now = reportsInForce(db);
	const same = (a: ReportDate | undefined, b: ReportDate | undefined) =>
		a !== undefined &&
		b !== undefined &&
		a.asOf === b.asOf &&
		a.deviceReport === b.deviceReport &&
		a.enrollmentList === b.enrollmentList;
	let from: string | null = null;
	const length = Math.max(kept.length, now.length);
	for (let i = 0; i < length; i++) {
		if (same(kept[i], now[i])) continue;
		const dates = [kept[i]?.asOf, now[i]?.asOf].filter((d): d is string => d !== undefined);
		from = dates.sort()[0];
		break;
	}
	if (from === null) return null;
	// an undo deletes the rows of its import: a date that lost its report, or went back to an
	// earlier import of the day (a re-export leaves the rows of the one it replaced)
	const nowByDate = new Map(now.map((d) => [d.asOf, d]));
	const rowsRemoved = kept.some((k) => {
		const n = nowByDate.get(k.asOf);
		const lower = (a: number | null, b: number | null | undefined) => a !== null && (b ?? -1) < a;
		return !n || lower(k.deviceReport, n.deviceReport) || lower(k.enrollmentList, n.enrollmentList);
	});

	db.delete(reportDates).run();
	if (now.length > 0) db.insert(reportDates).values(now).run();
	db.run(sql`DELETE FROM ${deviceStates} WHERE as_of >= ${from}`);
	db.run(sql`DELETE FROM ${firstBackups} WHERE as_of >= ${from}`);
	db.run(sql`DELETE FROM ${reportHealth} WHERE as_of >= ${from}`);
	keepDevices(db, now, from, rowsRemoved);
	// the states without an install of their own take the device's earliest, which may have moved
	keepCodes(db, thresholds, sql`creation_ms IS NULL AND as_of < ${from}`);
	let previous = now.filter((d) => d.asOf < from).at(-1)?.asOf ?? null;
	let previousReport =
		now.filter((d) => d.asOf < from && d.deviceReport !== null).at(-1)?.asOf ?? null;
	for (const date of now) {
		if (date.asOf < from) continue;
		keepDate(db, thresholds, date, previous, previousReport);
		previous = date.asOf;
		if (date.deviceReport !== null) previousReport = date.asOf;
	}
	const appended = from > (kept.at(-1)?.asOf ?? '');
	// after a date added past the others, only its pairs; after anything else, every one again
	keepVaries(db, now, appended ? from : null);
	// a date taken away may leave places no state has any more
	if (!appended) {
		db.run(sql`
			DELETE FROM ${placements} WHERE id NOT IN (SELECT DISTINCT placement FROM ${deviceStates})`);
	}
	return from;
}

/**
 * The devices of the reports from `from` on, with the earliest install any of their imported rows
 * gives. New rows can only lower it; after an undo took rows away it is worked out again.
 */
function keepDevices(db: Db, now: ReportDate[], from: string, rowsRemoved: boolean): void {
	const ids = now
		.filter((d) => d.asOf >= from)
		.flatMap((d) => [d.deviceReport, d.enrollmentList])
		.filter((id): id is number => id !== null);
	if (ids.length > 0) {
		db.run(sql`
			INSERT INTO ${devices} (uid, first_creation_ms)
			SELECT device_uid, instant_ms(min(creation_date)) FROM device_rows
			WHERE import_id IN (${sql.join(ids, sql`, `)}) GROUP BY device_uid
			ON CONFLICT (uid) DO UPDATE SET first_creation_ms =
				coalesce(min(first_creation_ms, excluded.first_creation_ms), first_creation_ms,
					excluded.first_creation_ms)`);
	}
	if (rowsRemoved) {
		db.run(sql`
			UPDATE ${devices} SET first_creation_ms = f.ms
			FROM (SELECT device_uid, instant_ms(min(creation_date)) AS ms FROM device_rows r
				WHERE ${sql.raw(imported('r.import_id'))} GROUP BY device_uid) f
			WHERE f.device_uid = ${devices.uid}`);
	}
}

/** The columns of a state as a date's states are gathered, before its place and code. */
const GATHERED_COLUMNS = [
	'device_id',
	'row_id',
	'in_device_report',
	'short_name',
	'name_key',
	'org_key',
	'os_family',
	'active',
	'has_backup',
	'creation_ms',
	'last_completed_ms',
	'alerts',
	'best_percent',
	'progress_row',
	'to_send'
];
const GATHERED = sql.raw(GATHERED_COLUMNS.join(', '));

/**
 * One date's states: the devices of its device backup report, then those only its enrollment
 * list holds (backup state carried from the date before: lists carry none), then the devices
 * of the date before that neither holds, as they were. They are gathered in a temporary table
 * and written into device_states once, with their place and health code: at 200,000 devices,
 * updating them in place afterwards took longer than the import's own rows.
 */
function keepDate(
	db: Db,
	thresholds: HealthThresholds,
	date: ReportDate,
	previous: string | null,
	previousReport: string | null
): void {
	const { asOf } = date;
	db.run(sql`DROP TABLE IF EXISTS temp.date_states`);
	db.run(sql`
		CREATE TEMP TABLE date_states (device_id INTEGER PRIMARY KEY, row_id INTEGER NOT NULL,
			in_device_report INTEGER NOT NULL, short_name TEXT NOT NULL, name_key TEXT NOT NULL,
			org_key TEXT NOT NULL, os_family INTEGER NOT NULL, active INTEGER NOT NULL,
			has_backup INTEGER NOT NULL, creation_ms INTEGER, last_completed_ms INTEGER,
			alerts INTEGER NOT NULL, best_percent REAL, progress_row INTEGER, to_send INTEGER)`);
	if (date.deviceReport !== null) {
		// one row per destination: the device's first row gives its names, user, OS and status;
		// a first backup in progress: the destination with the least still to send, a known
		// amount before an unknown one, the first listed on a tie (metrics/firstbackup.ts)
		db.run(sql`
			INSERT INTO temp.date_states (${GATHERED})
			SELECT d.id, g.row_id, 1, r.short_hostname, name_key(r.device_name), name_key(r.org_name),
				os_family(r.os), is_active(r.status), 1, instant_ms(r.creation_date),
				instant_ms(g.last_completed), g.alerts, g.best_percent,
				CASE WHEN g.last_completed IS NULL THEN (
					SELECT x.id FROM device_rows x
					WHERE x.import_id = ${date.deviceReport} AND x.device_uid = g.device_uid
					ORDER BY still_to_send(x.selected_bytes, x.backup_complete_percentage) IS NULL,
						still_to_send(x.selected_bytes, x.backup_complete_percentage), x.id
					LIMIT 1) END,
				NULL
			FROM (SELECT device_uid, min(id) AS row_id, max(last_completed_backup) AS last_completed,
					alerts_of(alert_states) AS alerts, max(backup_complete_percentage) AS best_percent
				FROM device_rows WHERE import_id = ${date.deviceReport} GROUP BY device_uid) g
			JOIN device_rows r ON r.id = g.row_id
			JOIN ${devices} d ON d.uid = g.device_uid`);
		db.run(sql`
			UPDATE temp.date_states SET to_send = (
				SELECT still_to_send(r.selected_bytes, r.backup_complete_percentage)
				FROM device_rows r WHERE r.id = progress_row)
			WHERE progress_row IS NOT NULL`);
	}
	if (date.enrollmentList !== null) {
		db.run(sql`
			INSERT OR IGNORE INTO temp.date_states (${GATHERED})
			SELECT d.id, g.row_id, 0, r.short_hostname, name_key(r.device_name), name_key(r.org_name),
				os_family(r.os), is_active(r.status), coalesce(p.has_backup, 0),
				instant_ms(r.creation_date), p.last_completed_ms, coalesce(p.alerts, 0),
				p.best_percent, p.progress_row, p.to_send
			FROM (SELECT device_uid, min(id) AS row_id FROM device_rows
				WHERE import_id = ${date.enrollmentList} GROUP BY device_uid) g
			JOIN device_rows r ON r.id = g.row_id
			JOIN ${devices} d ON d.uid = g.device_uid
			LEFT JOIN ${deviceStates} p ON p.as_of = ${previous} AND p.device_id = d.id`);
	}
	if (previous !== null) {
		db.run(sql`
			INSERT OR IGNORE INTO temp.date_states (${GATHERED})
			SELECT device_id, row_id, 0, short_name, name_key, org_key, os_family, active, has_backup,
				creation_ms, last_completed_ms, alerts, best_percent, progress_row, to_send
			FROM ${deviceStates} p WHERE p.as_of = ${previous}`);
	}
	// each new pair (short name, org) placed by the rule, then every state written with its place
	// and its health code as of the end of the date
	db.run(sql`
		INSERT OR IGNORE INTO ${placements} (short_name, org_key, department)
		SELECT DISTINCT s.short_name, s.org_key,
			${departmentOf(sql.raw('s.short_name'), sql.raw('s.org_key'))}
		FROM temp.date_states s`);
	db.run(sql`
		INSERT INTO ${deviceStates} (as_of, placement, code, ${GATHERED})
		SELECT ${asOf}, p.id, ${storedCode(thresholds, 's.', sql`d.first_creation_ms`, sql`${asOf}`)},
			${sql.raw(GATHERED_COLUMNS.map((c) => `s.${c}`).join(', '))}
		FROM temp.date_states s
		JOIN ${placements} p ON p.short_name = s.short_name AND p.org_key = s.org_key
		JOIN ${devices} d ON d.id = s.device_id
		ORDER BY s.device_id`);
	db.run(sql`DROP TABLE temp.date_states`);
	if (date.deviceReport !== null) keepFirstBackups(db, asOf, previous, previousReport);
}

/**
 * The health code of the states `where` picks, each as of the end of its own date, with the
 * thresholds in force: after a date is built, the thresholds change, or a device's install
 * changes for the states that lack one.
 */
export function keepCodes(db: Db, thresholds: HealthThresholds, where: SQL): void {
	const first = sql`(SELECT d.first_creation_ms FROM ${devices} d WHERE d.id = device_id)`;
	db.run(sql`
		UPDATE ${deviceStates} SET code = ${storedCode(thresholds, '', first, sql`as_of`)}
		WHERE ${where}`);
}

/**
 * A state's health code as of the end of its date: the state's columns are named with `prefix`
 * (an alias and a dot, or nothing), its device's earliest install is `firstInstall` for a state
 * without one of its own.
 */
function storedCode(
	{ warningDays, criticalDays, firstBackupGraceDays }: HealthThresholds,
	prefix: string,
	firstInstall: SQL,
	asOf: SQL
): SQL {
	const c = (column: string) => sql.raw(`${prefix}${column}`);
	return sql`health_code(${c('active')}, ${c('has_backup')}, ${c('last_completed_ms')},
		${c('alerts')}, coalesce(${c('creation_ms')}, ${firstInstall}), as_of_instant(${asOf}),
		${warningDays}, ${criticalDays}, ${firstBackupGraceDays})`;
}

/**
 * The first-backup tracker (metrics/firstbackup.ts) for one more device backup report: a device
 * not yet done that shows a completed backup is done; it is measured when the reports saw it
 * happen: it was in an earlier device report (so without a completed backup), or it was
 * installed on or after the day of the report before.
 */
function keepFirstBackups(
	db: Db,
	asOf: string,
	previous: string | null,
	previousReport: string | null
): void {
	const previousStart = previousReport === null ? null : asOfInstant(previousReport) - 86_400_000;
	db.run(sql`
		INSERT INTO ${firstBackups} (device_id, as_of, duration_ms)
		SELECT n.device_id, ${asOf},
			CASE WHEN n.creation_ms IS NOT NULL AND n.last_completed_ms >= n.creation_ms
				AND (coalesce(p.has_backup, 0) = 1 OR n.creation_ms >= ${previousStart})
			THEN n.last_completed_ms - n.creation_ms END
		FROM ${deviceStates} n
		LEFT JOIN ${deviceStates} p ON p.as_of = ${previous} AND p.device_id = n.device_id
		WHERE n.as_of = ${asOf} AND n.in_device_report AND n.last_completed_ms IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM ${firstBackups} f WHERE f.device_id = n.device_id)`);
}

/**
 * Marks the devices whose states do not all give the same short name, org and OS family: the
 * health history moves them to the group of the day asked (figures/history.ts). Comparing each
 * date with the one before finds them all: those from `from` on after a date added past the
 * others, every date again (`from` null) after any other change, which may clear a mark.
 */
function keepVaries(db: Db, now: ReportDate[], from: string | null): void {
	if (from === null) db.run(sql`UPDATE ${devices} SET varies = 0`);
	for (let i = 1; i < now.length; i++) {
		if (from !== null && now[i].asOf < from) continue;
		db.run(sql`
			UPDATE ${devices} SET varies = 1 WHERE id IN (
				SELECT n.device_id FROM ${deviceStates} n
				JOIN ${deviceStates} p ON p.as_of = ${now[i - 1].asOf} AND p.device_id = n.device_id
				WHERE n.as_of = ${now[i].asOf} AND (n.short_name <> p.short_name
					OR n.org_key <> p.org_key OR n.os_family <> p.os_family))`);
	}
}

/**
 * Each device backup report's own devices counted as of its own day, by the department and OS
 * family of their row: for the dates from `from` on, or every date (`from` null).
 */
function keepReportHealth(db: Db, thresholds: HealthThresholds, from: string | null): void {
	const dates = db
		.select({ asOf: reportDates.asOf })
		.from(reportDates)
		.where(and(isNotNull(reportDates.deviceReport), gte(reportDates.asOf, from ?? '')))
		.all();
	db.delete(reportHealth)
		.where(gte(reportHealth.asOf, from ?? ''))
		.run();
	for (const { asOf } of dates) {
		// the report's own rows: a row without an install of its own is counted without one
		const state = stateColumns(deviceStates);
		const ownCode = sql<number>`CASE WHEN ${deviceStates.creationMs} IS NULL THEN ${healthCode(
			state,
			sql`NULL`,
			{ T: asOfInstant(asOf), thresholds }
		)} ELSE ${deviceStates.code} END`.mapWith(Number);
		const rows = db
			.select({
				department: placements.department,
				osFamily: deviceStates.osFamily,
				code: ownCode.as('code')
			})
			.from(deviceStates)
			.innerJoin(placements, eq(placements.id, deviceStates.placement))
			.where(and(eq(deviceStates.asOf, asOf), eq(deviceStates.inDeviceReport, true)))
			.as('rows');
		db.insert(reportHealth)
			.select(
				db
					.select({
						asOf: sql<string>`${asOf}`.as('as_of'),
						department: rows.department,
						osFamily: rows.osFamily,
						...healthTally(rows.code)
					})
					.from(rows)
					.groupBy(rows.department, rows.osFamily)
			)
			.run();
	}
}

/**
 * Every department's devices, its managed computers by week of first install and its installs
 * by day, as of each report date from `from` on, or of every date (`from` null): the rollout
 * figures' tallies (figures/rollout.ts: deviceTallyQuery, adoptionWeekQuery, installDayQuery).
 * With `healthOnly`, the devices' tallies alone: the others count no health code.
 */
function keepDepartmentDevices(
	db: Db,
	thresholds: HealthThresholds,
	from: string | null,
	healthOnly: boolean
): void {
	const tables = healthOnly ? [departmentDevices] : [departmentDevices, adoptionWeeks, installDays];
	for (const table of tables)
		db.delete(table)
			.where(gte(table.asOf, from ?? ''))
			.run();
	const dates = db
		.select({ asOf: reportDates.asOf })
		.from(reportDates)
		.where(gte(reportDates.asOf, from ?? ''))
		.all();
	for (const { asOf } of dates) {
		const at = { asOf, state: asOf, T: asOfInstant(asOf), thresholds };
		db.insert(departmentDevices).select(deviceTallyQuery(db, at)).run();
		if (healthOnly) continue;
		db.insert(adoptionWeeks).select(adoptionWeekQuery(db, at)).run();
		db.insert(installDays).select(installDayQuery(db, at)).run();
	}
}

/**
 * What is kept of each report date from `from` on, or of every date (`from` null): its device
 * backup report's health, and every department's devices and managed computers as of it. Called
 * when the states, their departments (placements), their codes, the inventory or the dates
 * changed; with `healthOnly` when only the codes did (new thresholds).
 */
export function keepReportDates(
	db: Db,
	thresholds: HealthThresholds,
	from: string | null,
	healthOnly = false
): void {
	keepReportHealth(db, thresholds, from);
	keepDepartmentDevices(db, thresholds, from, healthOnly);
}
