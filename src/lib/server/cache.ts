import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

// At campus scale (20,000 devices, 26 weekly reports, 400,000 charges) a page's figures take
// seconds to build: every device's latest state and every charge are read and the rules run over
// them. They change only when the data does: an import or its undo, a setting, a hand link. So a
// page's shaped data is kept, per key (page, as-of date, the viewer's department scope), until
// the data version below changes. The cache holds only what pages return (small), never the
// loaded state (hundreds of MB at five times the scale). See BENCHMARKS.md.

const FINGERPRINT = `SELECT
	(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(status = 'imported'), 0)
		|| ':' || coalesce(max(undone_at), '') FROM imports) AS imports,
	(SELECT coalesce(group_concat(key || '@' || effective_month || '=' || value, char(31)), '')
		FROM settings) AS settings,
	(SELECT coalesce(group_concat(nodename || '|' || device_uid || '|' || linked, char(31)), '')
		FROM hand_links) AS links`;

// Whether anything at all was written since the fingerprint was last taken: the rows this
// connection changed, and SQLite's counter of commits by other connections (another process's
// `npm run import`). A few microseconds, against a millisecond for the fingerprint, which runs on
// every page request: most requests change nothing.
const WRITES = `SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version())
	AS mark`;

interface Fingerprinting {
	fingerprint: Statement;
	writes: Statement;
	last: { mark: string; version: string } | null;
}

const fingerprinting = new WeakMap<Db, Fingerprinting>();

/**
 * A fingerprint of everything the figures are derived from. Imported rows only ever arrive or
 * leave with an import (its id or status changes); settings and hand links are small tables,
 * read whole. Works for writes from any connection: the web server's own uploads and forms as
 * well as `npm run import` in another process. Taken again only when something was written since
 * the last time (a sign-in, an audit line or an import: the fingerprint then says whether the
 * figures changed).
 */
export function dataVersion(db: Db): string {
	let f = fingerprinting.get(db);
	if (!f) {
		f = {
			fingerprint: db.$client.prepare(FINGERPRINT),
			writes: db.$client.prepare(WRITES),
			last: null
		};
		fingerprinting.set(db, f);
	}
	const { mark } = f.writes.get() as { mark: string };
	if (f.last?.mark === mark) return f.last.version;
	const row = f.fingerprint.get() as { imports: string; settings: string; links: string };
	const version = createHash('sha1')
		.update(row.imports)
		.update('\0')
		.update(row.settings)
		.update('\0')
		.update(row.links)
		.digest('base64url');
	f.last = { mark, version };
	return version;
}

const MAX_ENTRIES = 200;
const caches = new WeakMap<Db, { version: string; entries: Map<string, unknown> }>();

/**
 * The value of `compute()` for this key as of the current data version: computed on the first
 * request after any change, then served from memory. The key must hold everything else the value
 * depends on (as-of date, department scope, query options). The most recently used entries stay.
 */
export function cached<T>(db: Db, key: string, compute: () => T): T {
	const version = dataVersion(db);
	let cache = caches.get(db);
	if (!cache || cache.version !== version) {
		cache = { version, entries: new Map() };
		caches.set(db, cache);
	}
	if (cache.entries.has(key)) {
		const value = cache.entries.get(key) as T;
		// re-inserted: a Map iterates in insertion order, so the first key is the least recently used
		cache.entries.delete(key);
		cache.entries.set(key, value);
		return value;
	}
	const value = compute();
	// the data may have changed while computing: keep the value only if it is still current
	if (dataVersion(db) === version) {
		cache.entries.set(key, value);
		if (cache.entries.size > MAX_ENTRIES) {
			cache.entries.delete(cache.entries.keys().next().value as string);
		}
	}
	return value;
}

/** A stable cache key part for a department scope (null: every department). */
export const scopeKey = (scope: readonly string[] | null): string =>
	scope === null ? '*' : [...scope].sort().join(',');

// The state the figures are computed from (every device, charge and managed computer) is large:
// it is never kept with the pages' data. But after a change, several pages are built one after
// the other (the overview, then a department, the health page…), each needing the same state;
// so the last one loaded is held for a short while after its last use, then let go.
const HOLD_MS = 30_000;
const held = new WeakMap<
	Db,
	{ version: string; key: string; value: unknown; timer: ReturnType<typeof setTimeout> }
>();

/**
 * `compute()` for this key, shared by the calls that come within HOLD_MS of each other while the
 * data version stays the same. One value at a time: a new key lets go of the previous one.
 */
export function heldBriefly<T>(db: Db, key: string, compute: () => T): T {
	const version = dataVersion(db);
	const entry = held.get(db);
	if (entry && entry.version === version && entry.key === key) {
		entry.timer.refresh();
		return entry.value as T;
	}
	if (entry) {
		clearTimeout(entry.timer);
		held.delete(db);
	}
	const value = compute();
	if (dataVersion(db) === version) {
		const timer = setTimeout(() => held.delete(db), HOLD_MS);
		timer.unref();
		held.set(db, { version, key, value, timer });
	}
	return value;
}

/**
 * One string for each distinct text it is given. SQLite hands out a new string for every cell, so
 * values kept by the hundred thousand (the state's charges, the history's device uids and OS
 * names) repeat a few thousand texts: sharing one copy of each halves what they take, and a
 * string met again keeps its hash for the maps it keys.
 */
export function sharedStrings(): (text: string) => string {
	const strings = new Map<string, string>();
	return (text) => strings.get(text) ?? (strings.set(text, text), text);
}
