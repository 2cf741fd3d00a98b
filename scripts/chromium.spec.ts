import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, packagedChromium } from './chromium';

const dir = mkdtempSync(join(tmpdir(), 'chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder for the PATH holding stand-ins whose `--version` exits with the given status. */
function pathWith(name: string, browsers: Record<string, number>): string {
	const bin = join(dir, name);
	mkdirSync(bin);
	for (const [browser, status] of Object.entries(browsers)) {
		writeFileSync(join(bin, browser), `#!/bin/sh\nexit ${status}\n`, { mode: 0o755 });
	}
	return bin;
}

describe('findChromium', () => {
	it('takes CHROMIUM_PATH before any system browser', () => {
		const bin = pathWith('chosen', { chromium: 0 });
		const found = findChromium({ PATH: bin, CHROMIUM_PATH: '/opt/my/chrome' });
		expect(found).toEqual({ source: 'CHROMIUM_PATH', executablePath: '/opt/my/chrome', env: {} });
	});

	it('takes the first system browser on the PATH that runs, skipping one that does not', () => {
		const broken = pathWith('broken', { chromium: 127 });
		const chrome = pathWith('chrome', { 'google-chrome': 0 });
		const found = findChromium({ PATH: `${broken}:${chrome}` });
		expect(found?.executablePath).toBe(join(chrome, 'google-chrome'));
		expect(found?.source).toBe("the system's google-chrome");
	});
});

describe('packagedChromium', () => {
	// the real package: about 190 MB unpacked into a folder of this test's own
	it('unpacks the Chromium of @sparticuz/chromium with its libraries and fonts, and it runs', () => {
		const cache = join(dir, 'cache');
		const found = packagedChromium({ PATH: process.env.PATH }, cache);
		const { version } = JSON.parse(
			readFileSync('node_modules/@sparticuz/chromium/package.json', 'utf8')
		);
		expect(found?.executablePath).toBe(join(cache, version, 'chromium'));
		expect(existsSync(join(cache, version, 'lib', 'libnss3.so'))).toBe(true);
		expect(readFileSync(join(cache, version, 'fonts.conf'), 'utf8')).toContain(
			`<dir>${join(cache, version, 'fonts')}</dir>`
		);
		const run = spawnSync(found!.executablePath, ['--version'], {
			env: { ...process.env, ...found!.env },
			encoding: 'utf8'
		});
		expect(run.stdout).toMatch(new RegExp(`^Chromium ${version.split('.')[0]}\\.`));
	}, 120_000);
});
