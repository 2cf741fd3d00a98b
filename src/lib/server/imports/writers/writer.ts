import type { ExportKind } from '../../../imports/formats';
import type { ImportProblem } from '../../../imports/outcome';
import type { Tariff } from '../../metrics/types';
import type { RecordByKind } from '../types';

// What every writer is (writers/index.ts says what they do together).

/** What a file did to the rows in force before it. */
export interface Counts {
	/** rows whose key no earlier import in force had */
	inserted: number;
	/** rows that replace an earlier one with other values */
	updated: number;
	unchanged: number;
	/** rows of what the file replaces that it no longer has (a re-exported report) */
	removed: number;
	/** inventory: the computers each source's earlier list had that this file no longer has */
	noLonger?: { source: string; computers: number }[];
}

/**
 * What a writer answers for a record: null when written; else the line of an earlier row of the
 * file with the same key (nothing written), or the record's problem.
 */
export type Written = null | number | ImportProblem;

export interface Writer<K extends ExportKind = ExportKind> {
	/** Writes one record, inside the transaction of its batch. */
	write(record: RecordByKind[K], line: number): Written;
	/**
	 * The counts, once every record is written. Comparing with what was in force before may read
	 * much, so it is not done in the final transaction: the session asks again inside it only when
	 * another change was committed in between.
	 */
	counts(asOf: string | null): Counts;
	/** The billing months of the records written (charges), in order. */
	months(): string[];
}

export interface WriterOptions {
	fileName: string;
	/** the prices of charges a file gives no money for */
	tariffs: readonly Tariff[];
	/** inventory: the source of computers when the file has no Source column */
	source: string;
}

/** Counts one row against the row in force for its key before: none, the same, or another. */
export function tally(
	counts: Counts,
	previous: readonly unknown[] | undefined,
	next: readonly unknown[]
): void {
	if (previous === undefined) counts.inserted++;
	else if (previous.length === next.length && previous.every((v, i) => v === next[i]))
		counts.unchanged++;
	else counts.updated++;
}

export const noCounts = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0, removed: 0 });
