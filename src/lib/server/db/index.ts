import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createDayCodes } from '../figures/day-codes';
import { clearAbandoned } from '../imports/pending';
import { ensureKept } from '../kept';
import { registerFunctions } from './functions';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE = 'data/dashboard.db';

/** `DATABASE_URL` may be a plain path or a `file:` URL; relative paths are from the project root. */
export function databasePath(url = process.env.DATABASE_URL): string {
	const raw = url && url.trim() !== '' ? url.trim() : DEFAULT_DATABASE;
	const path = raw.replace(/^file:(\/\/)?/, '');
	return path === ':memory:' ? path : resolve(path);
}

/** Opens the database, applies pending migrations, and returns the drizzle handle. */
export function openDatabase(url?: string): Db {
	const path = databasePath(url);
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new Database(path);
	// WAL lets the pages read while an import writes; the busy timeout rides out a concurrent writer.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	registerFunctions(sqlite);
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder: resolve(process.env.MIGRATIONS_DIR ?? 'drizzle') });
	ensureKept(db);
	createDayCodes(db);
	// what an import killed meanwhile left: invisible, and deleted now
	clearAbandoned(db);
	return db;
}

let shared: Db | undefined;

/** The one connection of the web server. */
export function getDb(): Db {
	shared ??= openDatabase();
	return shared;
}
