// The Chromium that the end-to-end tests, the screenshots and the benchmark drive, found without
// downloading anything, in this order:
// 1. CHROMIUM_PATH, when set: the person's own choice, used even if it turns out not to run;
// 2. a system Chromium or Chrome on the PATH (Debian's `chromium`, Chrome, …);
// 3. Playwright's own Chromium, if `npx playwright install` put one in its cache;
// 4. the Chromium inside the devDependency @sparticuz/chromium, a headless build shipped in the
//    npm package with the libraries (NSS) and a font it needs, so that `npm install` alone
//    brings a browser to a bare Linux x64 machine.
// A candidate counts when `--version` runs: it exists and its libraries load.
import { chromium, type LaunchOptions } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

export interface Chromium {
	/** where it came from, for the test log */
	source: string;
	executablePath: string;
	/** what it needs in its environment besides ours (the packaged one: its libraries, fonts) */
	env: Record<string, string>;
}

/** What `npm test` says when no Chromium can run and it cannot install one itself. */
export const NO_CHROMIUM =
	'No Chromium can run here for the end-to-end tests: install one with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium or Chrome) and run `npm test` again.';

/** The flags every launch uses: as root in a container there is no sandbox, and no GPU. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu'];

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
const CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '../node_modules/.cache/chromium');

type Env = Record<string, string | undefined>;

function runs(executablePath: string, env: Env): boolean {
	if (!existsSync(executablePath)) return false;
	const probe = spawnSync(executablePath, ['--version'], {
		env,
		stdio: 'ignore',
		timeout: 30_000
	});
	return probe.status === 0;
}

function system(env: Env): Chromium | null {
	const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
	for (const name of SYSTEM_NAMES) {
		for (const dir of dirs) {
			const path = join(dir, name);
			if (runs(path, env)) return { source: `the system's ${name}`, executablePath: path, env: {} };
		}
	}
	return null;
}

function playwrights(env: Env): Chromium | null {
	const path = chromium.executablePath();
	return runs(path, env)
		? { source: "Playwright's own Chromium", executablePath: path, env: {} }
		: null;
}

/**
 * The packaged Chromium, unpacked once into node_modules/.cache/chromium/VERSION. Not through the
 * package's own executablePath(): that one unpacks into /tmp/chromium, shared by every checkout
 * and version and written in place (a second run can start a half-written file), and unpacks the
 * NSS libraries only on Amazon Linux. Here a run unpacks into a folder of its own and renames it.
 */
export function packagedChromium(env: Env = process.env, cache = CACHE): Chromium | null {
	if (process.platform !== 'linux' || process.arch !== 'x64') return null;
	let bin: string;
	try {
		bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../../bin');
	} catch {
		return null;
	}
	const { version } = JSON.parse(readFileSync(join(bin, '../package.json'), 'utf8'));
	const dir = join(cache, version);
	const found: Chromium = {
		source: `Chromium ${version} from @sparticuz/chromium`,
		executablePath: join(dir, 'chromium'),
		env: {
			LD_LIBRARY_PATH: [join(dir, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
			FONTCONFIG_FILE: join(dir, 'fonts.conf')
		}
	};
	if (!existsSync(dir)) unpack(bin, dir);
	return runs(found.executablePath, { ...env, ...found.env }) ? found : null;
}

function unpack(bin: string, dir: string) {
	const partial = `${dir}.${process.pid}.partial`;
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	const inflate = (file: string) => brotliDecompressSync(readFileSync(join(bin, file)));
	writeFileSync(join(partial, 'chromium'), inflate('chromium.br'), { mode: 0o755 });
	// lib/: libnss3 and its kin, built for Amazon Linux and fine on Debian; fonts/: Open Sans
	for (const archive of ['al2023.tar.br', 'fonts.tar.br']) {
		const tar = spawnSync('tar', ['-x', '-C', partial], { input: inflate(archive) });
		if (tar.status !== 0) throw new Error(`Could not unpack ${archive}: ${tar.stderr}`);
	}
	// the system's fonts where there are any, and the packaged one always (its own fonts.conf
	// names /tmp/fonts only)
	writeFileSync(
		join(partial, 'fonts.conf'),
		`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
	<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
	<dir>${join(dir, 'fonts')}</dir>
	<cachedir>${join(dir, 'fontconfig')}</cachedir>
</fontconfig>
`
	);
	try {
		renameSync(partial, dir);
	} catch (e) {
		// another run unpacked it at the same time: keep theirs
		rmSync(partial, { recursive: true, force: true });
		if (!existsSync(dir)) throw e;
	}
}

/** The first Chromium that runs, in the order above; null when none does. */
export function findChromium(env: Env = process.env): Chromium | null {
	const path = env.CHROMIUM_PATH;
	if (path) return { source: 'CHROMIUM_PATH', executablePath: path, env: {} };
	return system(env) ?? playwrights(env) ?? packagedChromium(env);
}

/** Playwright's launch options for it, with our flags and any of its own. */
export function launchOptions(found: Chromium, args: string[] = []): LaunchOptions {
	return {
		executablePath: found.executablePath,
		args: [...CHROMIUM_ARGS, ...args],
		env: { ...process.env, ...found.env }
	};
}
