// `npx tsx scripts/load-test.ts [--url http://127.0.0.1:4173] [--readers 50] [--seconds 30]
//   [--database FILE --rows 150000] [--paths /,/savings,/imports] [--timeout 60]`
// N readers fetch the dashboard's pages in a loop for S seconds against a local production server
// while, when --database names the server's database file, the import CLI writes a generated
// inventory of --rows computers into it. Every answer must be 2xx/3xx: any 5xx, network error or
// timeout (--timeout seconds per request) fails the run (exit 1). Prints counts and latencies; RELIABILITY.md records a run.
// Only 127.0.0.1/localhost: this is a test of our own server, never of someone else's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeInventory } from '../tests/reliability/files';

const { values } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://127.0.0.1:4173' },
		readers: { type: 'string', default: '50' },
		seconds: { type: 'string', default: '30' },
		database: { type: 'string' },
		rows: { type: 'string', default: '150000' },
		paths: { type: 'string', default: '/,/savings,/imports,/healthz' },
		timeout: { type: 'string', default: '60' },
		cookie: { type: 'string', default: process.env.LOAD_TEST_COOKIE ?? '' }
	}
});

const base = new URL(values.url!);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
	console.error(`--url must be a local server (127.0.0.1), not ${base.hostname}.`);
	process.exit(2);
}
const readers = Math.min(200, Math.max(1, Number(values.readers)));
const seconds = Math.min(600, Math.max(1, Number(values.seconds)));
const rows = Math.min(2_000_000, Math.max(1, Number(values.rows)));
const timeoutMs = Math.min(300, Math.max(1, Number(values.timeout))) * 1000;
const paths = values.paths!.split(',').filter((p) => p.startsWith('/'));
if (!Number.isFinite(readers) || !Number.isFinite(seconds) || paths.length === 0) {
	console.error('--readers and --seconds take numbers; --paths a comma-separated list of /paths.');
	process.exit(2);
}

const latencies: number[] = [];
const statuses = new Map<string, number>();
const failures: string[] = [];
const deadline = Date.now() + seconds * 1000;

async function reader(index: number): Promise<void> {
	// bounded: at most one request in flight per reader, and the loop ends at the deadline
	for (let i = index; Date.now() < deadline; i++) {
		const path = paths[i % paths.length];
		const started = performance.now();
		try {
			const response = await fetch(new URL(path, base), {
				headers: { cookie: values.cookie! },
				redirect: 'manual',
				signal: AbortSignal.timeout(timeoutMs)
			});
			await response.arrayBuffer();
			latencies.push(performance.now() - started);
			const key = `${response.status}`;
			statuses.set(key, (statuses.get(key) ?? 0) + 1);
			if (response.status >= 500) failures.push(`${path}: ${response.status}`);
		} catch (error) {
			failures.push(`${path}: ${(error as Error).message}`);
		}
	}
}

let importResult: Promise<string> = Promise.resolve('no import (give --database to run one)');
let dir: string | undefined;
if (values.database) {
	dir = mkdtempSync(join(tmpdir(), 'load-test-'));
	const file = join(dir, `load-test-${Date.now()}.csv`);
	await writeInventory(file, rows, `LOAD${Date.now() % 100000}`);
	const started = Date.now();
	const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/import.ts', file], {
		env: { ...process.env, DATABASE_URL: values.database },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	importResult = new Promise((done) =>
		child.on('exit', (code) =>
			done(
				`import of ${rows} rows: exit ${code} after ${Date.now() - started} ms: ${output.trim().split('\n')[0]}`
			)
		)
	);
}

console.log(`${readers} readers for ${seconds} s against ${base.origin} (${paths.join(' ')})`);
await Promise.all(Array.from({ length: readers }, (_, i) => reader(i)));
const imported = await importResult;
if (dir) rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
	Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
console.log(
	`${latencies.length} answers (${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}), ` +
		`${(latencies.length / seconds).toFixed(0)}/s; latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`
);
console.log(imported);
if (failures.length > 0) {
	console.error(`${failures.length} failures, e.g. ${failures.slice(0, 5).join('; ')}`);
	process.exit(1);
}
if (values.database && !/exit 0/.test(imported)) process.exit(1);
console.log('No errors.');
