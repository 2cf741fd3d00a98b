// Charts are drawn before anyone scrolls to them: in an idle moment after the page's load, every
// chart off screen is drawn too, so that a full-page screenshot (or a page saved from the
// browser) shows each of them. On a phone, where most charts are below the fold.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { paintedPixels } from './charts';
import { columnBrightness } from './pixels';

const SHOTS = process.env.E2E_SHOTS;

// the pages with charts, each with how many it draws on the sample data
const PAGES: [path: string, charts: number][] = [
	['/', 2],
	['/departments/ANSC', 1],
	['/health', 1],
	['/savings', 3],
	['/savings?department=ANSC', 3]
];

test.use({ viewport: { width: 390, height: 844 } });

/**
 * How much the brightness varies across what a full-page screenshot shows of `part`: 0 for a
 * blank surface.
 */
async function contrastInScreenshot(page: Page, browser: Browser, part: Locator) {
	const clip = await part.evaluate((element) => {
		const r = element.getBoundingClientRect();
		return { x: r.left, y: r.top + scrollY, width: r.width, height: r.height };
	});
	const columns = await columnBrightness(browser, await page.screenshot({ fullPage: true, clip }));
	return Math.max(...columns) - Math.min(...columns);
}

for (const [path, charts] of PAGES) {
	test(`${path}: a full-page screenshot shows every chart, none scrolled to`, async ({
		page,
		browser
	}) => {
		await page.goto(path);
		const canvases = page.locator('canvas');
		await expect(canvases).toHaveCount(charts);
		// the last chart is below the fold: nothing here scrolls (evaluate does not)
		expect(await canvases.last().evaluate((c) => c.getBoundingClientRect().top > innerHeight)).toBe(
			true
		);
		for (const canvas of await canvases.all()) {
			await expect.poll(() => paintedPixels(canvas), { timeout: 20_000 }).toBeGreaterThan(1000);
		}
		expect(await page.evaluate(() => scrollY)).toBe(0);
		await page.screenshot({
			fullPage: true,
			path: SHOTS ? `${SHOTS}/full-page${path.replace(/\W+/g, '-')}.png` : undefined
		});
		// the screenshot shows them: each chart's area of the page is not a blank surface
		for (const canvas of await canvases.all()) {
			expect(await contrastInScreenshot(page, browser, canvas)).toBeGreaterThan(30);
			expect(await paintedPixels(canvas)).toBeGreaterThan(1000);
		}
		const axe = await new AxeBuilder({ page }).analyze();
		const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	});
}

test('/: a full-page screenshot shows the departments table, laid out after the load', async ({
	page,
	browser
}) => {
	await page.goto('/');
	// below the fold, and laid out only near the screen until the page's idle moment
	const table = page.locator('table[aria-labelledby="departments-heading"]');
	expect(await table.evaluate((t) => t.getBoundingClientRect().top > innerHeight)).toBe(true);
	await expect
		.poll(() => contrastInScreenshot(page, browser, table), { timeout: 20_000 })
		.toBeGreaterThan(30);
	expect(await page.evaluate(() => scrollY)).toBe(0);
});
