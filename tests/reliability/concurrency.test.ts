// Two imports at once, from two command lines (and, with RELIABILITY_URL set to a running
// production server, the command line and the browser's upload endpoint): both land, one after
// the other, each whole; nothing answers 500 while the database is busy.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { writeInventory } from './files';
import { inspect, runScript } from './processes';

const ROWS = 100_000;
let dir: string;
let database: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'concurrency-'));
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

// The server must be started on this same database file: RELIABILITY_DATABASE names it.
const server = process.env.RELIABILITY_URL;
const serverDb = process.env.RELIABILITY_DATABASE;

it.skipIf(!server || !serverDb)(
	'a command-line import and a browser upload at once both land; no 500',
	async () => {
		const a = join(dir, 'cli.csv');
		const b = join(dir, 'browser.csv');
		await writeInventory(a, ROWS, 'CLIRUN');
		await writeInventory(b, ROWS, 'UPLOAD');
		const cli = runScript('import.ts', ['--json', a], serverDb!);
		const upload = fetch(`${server}/imports/upload?name=browser.csv`, {
			method: 'POST',
			headers: {
				'content-type': 'text/csv',
				origin: server!,
				cookie: process.env.RELIABILITY_COOKIE ?? ''
			},
			body: readFileSync(b)
		});
		const [cliDone, response] = await Promise.all([cli.exited, upload]);
		const body = await response.text();
		expect(cliDone.code, cli.stderr()).toBe(0);
		expect(response.status, body).toBe(200);
		expect(JSON.parse(body).outcome.status).toBe('imported');
		expect(inspect(serverDb!, 'CLIRUN').rows).toBe(ROWS);
		expect(inspect(serverDb!, 'UPLOAD').rows).toBe(ROWS);
	}
);

it.skipIf(!server || !serverDb)(
	'an upload while another process holds the write lock past the busy timeout is not a 500',
	async () => {
		const { default: Database } = await import('better-sqlite3');
		const holder = new Database(serverDb!);
		holder.exec('BEGIN IMMEDIATE');
		const release = setTimeout(() => holder.exec('COMMIT'), 12_000);
		try {
			const body = `Computer Name,Department,OS,Last Seen\nBUSY-PC${Date.now() % 1e6},ANSC,Windows 10,2020-11-30\n`;
			const response = await fetch(`${server}/imports/upload?name=busy.csv`, {
				method: 'POST',
				headers: {
					'content-type': 'text/csv',
					origin: server!,
					cookie: process.env.RELIABILITY_COOKIE ?? ''
				},
				body
			});
			const text = await response.text();
			// landing after the lock is freed (200) or "busy, try again" (503) with a sentence: never 500
			expect(response.status, text).not.toBe(500);
			if (response.status !== 200) {
				expect(response.status).toBe(503);
				expect((JSON.parse(text) as { message: string }).message.length).toBeGreaterThan(20);
			}
		} finally {
			clearTimeout(release);
			if (holder.inTransaction) holder.exec('COMMIT');
			holder.close();
		}
	}
);
