// `npm test` runs this first: the end-to-end tests need a Chromium that Playwright can drive
// (scripts/chromium.ts says where one is looked for). When none runs, and we are root on a machine
// with apt, Debian's is installed; otherwise this stops with one sentence, before anything is built.
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, launchOptions, NO_CHROMIUM } from './chromium';

function installDebianChromium(): boolean {
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
	console.log("No Chromium runs here: installing Debian's (apt-get install chromium)…");
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', 'chromium']
	]) {
		if (spawnSync('apt-get', args, { env, stdio: 'inherit' }).status !== 0) return false;
	}
	return true;
}

let found = findChromium();
if (!found && installDebianChromium()) found = findChromium();
if (!found) {
	console.error(NO_CHROMIUM);
	process.exit(1);
}

// it runs; now check that Playwright can drive it, as the tests will
try {
	const browser = await chromium.launch(launchOptions(found));
	const page = await browser.newPage();
	await page.setContent('<p>ready</p>');
	console.log(`End-to-end tests run in ${found.source}, version ${browser.version()}.`);
	await browser.close();
} catch (e) {
	const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
	console.error(
		`Playwright cannot drive ${found.source} (${found.executablePath}): ${reason}. ${NO_CHROMIUM}`
	);
	process.exit(1);
}
