import { and, asc, countDistinct, eq, gt, ne, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { deviceStates, managed } from '../db/schema';
import { managedOn } from '../kept/managed';
import { figures, inChunks } from '../cache';
import { keptVersionOf } from '../kept';
import type { At } from './at';
import {
	adoptionIsKept,
	adoptionWeekQuery,
	deviceTallyQuery,
	statesOf,
	type AdoptionWeekRow,
	type DeviceTallyRow
} from './rollout';
import { healthCode, installOf, qualified, stateColumns } from './sql';

// The health codes of a day between two report dates. A report date's codes are kept with its
// states (device_states.code). Another day's ages are measured at its own T, so its codes are
// worked out by the rule (health_code) when the day is first asked for: CHUNK states at a time,
// with other requests let in between each (`breathe`), into a temporary table of the server's
// connection. Every query of the day then reads a state's code there as a report date's is read,
// instead of working out the rule for every state of every query in one go, which blocked other
// readers for 150 ms at 20,000 computers (BENCHMARKS.md). The codes are of one kept version: a
// commit that changes a figure leaves them unread, and the next day asked for deletes them.
//
// No figure depends on this having run: a state without a code here has it worked out in place
// (healthCodeAsOf), as `npm run report -- --as-of` does.

/** States worked out between two breaths: a few milliseconds at any scale. */
const CHUNK = 2_000;

/** The days whose codes are kept at once, for one kept version. */
const MAX_DAYS = 16;

/** The connection's table of day codes, one row per state of a day worked out. */
const dayCodes = sqliteTable('day_codes', {
	version: integer('version').notNull(),
	asOf: text('as_of').notNull(),
	deviceId: integer('device_id').notNull(),
	code: integer('code').notNull()
});

/** Creates the connection's table of day codes (openDatabase): the queries of any day name it. */
export function createDayCodes(db: Db): void {
	db.run(sql`CREATE TEMP TABLE IF NOT EXISTS day_codes (version INTEGER NOT NULL,
		as_of TEXT NOT NULL, device_id INTEGER NOT NULL, code INTEGER NOT NULL,
		PRIMARY KEY (version, as_of, device_id)) WITHOUT ROWID`);
}

/**
 * `at` with its day worked out: its health codes kept here and its departments' tallies, unless
 * it is a report date (or before the first). A request for the same day meanwhile waits for the
 * same work, and later ones take it from the cache.
 */
export function workedOut(db: Db, at: At, chunk = CHUNK): Promise<At> {
	const state = at.state;
	if (state === null || at.asOf === state) return Promise.resolve(at);
	return figures(db, `day:${at.asOf}`, async () => ({
		...at,
		dayTallies: await workOut(db, at, state, chunk),
		dayAdoption: adoptionIsKept(db, at) ? undefined : await adoptionOf(db, at, chunk)
	}));
}

async function workOut(db: Db, at: At, state: string, chunk: number): Promise<DeviceTallyRow[]> {
	const kept = keptVersionOf(db);
	const days =
		db
			.select({ n: countDistinct(dayCodes.asOf) })
			.from(dayCodes)
			.where(and(eq(dayCodes.version, kept), ne(dayCodes.asOf, at.asOf)))
			.get()?.n ?? 0;
	db.run(sql`DELETE FROM temp.day_codes WHERE version <> ${kept}
		OR (${days >= MAX_DAYS ? 1 : 0} AND as_of <> ${at.asOf})`);
	const columns = stateColumns(deviceStates);
	const code = healthCode(columns, installOf(columns), at);
	const tallies = new Map<string, DeviceTallyRow>();
	await inChunks<number>(
		(after) =>
			db
				.select({ id: deviceStates.deviceId })
				.from(deviceStates)
				.where(statesOf(state, { after, upTo: null }))
				.orderBy(asc(deviceStates.deviceId))
				.limit(1)
				.offset(chunk - 1)
				.get()?.id ?? null,
		(ids) => {
			db.run(sql`INSERT OR REPLACE INTO temp.day_codes (version, as_of, device_id, code)
				SELECT ${kept}, ${at.asOf}, ${qualified(deviceStates.deviceId)}, ${code}
				FROM ${deviceStates} WHERE ${statesOf(state, ids)}`);
			// the chunk's tallies, which read the codes just kept, added to the others'
			for (const row of deviceTallyQuery(db, at, ids).all()) {
				const sum = tallies.get(row.department);
				tallies.set(row.department, sum ? addedUp(sum, row) : row);
			}
		}
	);
	return [...tallies.values()];
}

/**
 * The adoption of a day whose inventory is not that of its report date (so not kept), counted
 * `chunk` managed computers at a time with breaths between, as its codes are.
 */
async function adoptionOf(db: Db, at: At, chunk: number): Promise<AdoptionWeekRow[]> {
	const sums = new Map<string, AdoptionWeekRow>();
	await inChunks<string>(
		(after) =>
			db
				.select({ name: managed.shortName })
				.from(managed)
				.where(and(managedOn(at.asOf), after === null ? undefined : gt(managed.shortName, after)))
				.orderBy(asc(managed.shortName))
				.limit(1)
				.offset(chunk - 1)
				.get()?.name ?? null,
		(names) => {
			for (const row of adoptionWeekQuery(db, at, null, names).all()) {
				const key = `${row.department}|${row.week}`;
				const sum = sums.get(key);
				sums.set(
					key,
					sum
						? { ...sum, managed: sum.managed + row.managed, adopted: sum.adopted + row.adopted }
						: row
				);
			}
		}
	);
	return [...sums.values()];
}

/** Two tallies of the same department, of different states. */
function addedUp(a: DeviceTallyRow, b: DeviceTallyRow): DeviceTallyRow {
	const first = [a.firstInstall, b.firstInstall].filter((ms) => ms !== null);
	return {
		asOf: a.asOf,
		department: a.department,
		devices: a.devices + b.devices,
		active: a.active + b.active,
		ok: a.ok + b.ok,
		warning: a.warning + b.warning,
		critical: a.critical + b.critical,
		never: a.never + b.never,
		failures: a.failures + b.failures,
		unknown: a.unknown + b.unknown,
		firstInstall: first.length === 0 ? null : Math.min(...first)
	};
}
