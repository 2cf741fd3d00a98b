// What a raw better-sqlite3 statement answers is unknown to the compiler. Raw statements are few:
// the import's writers, run once per row of a file for speed (imports/writers/), and the digest
// of a bare connection (digest.ts). They read the answer through these checks, a typeof test that
// costs nothing beside the statement, so a statement that answers something other than what its
// caller expects (a changed query or table) fails loudly instead of miscounting.

const wrong = (what: string, expected: string, value: unknown): Error =>
	new Error(
		`${what}: expected ${expected}, but the database answered ${value === null ? 'null' : Array.isArray(value) ? 'a row' : typeof value}`
	);

/** A number a statement answers: a count, an id, a line. */
export function numberOf(value: unknown, what: string): number {
	if (typeof value !== 'number') throw wrong(what, 'a number', value);
	return value;
}

/** Text a statement answers. */
export function textOf(value: unknown, what: string): string {
	if (typeof value !== 'string') throw wrong(what, 'text', value);
	return value;
}

/** A row a `.raw()` statement answers: its values in the order of the statement's columns. */
export function rowOf(value: unknown, what: string): readonly unknown[] {
	if (!Array.isArray(value)) throw wrong(what, 'a row', value);
	return value;
}
