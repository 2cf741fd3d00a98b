// For tests: the sample data in a database file of its own, so that what one connection keeps
// between changes (state.ts, pages/health.ts) can be compared with what a second connection,
// opened afresh on the same file, reads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, max } from 'drizzle-orm';
import { openDatabase, type Db } from '../db';
import { imports } from '../db/schema';
import { loadSamples, SAMPLES_DIR } from './samples';

export interface SampleFile {
	/** the connection the test works through */
	db: Db;
	/** what `read` gives on a connection of its own, opened for it and closed after */
	afresh<T>(read: (fresh: Db) => T): T;
	/** the newest import of a kind still in force */
	lastImport(kind: string, asOf?: string): number;
	/** the text of a sample export (data/samples) */
	read(file: string): string;
	remove(): void;
}

export function sampleFile(): SampleFile {
	const dir = mkdtempSync(join(tmpdir(), 'samples-'));
	const path = join(dir, 'dashboard.db');
	const db = openDatabase(path);
	loadSamples(db);
	return {
		db,
		afresh(read) {
			const fresh = openDatabase(path);
			try {
				return read(fresh);
			} finally {
				fresh.$client.close();
			}
		},
		lastImport(kind, asOf) {
			const id = db
				.select({ id: max(imports.id) })
				.from(imports)
				.where(
					and(
						eq(imports.kind, kind),
						eq(imports.status, 'imported'),
						asOf === undefined ? undefined : eq(imports.asOf, asOf)
					)
				)
				.get()?.id;
			if (id == null) throw new Error(`No ${kind} import${asOf ? ` of ${asOf}` : ''} is in force.`);
			return id;
		},
		read: (file) => readFileSync(join(SAMPLES_DIR, file), 'utf8'),
		remove() {
			db.$client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
