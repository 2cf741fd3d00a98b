// Child processes of the real CLIs, each in its own process group so SIGKILL reaches tsx's
// node child too (killing only tsx would leave the import running as an orphan).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leftOverRows } from '../../src/lib/server/db/digest';

export const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

export interface Running {
	child: ChildProcess;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stdout: () => string;
	stderr: () => string;
	kill: () => void;
}

export function runScript(script: string, args: string[], databaseUrl: string): Running {
	const child = spawn(TSX, [join('scripts', script), ...args], {
		env: { ...process.env, DATABASE_URL: databaseUrl },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (err += d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
		child.on('exit', (code, signal) => done({ code, signal }))
	);
	return {
		child,
		exited,
		stdout: () => out,
		stderr: () => err,
		kill: () => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}
	};
}

export function inspect(path: string, like: string) {
	const db = new Database(path, { readonly: true });
	try {
		db.pragma('busy_timeout = 5000');
		return {
			integrity: db.pragma('integrity_check', { simple: true }) as string,
			// the rows a reader sees: those of imports in force (a killed import's are not)
			rows: (
				db
					.prepare(
						`SELECT count(*) AS n FROM managed_computers m JOIN imports i ON i.id = m.import_id
						WHERE i.status = 'imported' AND m.computer_name LIKE ?`
					)
					.get(`${like}%`) as { n: number }
			).n,
			leftOver: leftOverRows(db),
			imports: db
				.prepare('SELECT id, file_name AS file, status, rows FROM imports ORDER BY id')
				.all() as { id: number; file: string; status: string; rows: number }[]
		};
	} finally {
		db.close();
	}
}

export interface HeldLock {
	/** Resolves once the other process holds SQLite's write lock. */
	locked: Promise<void>;
	/** Resolves once it has let go (after `ms`, or at `release()`). */
	released: Promise<void>;
	release: () => void;
}

/**
 * Another process takes the database's write lock (`BEGIN IMMEDIATE`) and keeps it for `ms`:
 * what a long import or a backup looks like to the server, without relying on an import's speed.
 */
export function holdWriteLock(path: string, ms: number): HeldLock {
	const script = `
		const Database = require('better-sqlite3');
		const db = new Database(process.argv[1]);
		db.exec('BEGIN IMMEDIATE');
		process.stdout.write('locked\\n');
		const release = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
		setTimeout(release, Number(process.argv[2]));
		process.on('SIGTERM', release);
	`;
	const child = spawn(process.execPath, ['-e', script, path, String(ms)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const locked = new Promise<void>((done, fail) => {
		child.stdout!.on('data', (d: Buffer) => {
			if (d.toString().includes('locked')) done();
		});
		child.on('exit', (code) => fail(new Error(`the lock holder exited (${code}) before locking`)));
	});
	const released = new Promise<void>((done) => child.on('exit', () => done()));
	return {
		locked,
		released,
		release: () => {
			if (child.exitCode === null) child.kill('SIGTERM');
		}
	};
}
