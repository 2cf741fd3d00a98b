// `npm run db:backup -- FILE`: a consistent copy of the dashboard's database while it runs.
// `npm run db:backup -- --restore FILE`: puts a backup back (stop the server first).
// Both go through SQLite's online backup API (better-sqlite3's db.backup()), which copies the
// database page by page and restarts if a writer changes it meanwhile, so the copy is one
// committed state: never half an import. The copy is written beside FILE and renamed into place,
// then checked (PRAGMA integrity_check) before it is called good.
// Exit 0 on success, 1 on failure, 2 on a usage error. RELIABILITY.md, "Backing up".
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { databasePath } from '../src/lib/server/db';
import { dataCounts } from '../src/lib/server/db/digest';

const USAGE = `Usage: npm run db:backup -- [--force] FILE          back up DATABASE_URL (default data/dashboard.db) to FILE
       npm run db:backup -- --restore FILE             replace DATABASE_URL with the backup FILE (stop the server first)`;

function usage(message: string): never {
	console.error(`${message}\n\n${USAGE}`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			restore: { type: 'boolean', default: false },
			force: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
} catch (error) {
	usage((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
if (positionals.length !== 1) usage('Name one backup file.');
const file = resolve(positionals[0]);
const live = databasePath();

function check(path: string): string {
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const result = db.pragma('integrity_check', { simple: true }) as string;
		if (result !== 'ok') throw new Error(`${path} fails SQLite's integrity check: ${result}`);
		const counts = dataCounts(db);
		return Object.entries(counts)
			.map(([table, n]) => `${table} ${n}`)
			.join(', ');
	} finally {
		db.close();
	}
}

async function copy(from: string, to: string): Promise<void> {
	const source = new Database(from, { fileMustExist: true });
	try {
		source.pragma('busy_timeout = 5000');
		await source.backup(to);
	} finally {
		source.close();
	}
}

try {
	if (values.restore) {
		if (!existsSync(file)) throw new Error(`${file} does not exist.`);
		// a damaged backup must never replace a good database
		const summary = check(file);
		mkdirSync(dirname(live), { recursive: true });
		// through the backup API too: the live file's WAL and locks are respected, no stale -wal
		// file can be replayed over the restored pages
		const target = new Database(live);
		target.pragma('busy_timeout = 5000');
		target.close();
		await copy(file, live);
		const after = new Database(live);
		after.pragma('journal_mode = WAL');
		after.close();
		console.log(`Restored ${live} from ${file} (${summary}).`);
	} else {
		if (!existsSync(live)) throw new Error(`There is no database at ${live} to back up.`);
		if (existsSync(file) && !values.force)
			usage(`${file} already exists; add --force to replace it.`);
		mkdirSync(dirname(file), { recursive: true });
		const partial = `${file}.partial`;
		rmSync(partial, { force: true });
		await copy(live, partial);
		const summary = check(partial);
		renameSync(partial, file);
		console.log(`Backed up ${live} to ${file} (${summary}).`);
	}
} catch (error) {
	console.error((error as Error).message);
	process.exit(1);
}
