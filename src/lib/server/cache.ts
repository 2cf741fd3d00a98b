import type { Db } from './db';
import { keptVersionOf } from './kept';

// The one cache. Every figure is read from the kept tables by small queries, but a page is still
// a few dozen of them, and at ten readers at once each would wait for the others' (BENCHMARKS.md).
// So what a page or a CSV sends is kept, keyed by what was asked (figures(): the page, as-of
// date, the viewer's departments, filters, page of a list) and by the kept version, which every
// commit that changes a figure bumps (kept/index.ts): a new import, undo, setting or hand link
// empties it, and nothing is ever stale. Computing a value is async: a long one lets other
// requests run between its queries (`breathe`), and a second request for the same key waits for
// the first one's answer rather than computing it again.

const MAX_ENTRIES = 300;

interface Entries {
	version: number;
	values: Map<string, Promise<unknown>>;
}

const caches = new WeakMap<Db, Entries>();

/**
 * The value of `compute()` for this key as of the current kept version: worked out once, then
 * served from memory until a commit changes a figure. The key must hold everything else the
 * value depends on. The most recently used entries stay.
 */
export function figures<T>(db: Db, key: string, compute: () => Promise<T> | T): Promise<T> {
	const version = keptVersionOf(db);
	let cache = caches.get(db);
	if (!cache || cache.version !== version) {
		cache = { version, values: new Map() };
		caches.set(db, cache);
	}
	const held = cache.values.get(key) as Promise<T> | undefined;
	if (held) {
		// a Map iterates in insertion order: re-inserting keeps the least recently used first
		cache.values.delete(key);
		cache.values.set(key, held);
		return held;
	}
	const values = cache.values;
	const value = Promise.resolve().then(compute);
	values.set(key, value);
	if (values.size > MAX_ENTRIES) values.delete(values.keys().next().value as string);
	// a failure is not kept: the next request tries again and meets the error itself
	value.catch(() => values.delete(key));
	return value;
}

/** Lets other requests run: between the queries of a long computation. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A stable cache key part for a department scope (null: every department). */
export const scopeKey = (scope: readonly string[] | null): string =>
	scope === null ? '*' : [...scope].sort().join(',');
