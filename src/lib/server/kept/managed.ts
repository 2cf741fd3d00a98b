import { and, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { imported } from '../db/imported';
import { FIRST_DAY, managed, STILL_IN_FORCE } from '../db/schema';
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
	const client = db.$client;
	const before = new Map(
		(client.prepare('SELECT * FROM inventory_lists').all() as Record<string, string>[]).map((r) => [
			`${r.import_id}\t${r.source}`,
			`${r.from_day}\t${r.until_day}`
		])
	);
	if (importId === null) {
		client.prepare('DELETE FROM inventory_lists').run();
		client
			.prepare(
				`INSERT INTO inventory_lists (source, import_id, as_of, from_day, until_day)
				SELECT DISTINCT m.source, m.import_id, i.as_of, i.as_of, i.as_of
				FROM managed_computers m JOIN imports i ON i.id = m.import_id
				WHERE i.status = 'imported' AND i.as_of IS NOT NULL`
			)
			.run();
	} else {
		client.prepare('DELETE FROM inventory_lists WHERE import_id = ?').run(importId);
		client
			.prepare(
				`INSERT INTO inventory_lists (source, import_id, as_of, from_day, until_day)
				SELECT DISTINCT m.source, m.import_id, i.as_of, i.as_of, i.as_of
				FROM managed_computers m JOIN imports i ON i.id = m.import_id
				WHERE m.import_id = ? AND ${imported('m.import_id')} AND i.as_of IS NOT NULL`
			)
			.run(importId);
	}
	// each list holds from its date until the next list of its source (by date, then import); a
	// source's first date's list also from before any day; a list replaced on its own date, never
	client
		.prepare(
			`UPDATE inventory_lists AS l SET
				from_day = CASE
					WHEN EXISTS (SELECT 1 FROM inventory_lists e WHERE e.source = l.source
						AND e.as_of = l.as_of AND e.import_id > l.import_id) THEN l.as_of
					WHEN EXISTS (SELECT 1 FROM inventory_lists e WHERE e.source = l.source
						AND e.as_of < l.as_of) THEN l.as_of
					ELSE '${FIRST_DAY}' END,
				until_day = coalesce((SELECT n.as_of FROM inventory_lists n
					WHERE n.source = l.source AND (n.as_of > l.as_of
						OR (n.as_of = l.as_of AND n.import_id > l.import_id))
					ORDER BY n.as_of, n.import_id LIMIT 1), '${STILL_IN_FORCE}')`
		)
		.run();
	// the lists whose span changed, and the days on which what they hold changed
	const after = client.prepare('SELECT * FROM inventory_lists').all() as Record<string, string>[];
	const changed = new Map<string, { source: string; importId: number }>();
	let lo = STILL_IN_FORCE;
	let hi = FIRST_DAY;
	const days = (from: string, until: string) => {
		if (from >= until) return;
		if (from < lo) lo = from;
		if (until > hi) hi = until;
	};
	for (const r of after) {
		const key = `${r.import_id}\t${r.source}`;
		const was = before.get(key);
		before.delete(key);
		if (was === `${r.from_day}\t${r.until_day}`) continue;
		changed.set(key, { source: r.source, importId: Number(r.import_id) });
		if (was === undefined) days(r.from_day, r.until_day);
		else {
			const [from, until] = was.split('\t');
			// the days one span holds and the other does not
			if (from === r.from_day) days(min(until, r.until_day), max(until, r.until_day));
			else if (until === r.until_day) days(min(from, r.from_day), max(from, r.from_day));
			else days(min(from, r.from_day), max(until, r.until_day));
		}
	}
	for (const [key, was] of before) {
		const [id, source] = key.split('\t');
		changed.set(key, { source, importId: Number(id) });
		days(...(was.split('\t') as [string, string]));
	}
	if (importId === null) {
		client.prepare('DELETE FROM managed').run();
		keepComputers(db, null, { lo: FIRST_DAY, hi: STILL_IN_FORCE });
	} else if (lo < hi) {
		keepComputers(db, [...changed.values()], { lo, hi });
	}
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

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
	const client = db.$client;
	client
		.prepare(
			'CREATE TEMP TABLE IF NOT EXISTS managed_redo (short_name TEXT PRIMARY KEY, lo TEXT, hi TEXT)'
		)
		.run();
	client.prepare('DELETE FROM managed_redo').run();
	if (lists === null) {
		client
			.prepare(
				`INSERT OR IGNORE INTO managed_redo (short_name)
				SELECT DISTINCT m.short_name FROM managed_computers m
				JOIN inventory_lists l ON l.source = m.source AND l.import_id = m.import_id`
			)
			.run();
		client.prepare('UPDATE managed_redo SET lo = ?, hi = ?').run(changed.lo, changed.hi);
	} else {
		const held = client.prepare(
			`INSERT OR IGNORE INTO managed_redo (short_name)
			SELECT short_name FROM managed_computers WHERE import_id = ? AND source = ?`
		);
		const counted = client.prepare(
			'INSERT OR IGNORE INTO managed_redo (short_name) SELECT short_name FROM managed WHERE import_id = ?'
		);
		for (const importId of new Set(lists.map((l) => l.importId))) counted.run(importId);
		for (const l of lists) held.run(l.importId, l.source);
		// each computer's window: the changed days, widened to its rows that meet them
		client
			.prepare(
				`UPDATE managed_redo AS r SET
					lo = min(@lo, coalesce((SELECT min(m.from_day) FROM managed m
						WHERE m.short_name = r.short_name AND m.from_day <= @hi AND m.until_day >= @lo), @lo)),
					hi = max(@hi, coalesce((SELECT max(m.until_day) FROM managed m
						WHERE m.short_name = r.short_name AND m.from_day <= @hi AND m.until_day >= @lo), @hi))`
			)
			.run(changed);
		client
			.prepare(
				`DELETE FROM managed WHERE rowid IN (SELECT m.rowid FROM managed_redo r
					JOIN managed m ON m.short_name = r.short_name AND m.from_day < r.hi AND m.until_day > r.lo)`
			)
			.run();
	}
	const resolve = departmentOfText(keptResolver(db));
	const insert = client.prepare(
		`INSERT INTO managed (short_name, from_day, until_day, import_id, computer_name,
			department_text, department, known, os, last_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	// a few thousand computers at a time: rows are written between the reads
	const chunk = client
		.prepare(
			'SELECT max(short_name) FROM (SELECT short_name FROM managed_redo WHERE short_name > ? ORDER BY short_name LIMIT 5000)'
		)
		.pluck();
	const candidates = client.prepare(
		`SELECT m.short_name AS shortName, m.import_id AS importId,
			max(l.from_day, r.lo) AS fromDay, min(l.until_day, r.hi) AS untilDay,
			m.computer_name AS computerName, m.department, m.os, m.last_seen AS lastSeen
		FROM managed_redo r
		JOIN inventory_lists l ON l.from_day < l.until_day AND l.from_day < r.hi AND l.until_day > r.lo
		JOIN managed_computers m ON m.import_id = l.import_id AND m.short_name = r.short_name
			AND m.source = l.source
		WHERE r.short_name > ? AND r.short_name <= ?
		ORDER BY m.short_name`
	);
	const write = (rows: Candidate[]) => {
		for (const span of spans(rows)) {
			const r = span.row;
			const department = resolve(r.department);
			insert.run(
				r.shortName,
				span.fromDay,
				span.untilDay,
				r.importId,
				r.computerName,
				r.department,
				department.code,
				department.known ? 1 : 0,
				r.os,
				r.lastSeen
			);
		}
	};
	// '' is no short name: such a computer is never matched nor counted
	for (let after = ''; ;) {
		const last = chunk.get(after) as string | null;
		if (last === null) break;
		let rows: Candidate[] = [];
		for (const row of candidates.all(after, last) as Candidate[]) {
			if (rows.length > 0 && rows[0].shortName !== row.shortName) {
				write(rows);
				rows = [];
			}
			rows.push(row);
		}
		write(rows);
		after = last;
	}
	client.prepare('DELETE FROM managed_redo').run();
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
