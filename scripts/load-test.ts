// `npm run load-test -- [--readers 50] [--seconds 30] [--file CSV | --rows 150000] [--from DB]
//   [--port 4381] [--build-dir tmp/load-test/build [--skip-build]] [--no-import]
//   [--paths /,/savings,/imports,/healthz]
//   [--timeout 60] [--url http://127.0.0.1:PORT --database FILE --cookie C]`
// Issue 8's "50 concurrent readers for 30 s during an import get no errors". By default it starts
// its own production server: the build in --build-dir (built when missing or older than the
// sources), on 127.0.0.1:--port, over tmp/load-test/dashboard.db, a fresh database with the
// sample data or a copy of --from (e.g. bench/work/scale-1.db: copied, never written), and signs
// in as an administrator. Then N readers each fetch the pages one request at a time, for S
// seconds, while the import CLI writes --file (e.g. bench/work/code42-200000.csv) or a generated
// inventory of --rows computers into the same database. Every answer must be 2xx: a redirect,
// 4xx, 5xx, network error or timeout (--timeout seconds per request) fails the run (exit 1), and
// so does an import that does not land. --url runs against a server already running (with
// --database naming its file for the import, and --cookie a signed-in session).
// Only 127.0.0.1/localhost: this is a test of our own server, never of someone else's.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { loadSamples } from '../src/lib/server/imports/samples';
import { writeInventory } from '../tests/reliability/files';
import { TSX } from '../tests/reliability/processes';
import { buildIfStale, startServer, type ProductionServer } from '../tests/reliability/server';

const { values } = parseArgs({
	options: {
		url: { type: 'string' },
		database: { type: 'string' },
		cookie: { type: 'string', default: process.env.LOAD_TEST_COOKIE ?? '' },
		from: { type: 'string' },
		port: { type: 'string', default: '4381' },
		'build-dir': { type: 'string', default: 'tmp/load-test/build' },
		readers: { type: 'string', default: '50' },
		seconds: { type: 'string', default: '30' },
		file: { type: 'string' },
		rows: { type: 'string', default: '150000' },
		'no-import': { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		paths: { type: 'string', default: '/,/savings,/imports,/healthz' },
		timeout: { type: 'string', default: '60' }
	}
});

function usage(message: string): never {
	console.error(message);
	process.exit(2);
}

const readers = Math.min(200, Math.max(1, Number(values.readers)));
const seconds = Math.min(600, Math.max(1, Number(values.seconds)));
const rows = Math.min(2_000_000, Math.max(1, Number(values.rows)));
const timeoutMs = Math.min(300, Math.max(1, Number(values.timeout))) * 1000;
const port = Number(values.port);
const paths = values.paths!.split(',').filter((p) => p.startsWith('/'));
if (![readers, seconds, rows, timeoutMs, port].every(Number.isFinite) || paths.length === 0) {
	usage(
		'--readers, --seconds, --rows, --timeout and --port take numbers; --paths a comma-separated list of /paths.'
	);
}

let server: ProductionServer | undefined;
let base: URL;
let cookie = values.cookie!;
let database = values.database;
if (values.url) {
	base = new URL(values.url);
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
		usage(`--url must be a local server (127.0.0.1), not ${base.hostname}.`);
	}
} else {
	const dir = resolve('tmp/load-test');
	mkdirSync(dir, { recursive: true });
	database = join(dir, 'dashboard.db');
	for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
	if (values.from) {
		copyFileSync(values.from, database);
		openDatabase(database).$client.close();
	} else {
		const db = openDatabase(database);
		loadSamples(db);
		db.$client.close();
	}
	if (!values['skip-build']) buildIfStale(resolve(values['build-dir']!));
	server = await startServer({ buildDir: resolve(values['build-dir']!), port, database });
	base = new URL(server.origin);
	cookie = server.cookie;
}

const latencies: number[] = [];
const statuses = new Map<string, number>();
const failures: string[] = [];

async function reader(index: number, deadline: number): Promise<void> {
	// bounded: one request in flight per reader, and the loop ends at the deadline
	for (let i = index; Date.now() < deadline; i++) {
		const path = paths[i % paths.length];
		const started = performance.now();
		try {
			const response = await fetch(new URL(path, base), {
				headers: { cookie },
				redirect: 'manual',
				signal: AbortSignal.timeout(timeoutMs)
			});
			await response.arrayBuffer();
			latencies.push(performance.now() - started);
			const key = `${response.status}`;
			statuses.set(key, (statuses.get(key) ?? 0) + 1);
			if (response.status < 200 || response.status > 299) {
				failures.push(`${path}: ${response.status} ${response.headers.get('location') ?? ''}`);
			}
		} catch (error) {
			const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
			failures.push(
				`${path}: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`
			);
		}
	}
}

// the pages' first answer after the server starts fills their cache: not what is measured
for (const path of paths) await fetch(new URL(path, base), { headers: { cookie } });

let importResult: Promise<{ ok: boolean; line: string; endedAt: number }> = Promise.resolve({
	ok: true,
	line: 'no import (--no-import, or --url without --database)',
	endedAt: 0
});
let scratch: string | undefined;
if (database && !values['no-import']) {
	let file = values.file;
	if (!file) {
		scratch = mkdtempSync(join(tmpdir(), 'load-test-'));
		file = join(scratch, `load-test-${Date.now()}.csv`);
		await writeInventory(file, rows, `LOAD${Date.now() % 100000}`);
	}
	const started = Date.now();
	const child = spawn(TSX, ['scripts/import.ts', file], {
		env: { ...process.env, DATABASE_URL: database },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	importResult = new Promise((done) =>
		child.on('exit', (code) =>
			done({
				ok: code === 0,
				endedAt: Date.now(),
				line: `import of ${file}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s: ${output.trim().split('\n')[0]}`
			})
		)
	);
}

const load = loadavg()
	.map((l) => l.toFixed(2))
	.join(' ');
console.log(
	`${readers} readers for ${seconds} s against ${base.origin} (${paths.join(' ')}); load average ${load}`
);
const deadline = Date.now() + seconds * 1000;
await Promise.all(Array.from({ length: readers }, (_, i) => reader(i, deadline)));
const readingStarted = deadline - seconds * 1000;
const imported = await importResult;
if (scratch) rmSync(scratch, { recursive: true, force: true });
const serverErrors = server?.stderr().trim() ?? '';
await server?.stop();

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
	Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
console.log(
	`${latencies.length} answers (${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}), ` +
		`${(latencies.length / seconds).toFixed(1)}/s; latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`
);
const during = imported.endedAt - readingStarted;
console.log(
	imported.line +
		(imported.endedAt === 0
			? ''
			: during < seconds * 1000
				? ` (ended ${(during / 1000).toFixed(1)} s into the ${seconds} s of reading)`
				: ' (ran through all the reading)')
);
if (serverErrors) console.log(`the server logged:\n${serverErrors.slice(0, 2000)}`);
if (failures.length > 0) {
	console.error(`${failures.length} failures, e.g. ${failures.slice(0, 5).join('; ')}`);
	process.exit(1);
}
if (!imported.ok) process.exit(1);
console.log('No errors.');
