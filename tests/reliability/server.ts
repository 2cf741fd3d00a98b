// A production server of our own for the reliability tests and the load test: the adapter-node
// build in a private BUILD_DIR inside the checkout (tmp/ is git-ignored), on its own port and
// database, with an administrator signed in. Built once when the build is missing or older than
// the sources, so that other engineers' builds (build/, .svelte-kit/) are never touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addAdministrator, signIn as signInAs } from '../../scripts/administrator';
import { buildIsStale } from '../../scripts/stale-build';
import { TSX } from './processes';

export const ADMIN = { email: 'reliability@example.edu', password: 'reliability-password-0123' };

export interface ProductionServer {
	origin: string;
	database: string;
	/** The signed-in administrator's session cookie. */
	cookie: string;
	child: ChildProcess;
	/** What the server wrote to stderr (its logged errors). */
	stderr: () => string;
	stop: () => Promise<void>;
}

/** Builds into `buildDir` (with its own KIT_OUT_DIR beside it) when the sources are newer. */
export function buildIfStale(buildDir: string): void {
	const output = join(buildDir, 'index.js');
	// to test a build made elsewhere (an older commit's) as it is
	if (process.env.RELIABILITY_SKIP_BUILD && existsSync(output)) return;
	if (!buildIsStale(buildDir)) return;
	const started = Date.now();
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
		env: { ...process.env, BUILD_DIR: buildDir, KIT_OUT_DIR: `${buildDir}-kit` },
		encoding: 'utf8'
	});
	if (result.status !== 0) {
		throw new Error(`the production build into ${buildDir} failed:\n${result.stderr}`);
	}
	console.log(`built ${buildDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Adds the administrator to `database` (migrating it), unless they exist. */
export function addAdmin(database: string): void {
	const problem = addAdministrator(database, ADMIN);
	if (problem) throw new Error(`npm run users -- add failed: ${problem}`);
}

export async function signIn(origin: string): Promise<string> {
	const { cookie, status } = await signInAs(origin, ADMIN);
	if (!cookie) throw new Error(`signing in answered ${status} without a cookie`);
	return cookie;
}

/**
 * Starts `buildDir`'s server on 127.0.0.1:`port` over `database` (which must exist, migrated),
 * waits for /healthz, and signs in. `env` adds to the server's environment (UPLOAD_LIMIT_MB…).
 */
export async function startServer(options: {
	buildDir: string;
	port: number;
	database: string;
	env?: Record<string, string>;
}): Promise<ProductionServer> {
	const { buildDir, port } = options;
	const database = resolve(options.database);
	const origin = `http://127.0.0.1:${port}`;
	addAdmin(database);
	// through `npm start`'s own script, so the server runs with the settings it gives production
	const child = spawn(TSX, ['scripts/start.ts', '--no-build'], {
		env: {
			...process.env,
			BUILD_DIR: buildDir,
			DATABASE_URL: database,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			...options.env
		},
		// its own process group: stopping it stops tsx, start.ts and the server together
		detached: true,
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (d) => (stderr += d));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((done) => child.once('exit', done));
		const group = (signal: NodeJS.Signals) => {
			try {
				process.kill(-child.pid!, signal);
			} catch {
				// already gone
			}
		};
		group('SIGTERM');
		// adapter-node waits for requests in flight; a page that takes seconds is not waited for
		const timer = setTimeout(() => group('SIGKILL'), 3000);
		await exited;
		clearTimeout(timer);
	};
	try {
		for (let i = 0; ; i++) {
			if (child.exitCode !== null) throw new Error(`the server exited while starting: ${stderr}`);
			if (i > 600) throw new Error(`the server did not answer /healthz in 60 s: ${stderr}`);
			try {
				if ((await fetch(`${origin}/healthz`)).ok) break;
			} catch {
				// not listening yet
			}
			await new Promise((done) => setTimeout(done, 100));
		}
		const cookie = await signIn(origin);
		return { origin, database, cookie, child, stderr: () => stderr, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
