import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { devices, keptVersion } from '../db/schema';
import { DAY_MS, EPOCH_MONDAY_MS, WEEK_MS } from '../metrics/asof';
import type { HealthThresholds } from '../metrics/types';

// The pieces of SQL every device figure is made of. The rules themselves are the functions of
// metrics/, which SQL calls by name (db/functions.ts).

/**
 * A column written with its table (or alias). Drizzle writes a column bare in a query of one
 * table, and inside a correlated subquery SQLite would then bind it to the subquery's own table:
 * every column an SQL piece hands to a subquery goes through here.
 */
export const qualified = (column: AnySQLiteColumn): SQL =>
	sql.raw(`"${getTableName(column.table)}"."${column.name}"`);

/**
 * A text value that may be NULL, as SQL gives it: `sql<string | null>`...`.mapWith(nullableText)`.
 * Drizzle hands a NULL on without calling the decoder, so `mapWith(String)` would type it string.
 */
export const nullableText = (value: unknown): string | null => String(value);

/** The same for a number that may be NULL: `sql<number | null>`...`.mapWith(nullableNumber)`. */
export const nullableNumber = (value: unknown): number | null => Number(value);

/** The columns of a device state that the rules read, written with their table. */
export interface StateColumns {
	deviceId: SQL;
	shortName: SQL;
	orgKey: SQL;
	active: SQL;
	hasBackup: SQL;
	lastCompletedMs: SQL;
	alerts: SQL;
	creationMs: SQL;
}

/** The rule columns of device_states or an alias of it. */
export const stateColumns = (table: Record<keyof StateColumns, AnySQLiteColumn>): StateColumns => ({
	deviceId: qualified(table.deviceId),
	shortName: qualified(table.shortName),
	orgKey: qualified(table.orgKey),
	active: qualified(table.active),
	hasBackup: qualified(table.hasBackup),
	lastCompletedMs: qualified(table.lastCompletedMs),
	alerts: qualified(table.alerts),
	creationMs: qualified(table.creationMs)
});

/**
 * A state's install: its row's creationDate, else the earliest any of the device's rows gives
 * (an enrollment list may lack it).
 */
export const installOf = (state: StateColumns): SQL<number | null> =>
	sql<number | null>`coalesce(${state.creationMs},
		(SELECT first.first_creation_ms FROM ${devices} first WHERE first.id = ${state.deviceId}))`;

/**
 * Whole `length`s (ms) from `origin` to an instant (ms), rounded down also before it. The
 * constants are written in: bound parameters are reals, and would not divide whole.
 */
const periodsOf = (
	ms: SQL | SQL.Aliased | AnySQLiteColumn,
	origin: number,
	length: number
): SQL<number | null> => {
	const since = sql`(${ms} - ${sql.raw(String(origin))})`;
	const L = sql.raw(String(length));
	return sql<number | null>`(${since} - ((${since} % ${L}) + ${L}) % ${L}) / ${L}`;
};

/** The Monday-to-Sunday UTC week of an instant (ms), counted from EPOCH_MONDAY_MS. */
export const weekOf = (ms: SQL | SQL.Aliased | AnySQLiteColumn): SQL<number | null> =>
	periodsOf(ms, EPOCH_MONDAY_MS, WEEK_MS);

/** The UTC day of an instant (ms), counted from 1970-01-01. */
export const dayNumberOf = (ms: SQL | SQL.Aliased | AnySQLiteColumn): SQL<number | null> =>
	periodsOf(ms, 0, DAY_MS);

/** The instant (ms) a UTC day counted from 1970-01-01 begins. */
export const dayStart = (day: SQL | SQL.Aliased | AnySQLiteColumn): SQL<number> =>
	sql<number>`(${day} * ${sql.raw(String(DAY_MS))})`;

/** A state's place in the health counts as of T (metrics/health.ts: healthCodeOf); T may be SQL. */
export const healthCode = (
	state: StateColumns,
	install: SQL,
	at: { T: number | SQL; thresholds: HealthThresholds }
): SQL<number> =>
	sql<number>`health_code(${state.active}, ${state.hasBackup}, ${state.lastCompletedMs},
		${state.alerts}, ${install}, ${at.T}, ${at.thresholds.warningDays},
		${at.thresholds.criticalDays}, ${at.thresholds.firstBackupGraceDays})`.mapWith(Number);

/**
 * A state's health code as of D: kept on the state for its own report date (device_states.code);
 * for any other day, as worked out for the day (figures/day-codes.ts), else at T in place.
 */
export const healthCodeAsOf = (
	table: Record<keyof StateColumns, AnySQLiteColumn> & { code: AnySQLiteColumn },
	at: { asOf: string; state: string | null; T: number; thresholds: HealthThresholds }
): SQL<number> => {
	if (at.asOf === at.state) return sql<number>`${qualified(table.code)}`.mapWith(Number);
	const state = stateColumns(table);
	return sql<number>`coalesce((SELECT c.code FROM temp.day_codes c
		WHERE c.version = (SELECT ${keptVersion.version} FROM ${keptVersion})
			AND c.as_of = ${at.asOf} AND c.device_id = ${state.deviceId}),
		${healthCode(state, installOf(state), at)})`.mapWith(Number);
};

/** The bucket of a health code (0 none, 1 ok, 2 warning, 3 critical, 4 never: BUCKETS of health.ts). */
export const bucketOf = (code: SQL | SQL.Aliased | AnySQLiteColumn): SQL<number> =>
	sql<number>`(${code} >> 2)`.mapWith(Number);

const total = (condition: SQL) => sql<number>`coalesce(sum(${condition}), 0)`.mapWith(Number);

/** HealthCounts of a group of health codes, with its devices and active ones (HealthPoint). */
export const healthTally = (code: SQL | SQL.Aliased | AnySQLiteColumn) => ({
	devices: sql<number>`count(*)`.mapWith(Number).as('devices'),
	active: total(sql`${code} & 1`).as('active'),
	ok: total(sql`${code} >> 2 = 1`).as('ok'),
	warning: total(sql`${code} >> 2 = 2`).as('warning'),
	critical: total(sql`${code} >> 2 = 3`).as('critical'),
	never: total(sql`${code} >> 2 = 4`).as('never'),
	failures: total(sql`(${code} & 2) > 0`).as('failures'),
	unknown: total(sql`${code} = 1`).as('unknown')
});
