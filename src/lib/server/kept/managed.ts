import {
	and,
	asc,
	eq,
	exists,
	gt,
	gte,
	inArray,
	isNotNull,
	lt,
	lte,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { importedSql } from '../db/imported';
import {
	FIRST_DAY,
	imports,
	inventoryLists,
	managed,
	managedComputers,
	STILL_IN_FORCE
} from '../db/schema';
import { nullableText, qualified } from '../figures/sql';
import { UNASSIGNED, type DepartmentResolver } from '../metrics/departments';
import { keptResolver } from './departments';

// The managed computers by date (domain.md, docs/imports.md "Inventory by source"). Each inventory
// file is a list of one source or several (its Source column), dated by its as-of date. Within a
// source, lists follow one another by date (on the same date, the later import): each is in force
// from its date until the next one's, so a computer a newer list lacks is no longer managed from
// that list's date, and a list imported late with an earlier date holds only until the next date.
// A source's first list also holds for the days before it: nothing earlier is known, and figures
// of the days before an inventory was first taken would otherwise have no denominator.
// On a day D a computer is managed when the list of some source in force on D holds it; of two
// sources listing it, the row of the later import counts.
//
// The upkeep is by computer: a new or undone list changes the span of its own list and of the
// list before it in its source, so only the computers of those two lists are worked out again.

/** The managed computers on day D: the rows of `managed` whose span holds it. */
export const managedOn = (day: string): SQL | undefined =>
	and(lte(managed.fromDay, day), gt(managed.untilDay, day));

/**
 * The inventory in force now (each source's latest list), which places devices in departments:
 * a device's department is not dated (docs/rules.md).
 */
export const managedNow = (): SQL => eq(managed.untilDay, STILL_IN_FORCE);

/**
 * Brings the lists and the managed computers up to date after an inventory came or went
 * (`importId`), or rebuilds them whole (null).
 */
export function keepManaged(db: Db, importId: number | null): void {
	// each list's span before, by list (import and source)
	const listKey = (l: { importId: number; source: string }) => `${l.importId}\t${l.source}`;
	const before = new Map(
		db
			.select()
			.from(inventoryLists)
			.all()
			.map((l) => [listKey(l), l])
	);
	// the lists of the imported inventories with a date, each dated by its import
	const listsOf = (which: SQL | undefined) =>
		db
			.selectDistinct({
				source: managedComputers.source,
				importId: managedComputers.importId,
				asOf: imports.asOf,
				fromDay: imports.asOf,
				untilDay: imports.asOf
			})
			.from(managedComputers)
			.innerJoin(imports, eq(imports.id, managedComputers.importId))
			.where(and(which, isNotNull(imports.asOf)));
	if (importId === null) {
		db.delete(inventoryLists).run();
		db.insert(inventoryLists)
			.select(listsOf(eq(imports.status, 'imported')))
			.run();
	} else {
		db.delete(inventoryLists).where(eq(inventoryLists.importId, importId)).run();
		db.insert(inventoryLists)
			.select(
				listsOf(
					and(
						eq(managedComputers.importId, importId),
						importedSql(qualified(managedComputers.importId))
					)
				)
			)
			.run();
	}
	// each list holds from its date until the next list of its source (by date, then import); a
	// source's first date's list also from before any day; a list replaced on its own date, never
	const l = inventoryLists;
	const e = alias(inventoryLists, 'e');
	const n = alias(inventoryLists, 'n');
	const replacedOnItsDate = db
		.select({ one: sql`1` })
		.from(e)
		.where(and(eq(e.source, l.source), eq(e.asOf, l.asOf), gt(e.importId, l.importId)));
	const earlierDate = db
		.select({ one: sql`1` })
		.from(e)
		.where(and(eq(e.source, l.source), lt(e.asOf, l.asOf)));
	const next = db
		.select({ asOf: n.asOf })
		.from(n)
		.where(
			and(
				eq(n.source, l.source),
				or(gt(n.asOf, l.asOf), and(eq(n.asOf, l.asOf), gt(n.importId, l.importId)))
			)
		)
		.orderBy(asc(n.asOf), asc(n.importId))
		.limit(1);
	db.update(inventoryLists)
		.set({
			fromDay: sql`CASE WHEN ${exists(replacedOnItsDate)} THEN ${l.asOf}
				WHEN ${exists(earlierDate)} THEN ${l.asOf} ELSE ${FIRST_DAY} END`,
			untilDay: sql`coalesce(${next}, ${STILL_IN_FORCE})`
		})
		.run();
	// the lists whose span changed, and the days on which what they hold changed
	const after = db.select().from(inventoryLists).all();
	const changed = new Map<string, { source: string; importId: number }>();
	let lo = STILL_IN_FORCE;
	let hi = FIRST_DAY;
	const days = (from: string, until: string) => {
		if (from >= until) return;
		if (from < lo) lo = from;
		if (until > hi) hi = until;
	};
	for (const r of after) {
		const key = listKey(r);
		const was = before.get(key);
		before.delete(key);
		if (was?.fromDay === r.fromDay && was.untilDay === r.untilDay) continue;
		changed.set(key, { source: r.source, importId: r.importId });
		if (was === undefined) days(r.fromDay, r.untilDay);
		else {
			const { fromDay: from, untilDay: until } = was;
			// the days one span holds and the other does not
			if (from === r.fromDay) days(min(until, r.untilDay), max(until, r.untilDay));
			else if (until === r.untilDay) days(min(from, r.fromDay), max(from, r.fromDay));
			else days(min(from, r.fromDay), max(until, r.untilDay));
		}
	}
	// the lists gone: all the days they held
	for (const [key, was] of before) {
		changed.set(key, { source: was.source, importId: was.importId });
		days(was.fromDay, was.untilDay);
	}
	if (importId === null) {
		db.delete(managed).run();
		keepComputers(db, null, { lo: FIRST_DAY, hi: STILL_IN_FORCE });
	} else if (lo < hi) {
		keepComputers(db, [...changed.values()], { lo, hi });
	}
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/**
 * The computers whose spans keepComputers works out again, each with its window of days [lo, hi):
 * a temporary table, of this connection alone.
 */
const managedRedo = sqliteTable('managed_redo', {
	shortName: text('short_name').primaryKey(),
	lo: text('lo').notNull(),
	hi: text('hi').notNull()
});

/**
 * Works out again, on the days [lo, hi) where some lists changed what they hold, the spans of the
 * computers those lists hold or held (every computer: null). A computer a changed list never made
 * count, and does not hold, is untouched: shortening or removing a list it lost to changes
 * nothing for it. A computer's rows that meet those days are taken whole into its own window, so
 * the spans worked out join their neighbours as a rebuild would; the lists before and after are
 * not read again, so the upkeep does not grow with the inventory's history.
 */
function keepComputers(
	db: Db,
	lists: { source: string; importId: number }[] | null,
	changed: { lo: string; hi: string }
): void {
	db.run(
		sql`CREATE TEMP TABLE IF NOT EXISTS managed_redo (short_name TEXT PRIMARY KEY, lo TEXT NOT NULL, hi TEXT NOT NULL)`
	);
	db.delete(managedRedo).run();
	// each computer's window starts as the changed days
	const window = () => ({ lo: sql`${changed.lo}`.as('lo'), hi: sql`${changed.hi}`.as('hi') });
	if (lists === null) {
		// distinct names into an empty table: none is there already
		db.insert(managedRedo)
			.select(
				db
					.selectDistinct({ shortName: managedComputers.shortName, ...window() })
					.from(managedComputers)
					.innerJoin(
						inventoryLists,
						and(
							eq(inventoryLists.source, managedComputers.source),
							eq(inventoryLists.importId, managedComputers.importId)
						)
					)
			)
			.run();
	} else {
		const held = db
			.insert(managedRedo)
			.select(
				db
					.select({ shortName: managedComputers.shortName, ...window() })
					.from(managedComputers)
					.where(
						and(
							eq(managedComputers.importId, sql.placeholder('importId')),
							eq(managedComputers.source, sql.placeholder('source'))
						)
					)
			)
			.onConflictDoNothing()
			.prepare();
		const counted = db
			.insert(managedRedo)
			.select(
				db
					.select({ shortName: managed.shortName, ...window() })
					.from(managed)
					.where(eq(managed.importId, sql.placeholder('importId')))
			)
			.onConflictDoNothing()
			.prepare();
		for (const importId of new Set(lists.map((l) => l.importId))) counted.run({ importId });
		for (const l of lists) held.run({ importId: l.importId, source: l.source });
		// each computer's window: the changed days, widened to its rows that meet them
		const meeting = and(
			eq(managed.shortName, managedRedo.shortName),
			lte(managed.fromDay, changed.hi),
			gte(managed.untilDay, changed.lo)
		);
		const earliest = db
			.select({ day: sql`min(${managed.fromDay})` })
			.from(managed)
			.where(meeting);
		const latest = db
			.select({ day: sql`max(${managed.untilDay})` })
			.from(managed)
			.where(meeting);
		db.update(managedRedo)
			.set({
				lo: sql`min(${changed.lo}, coalesce(${earliest}, ${changed.lo}))`,
				hi: sql`max(${changed.hi}, coalesce(${latest}, ${changed.hi}))`
			})
			.run();
		const m = alias(managed, 'm');
		const redone = db
			.select({ rowid: sql`${m}.rowid` })
			.from(managedRedo)
			.innerJoin(
				m,
				and(
					eq(m.shortName, managedRedo.shortName),
					lt(m.fromDay, managedRedo.hi),
					gt(m.untilDay, managedRedo.lo)
				)
			);
		db.delete(managed)
			.where(inArray(sql`rowid`, redone))
			.run();
	}
	const resolve = departmentOfText(keptResolver(db));
	const insert = db
		.insert(managed)
		.values({
			shortName: sql.placeholder('shortName'),
			fromDay: sql.placeholder('fromDay'),
			untilDay: sql.placeholder('untilDay'),
			importId: sql.placeholder('importId'),
			computerName: sql.placeholder('computerName'),
			departmentText: sql.placeholder('departmentText'),
			department: sql.placeholder('department'),
			known: sql.placeholder('known'),
			os: sql.placeholder('os'),
			lastSeen: sql.placeholder('lastSeen')
		})
		.prepare();
	// a few thousand computers at a time: rows are written between the reads
	const nextNames = db
		.select({ shortName: managedRedo.shortName })
		.from(managedRedo)
		.where(gt(managedRedo.shortName, sql.placeholder('after')))
		.orderBy(asc(managedRedo.shortName))
		.limit(5000)
		.as('next_names');
	const chunk = db
		.select({ last: sql<string | null>`max(${nextNames.shortName})`.mapWith(nullableText) })
		.from(nextNames)
		.prepare();
	const r = managedRedo;
	const candidates = db
		.select({
			shortName: managedComputers.shortName,
			importId: managedComputers.importId,
			fromDay: sql<string>`max(${inventoryLists.fromDay}, ${r.lo})`.mapWith(String),
			untilDay: sql<string>`min(${inventoryLists.untilDay}, ${r.hi})`.mapWith(String),
			computerName: managedComputers.computerName,
			department: managedComputers.department,
			os: managedComputers.os,
			lastSeen: managedComputers.lastSeen
		})
		.from(r)
		.innerJoin(
			inventoryLists,
			and(
				lt(inventoryLists.fromDay, inventoryLists.untilDay),
				lt(inventoryLists.fromDay, r.hi),
				gt(inventoryLists.untilDay, r.lo)
			)
		)
		.innerJoin(
			managedComputers,
			and(
				eq(managedComputers.importId, inventoryLists.importId),
				eq(managedComputers.shortName, r.shortName),
				eq(managedComputers.source, inventoryLists.source)
			)
		)
		.where(
			and(gt(r.shortName, sql.placeholder('after')), lte(r.shortName, sql.placeholder('last')))
		)
		.orderBy(asc(managedComputers.shortName))
		.prepare();
	const write = (rows: Candidate[]) => {
		for (const span of spans(rows)) {
			const r = span.row;
			const department = resolve(r.department);
			insert.run({
				shortName: r.shortName,
				fromDay: span.fromDay,
				untilDay: span.untilDay,
				importId: r.importId,
				computerName: r.computerName,
				departmentText: r.department,
				department: department.code,
				known: department.known,
				os: r.os,
				lastSeen: r.lastSeen
			});
		}
	};
	// '' is no short name: such a computer is never matched nor counted
	for (let after = ''; ;) {
		const last = chunk.get({ after })?.last ?? null;
		if (last === null) break;
		let rows: Candidate[] = [];
		for (const row of candidates.all({ after, last })) {
			if (rows.length > 0 && rows[0].shortName !== row.shortName) {
				write(rows);
				rows = [];
			}
			rows.push(row);
		}
		write(rows);
		after = last;
	}
	db.delete(managedRedo).run();
}

interface Candidate {
	shortName: string;
	importId: number;
	fromDay: string;
	untilDay: string;
	computerName: string;
	department: string | null;
	os: string | null;
	lastSeen: string | null;
}

/**
 * One computer's spans: on each day, the row of the latest import among the lists in force that
 * hold it; days with the same row are one span.
 */
function spans(
	rows: readonly Candidate[]
): { fromDay: string; untilDay: string; row: Candidate }[] {
	const days = [...new Set(rows.flatMap((r) => [r.fromDay, r.untilDay]))].sort();
	const out: { fromDay: string; untilDay: string; row: Candidate }[] = [];
	for (let i = 0; i + 1 < days.length; i++) {
		let row: Candidate | null = null;
		for (const r of rows)
			if (r.fromDay <= days[i] && days[i] < r.untilDay && (!row || r.importId > row.importId))
				row = r;
		if (row === null) continue;
		const last = out[out.length - 1];
		if (last && last.row === row && last.untilDay === days[i]) last.untilDay = days[i + 1];
		else out.push({ fromDay: days[i], untilDay: days[i + 1], row });
	}
	return out;
}

/** The department a Department cell names, as the rule reads it, each text resolved once. */
function departmentOfText(resolver: DepartmentResolver) {
	const seen = new Map<string | null, { code: string; known: boolean }>();
	return (text: string | null) => {
		let department = seen.get(text);
		if (!department) {
			const code = resolver.resolve(text);
			seen.set(text, (department = { code: code ?? UNASSIGNED, known: code !== null }));
		}
		return department;
	};
}

/** After the departments changed: every managed row's department, resolved again. */
export function keepManagedDepartments(db: Db): void {
	const resolve = departmentOfText(keptResolver(db));
	const texts = db
		.selectDistinct({ text: managed.departmentText })
		.from(managed)
		.all()
		.map((r) => r.text);
	for (const text of texts) {
		const { code, known } = resolve(text);
		db.update(managed)
			.set({ department: code, known })
			.where(sql`${managed.departmentText} IS ${text}`)
			.run();
	}
}
