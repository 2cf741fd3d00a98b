// Screenshots of pages of a running dashboard, for the README and for looking at what we build:
//   npx tsx scripts/screenshot.ts http://localhost:3000/ docs/overview.png [--dark] [--width 1280]
// Signs in first through /login when SCREENSHOT_EMAIL and SCREENSHOT_PASSWORD are set.
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { findChromium, launchOptions, NO_CHROMIUM } from './chromium';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		dark: { type: 'boolean', default: false },
		width: { type: 'string', default: '1280' },
		full: { type: 'boolean', default: true }
	}
});
const [url, out] = positionals;
if (!url || !out) {
	console.error('Usage: npx tsx scripts/screenshot.ts URL FILE.png [--dark] [--width N]');
	process.exit(2);
}
const found = findChromium();
if (!found) {
	console.error(NO_CHROMIUM);
	process.exit(1);
}
const browser = await chromium.launch(
	launchOptions(found, ['--disable-background-networking', '--disable-component-update'])
);
const page = await browser.newPage({
	viewport: { width: Number(values.width), height: 900 },
	colorScheme: values.dark ? 'dark' : 'light'
});
const { SCREENSHOT_EMAIL: email, SCREENSHOT_PASSWORD: password } = process.env;
if (email && password) {
	await page.goto(new URL('/login', url).href);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: values.full });
await browser.close();
console.log(`Wrote ${out}`);
