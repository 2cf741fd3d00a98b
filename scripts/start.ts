// `npm start`: build when the sources are newer than the build, migrate, load the sample data into
// an empty database, and serve. One command for a newcomer; the pieces are plain functions so the
// e2e server (tests/e2e) starts the same way.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { databasePath, openDatabase } from '../src/lib/server/db';
import { uploadLimitMb } from '../src/lib/server/imports/history';
import { loadSamples } from '../src/lib/server/imports/samples';
import { buildIsStale } from './stale-build';
import { SERVER_NODE_ARGS } from './server-node';

const args = new Set(process.argv.slice(2));

const buildDir = process.env.BUILD_DIR ?? 'build';

function buildIfStale(): void {
	if (!buildIsStale(buildDir)) return;
	console.log('Building the dashboard (first start or changed sources)…');
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!args.has('--no-build')) buildIfStale();

if (args.has('--fresh')) {
	// a throwaway database for the end-to-end tests
	const path = databasePath();
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

const db = openDatabase();
const loaded = loadSamples(db);
if (loaded > 0) console.log(`Loaded ${loaded} sample files into ${databasePath()}.`);
const { users } = db.$client.prepare('SELECT count(*) AS users FROM user').get() as {
	users: number;
};
db.$client.close();

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '0.0.0.0';
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KB by default); uploads stream up
// to UPLOAD_LIMIT_MB, which the upload endpoint enforces with its own sentence.
const bodyLimit = process.env.BODY_SIZE_LIMIT ?? `${Math.ceil(uploadLimitMb()) + 1}M`;
// Node closes a keep-alive connection idle for 5 s by default. While a page's figures are being
// recomputed (seconds, after an import) the event loop is busy; when it frees, that timer fires
// before a request already sent on the connection is read, and the client sees ECONNRESET (found
// by the load test, RELIABILITY.md). 65 s, above common proxies' 60 s idle, makes that rare.
const keepAlive = process.env.KEEP_ALIVE_TIMEOUT ?? '65';
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, join(buildDir, 'index.js')], {
	stdio: 'inherit',
	env: {
		...process.env,
		PORT: port,
		HOST: host,
		ORIGIN: origin,
		BODY_SIZE_LIMIT: bodyLimit,
		KEEP_ALIVE_TIMEOUT: keepAlive,
		// Node's advice: the headers timeout above the keep-alive timeout
		HEADERS_TIMEOUT: process.env.HEADERS_TIMEOUT ?? String(Number(keepAlive) + 1)
	}
});
console.log(`Backup rollout dashboard: ${origin}`);
if (users === 0) {
	console.log(
		`No one can sign in yet: open ${origin} to create the first administrator ` +
			'(or: npm run users -- add --email E --password P --role admin).'
	);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
