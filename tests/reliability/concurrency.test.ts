// Two imports at once, from two command lines and from the command line and the browser's upload
// endpoint: both land, one after the other, each whole. And a busy database is never a 500: while
// another process holds SQLite's write lock past the server's 5 s busy timeout, an upload, a
// setting saved, a hand link, a sign-in (which writes a session) and an undo each answer a
// sentence (503 with Retry-After), not "Internal Error".
// The browser cases run against a production server this file starts itself: the build in
// tmp/reliability-build (built when the sources are newer; RELIABILITY_BUILD_DIR overrides it), on
// 127.0.0.1:RELIABILITY_PORT (4383), over a database of its own with the sample data.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { loadSamples } from '../../src/lib/server/imports/samples';
import { writeInventory } from './files';
import { holdWriteLock, inspect, runScript } from './processes';
import { ADMIN, buildIfStale, startServer, type ProductionServer } from './server';

const ROWS = 100_000;
const BUILD_DIR = resolve(process.env.RELIABILITY_BUILD_DIR ?? 'tmp/reliability-build');
const PORT = Number(process.env.RELIABILITY_PORT ?? 4383);
let dir: string;
let database: string;

beforeAll(() => {
	mkdirSync('tmp', { recursive: true });
	dir = mkdtempSync(resolve('tmp/reliability-concurrency-'));
	database = join(dir, 'dashboard.db');
	openDatabase(database).$client.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('two command-line imports started together both land, whole, one after the other', async () => {
	const a = join(dir, 'first.csv');
	const b = join(dir, 'second.csv');
	await writeInventory(a, ROWS, 'FIRST');
	await writeInventory(b, ROWS, 'SECOND');
	const one = runScript('import.ts', ['--json', a], database);
	const two = runScript('import.ts', ['--json', b], database);
	const [r1, r2] = await Promise.all([one.exited, two.exited]);
	expect(r1.code, one.stderr()).toBe(0);
	expect(r2.code, two.stderr()).toBe(0);
	const first = inspect(database, 'FIRST');
	expect(first.integrity).toBe('ok');
	expect(first.rows).toBe(ROWS);
	expect(inspect(database, 'SECOND').rows).toBe(ROWS);
	const landed = first.imports.filter((i) => i.status === 'imported');
	expect(landed.map((i) => i.file).sort()).toEqual(['first.csv', 'second.csv']);
	// distinct batches, numbered in the order they committed
	expect(new Set(landed.map((i) => i.id)).size).toBe(2);
	console.log(
		`two CLI imports of ${ROWS} rows at once: both imported (#${landed.map((i) => i.id).join(', #')})`
	);
});

it('an import does not hold the write lock for its whole file: another write takes it meanwhile', async () => {
	const file = join(dir, 'long.csv');
	await writeInventory(file, ROWS, 'LONG');
	const importing = runScript('import.ts', ['--json', file], database);
	// another process, as a sign-in or a setting saved on the server: waits at most 1 s for the lock
	const other = new Database(database, { timeout: 1000 });
	const pendingRows = other.prepare(
		`SELECT count(*) FROM managed_computers m JOIN imports i ON i.id = m.import_id
		WHERE i.status = 'pending'`
	);
	const save = other.prepare(
		`INSERT INTO settings (key, value, updated_by, updated_at) VALUES ('lock-probe', '1', 'spec', ?)
		ON CONFLICT DO UPDATE SET value = value + 1`
	);
	let ended = false;
	void importing.exited.then(() => (ended = true));
	let writes = 0;
	// tries that waited the whole second: the final commit (which brings the kept tables up to
	// date for 100,000 computers) may hold the lock longer; the rows' batches must not
	let waitedOut = 0;
	try {
		// each time, while rows of the file are written under its pending import
		while (!ended) {
			if ((pendingRows.pluck().get() as number) > 0) {
				try {
					other.transaction(() => save.run(new Date().toISOString())).immediate();
					writes++;
				} catch (error) {
					if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
					waitedOut++;
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	} finally {
		other.close();
	}
	const { code } = await importing.exited;
	expect(code, importing.stderr()).toBe(0);
	expect(writes).toBeGreaterThan(waitedOut);
	expect(inspect(database, 'LONG').imports.at(-1)).toMatchObject({
		file: 'long.csv',
		status: 'imported'
	});
	console.log(
		`${writes} writes of another process took the lock within 1 s while ${ROWS} rows were written, ${waitedOut} waited longer`
	);
});

describe('against a production server', () => {
	let server: ProductionServer;
	let serverDb: string;

	beforeAll(async () => {
		buildIfStale(BUILD_DIR);
		serverDb = join(dir, 'server.db');
		const db = openDatabase(serverDb);
		loadSamples(db);
		db.$client.close();
		server = await startServer({ buildDir: BUILD_DIR, port: PORT, database: serverDb });
	}, 300_000);

	afterAll(async () => {
		await server?.stop();
		// what the server logged: a busy database must not have been an unexpected error
		expect(server?.stderr() ?? '').not.toMatch(/SqliteError|database is locked/);
	});

	const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
		fetch(`${server.origin}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.origin, cookie: server.cookie, ...headers },
			body
		});

	/** A form post as a browser without JavaScript sends it. */
	const form = (path: string, fields: Record<string, string>, cookie = server.cookie) =>
		post(path, new URLSearchParams(fields), {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			cookie
		});

	it('a command-line import and a browser upload at once both land; no 500', async () => {
		const a = join(dir, 'cli.csv');
		const b = join(dir, 'browser.csv');
		await writeInventory(a, ROWS, 'CLIRUN');
		await writeInventory(b, ROWS, 'UPLOAD');
		const started = Date.now();
		const cli = runScript('import.ts', ['--json', a], serverDb);
		const upload = post('/imports/upload?name=browser.csv', readFileSync(b), {
			'content-type': 'text/csv'
		});
		const [cliDone, response] = await Promise.all([cli.exited, upload]);
		const body = await response.text();
		expect(cliDone.code, cli.stderr()).toBe(0);
		expect(response.status, body).toBe(200);
		expect(JSON.parse(body).outcome.status).toBe('imported');
		expect(inspect(serverDb, 'CLIRUN').rows).toBe(ROWS);
		expect(inspect(serverDb, 'UPLOAD').rows).toBe(ROWS);
		console.log(
			`CLI import and upload of ${ROWS} rows each at once: both landed in ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
	});

	/**
	 * Runs `request` while another process holds the write lock longer than the busy timeout,
	 * and checks the answer is a sentence: 503 with Retry-After and the busy message (as JSON,
	 * or in the error page), or a form's own refusal, never 500.
	 */
	async function whileLocked(what: string, request: () => Promise<Response>) {
		// The imports above changed the data, and the server rebuilds its overview for that, seconds
		// of synchronous work at this size: a request arriving then waits for it before its own
		// write, and may start that write after the lock is gone. The overview asked for first, the
		// server is idle when the lock is taken, and the request meets the whole lock.
		const settled = await fetch(`${server.origin}/`, { headers: { cookie: server.cookie } });
		expect(settled.status).toBe(200);
		await settled.arrayBuffer();
		const lock = holdWriteLock(serverDb, 9_000);
		await lock.locked;
		const started = Date.now();
		try {
			const response = await request();
			const text = await response.text();
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			console.log(`${what} while the database was locked: ${response.status} after ${seconds} s`);
			expect(response.status, `${what}: ${text.slice(0, 500)}`).toBe(503);
			expect(response.headers.get('retry-after'), what).toMatch(/^\d+$/);
			expect(text, what).toMatch(/The database is busy/);
			expect(text, what).toMatch(/Try again in a minute/);
			return text;
		} finally {
			lock.release();
			await lock.released;
		}
	}

	it('an upload while another process holds the write lock answers 503 and a sentence', async () => {
		const text = await whileLocked('an upload', () =>
			post(
				'/imports/upload?name=busy.csv',
				`Computer Name,Department,OS,Last Seen\nBUSY-PC${Date.now() % 1e6},ANSC,Windows 10,2020-11-30\n`,
				{ 'content-type': 'text/csv' }
			)
		);
		expect((JSON.parse(text) as { message: string }).message).toMatch(/busy\.csv/);
		expect(inspect(serverDb, 'BUSY-PC').rows).toBe(0);
	});

	it('a setting saved while the database is locked answers 503 and a sentence', async () => {
		await whileLocked('a tariff saved (form post)', () =>
			form('/admin/settings?/tariff', {
				effectiveMonth: '2030-01',
				base: '5.00',
				included: '50',
				extra: '0.10'
			})
		);
		// as `use:enhance` posts it: the page shows the sentence, not "Internal Error"
		const text = await whileLocked('a Code42 cost saved (enhanced form)', () =>
			post('/admin/settings?/cost', new URLSearchParams({ effectiveMonth: '2030-01', cost: '3' }), {
				'content-type': 'application/x-www-form-urlencoded',
				'x-sveltekit-action': 'true',
				accept: 'application/json'
			})
		);
		expect(JSON.parse(text)).toMatchObject({ type: 'error' });
		const db = new Database(serverDb, { readonly: true });
		const saved = db
			.prepare("SELECT count(*) AS n FROM settings WHERE effective_month = '2030-01'")
			.get();
		db.close();
		expect(saved).toEqual({ n: 0 });
	});

	it('a hand link made while the database is locked answers 503 and a sentence', async () => {
		const db = new Database(serverDb, { readonly: true });
		const { nodename } = db.prepare('SELECT nodename FROM charges LIMIT 1').get() as {
			nodename: string;
		};
		const { uid } = db
			.prepare(
				'SELECT device_uid AS uid FROM device_rows GROUP BY device_uid HAVING count(DISTINCT device_name) = 1 LIMIT 1'
			)
			.get() as { uid: string };
		db.close();
		await whileLocked('a hand link', () => form('/admin/links?/add', { nodename, device: uid }));
	});

	it('a sign-in (which writes a session) while the database is locked answers 503', async () => {
		await whileLocked('a sign-in', () => form('/login?/signIn', ADMIN, ''));
	});

	it('an undo while the database is locked answers 503 and a sentence', async () => {
		const db = new Database(serverDb, { readonly: true });
		const { id } = db
			.prepare("SELECT max(id) AS id FROM imports WHERE status = 'imported'")
			.get() as { id: number };
		db.close();
		await whileLocked('an undo', () =>
			form('/imports?/undo', { id: String(id), confirmed: 'yes' })
		);
		const after = new Database(serverDb, { readonly: true });
		expect(after.prepare('SELECT status FROM imports WHERE id = ?').get(id)).toEqual({
			status: 'imported'
		});
		after.close();
	});
});
