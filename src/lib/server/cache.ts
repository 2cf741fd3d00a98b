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
	/** a promise of what figures() computes; what now() computes, boxed */
	values: Map<string, unknown>;
}

const caches = new WeakMap<Db, Entries>();

/** The entries of the current kept version, the most recently used last; `key`'s, if held. */
function entriesFor(db: Db, key: string): { values: Map<string, unknown>; held: unknown } {
	const version = keptVersionOf(db);
	let cache = caches.get(db);
	if (!cache || cache.version !== version) {
		cache = { version, values: new Map() };
		caches.set(db, cache);
	}
	const values = cache.values;
	const held = values.get(key);
	if (held !== undefined) {
		// a Map iterates in insertion order: re-inserting keeps the least recently used first
		values.delete(key);
		values.set(key, held);
	}
	return { values, held };
}

function hold(values: Map<string, unknown>, key: string, value: unknown): void {
	values.set(key, value);
	if (values.size > MAX_ENTRIES) values.delete(values.keys().next().value as string);
}

/**
 * The value of `compute()` for this key as of the current kept version: worked out once, then
 * served from memory until a commit changes a figure. The key must hold everything else the
 * value depends on. The most recently used entries stay.
 */
export function figures<T>(db: Db, key: string, compute: () => Promise<T> | T): Promise<T> {
	const { values, held } = entriesFor(db, key);
	if (held) return held as Promise<T>;
	const value = Promise.resolve().then(compute);
	hold(values, key, value);
	// a failure is not kept: the next request tries again and meets the error itself
	value.catch(() => values.delete(key));
	return value;
}

/**
 * The same for a small value worked out at once, that a request needs before it can ask for its
 * figures (the reference points of its as-of date): kept so that a request answered from the
 * cache does not query them again.
 */
export function figuresNow<T>(db: Db, key: string, compute: () => T): T {
	const { values, held } = entriesFor(db, `now:${key}`);
	if (held) return (held as { value: T }).value;
	const value = compute();
	hold(values, `now:${key}`, { value });
	return value;
}

/** Lets other requests run: between the queries of a long computation. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A chunk of a long list in some index's order: the items after `after` (from the first when
 * null) up to `upTo` (to the last when null).
 */
export interface Chunk<K> {
	after: K | null;
	upTo: K | null;
}

/**
 * Works through a long list a chunk at a time, letting other requests run between chunks.
 * `lastOf(after)` is the key of the chunk's last item (null when the rest is shorter than a
 * chunk: the chunk is the rest); `each` does the chunk.
 */
export async function inChunks<K>(
	lastOf: (after: K | null) => K | null,
	each: (chunk: Chunk<K>) => void
): Promise<void> {
	for (let after: K | null = null; ; await breathe()) {
		const upTo = lastOf(after);
		each({ after, upTo });
		if (upTo === null) return;
		after = upTo;
	}
}

/** A stable cache key part for a department scope (null: every department). */
export const scopeKey = (scope: readonly string[] | null): string =>
	scope === null ? '*' : [...scope].sort().join(',');
