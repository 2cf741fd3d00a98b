// Charts are drawn before anyone scrolls to them: in an idle moment after the page's load, every
// chart off screen is drawn too, so that a full-page screenshot (or a page saved from the
// browser) shows each of them. On a phone, where most charts are below the fold.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
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
			const clip = await canvas.evaluate((c) => {
				const r = c.getBoundingClientRect();
				return { x: r.left, y: r.top + scrollY, width: r.width, height: r.height };
			});
			const columns = await columnBrightness(
				browser,
				await page.screenshot({ fullPage: true, clip })
			);
			expect(Math.max(...columns) - Math.min(...columns)).toBeGreaterThan(30);
			expect(await paintedPixels(canvas)).toBeGreaterThan(1000);
		}
		const axe = await new AxeBuilder({ page }).analyze();
		const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	});
}
