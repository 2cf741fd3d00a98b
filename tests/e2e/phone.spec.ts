// Every page on the narrowest phone still in use (320 CSS pixels): the page never scrolls sideways.
// A table wider than the screen scrolls in its own box, with a shadow on the side where it goes on;
// a list of long department names shows its choice cut short. Checked on each page an
// administrator can open, with the sample data.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { columnBrightness } from './pixels';

const PAGES = [
	'/',
	'/departments',
	'/departments/ANSC',
	'/health',
	'/savings',
	'/savings?department=ANSC',
	'/savings/turn-off',
	'/imports',
	'/unassigned',
	'/admin',
	'/admin/users',
	'/admin/sso',
	'/admin/links',
	'/admin/settings',
	'/admin/health',
	'/admin/audit'
];

test.use({ viewport: { width: 320, height: 640 } });

test('no page is wider than a 320-pixel phone', async ({ page }) => {
	const wider: string[] = [];
	for (const path of PAGES) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(200);
		// the widest thing on the page, named, so a failure says what to mend
		const widest = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			let found: { right: number; what: string } | null = null;
			for (const element of document.body.querySelectorAll('*')) {
				const right = element.getBoundingClientRect().right;
				if (right <= width + 1 || right <= (found?.right ?? 0)) continue;
				// inside a box that scrolls or clips, it widens that box and not the page
				let clipped = false;
				for (let parent = element.parentElement; parent; parent = parent.parentElement) {
					if (getComputedStyle(parent).overflowX !== 'visible') clipped = true;
				}
				if (!clipped) found = { right, what: `<${element.tagName.toLowerCase()}>` };
			}
			return {
				scrollWidth: document.documentElement.scrollWidth,
				width,
				// else an absolutely positioned element whose containing block is outside its scroller
				what: found?.what ?? 'an element placed outside its scrolling box'
			};
		});
		if (widest.scrollWidth > widest.width) {
			wider.push(`${path}: ${widest.scrollWidth} px wide, ${widest.what}`);
		}
	}
	expect(wider).toEqual([]);
});

test('on a phone, a table wider than the screen shows that it scrolls sideways', async ({
	page,
	browser
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/departments');
	const boxes = page.locator('.table-scroll');
	const wide = await boxes.evaluateAll((all) =>
		all.findIndex((box) => box.scrollWidth > box.clientWidth + 20)
	);
	expect(wide, 'a table wider than its box on /departments').toBeGreaterThanOrEqual(0);
	const box = boxes.nth(wide);
	await box.scrollIntoViewIfNeeded();

	// the brightness of its leftmost and rightmost few pixels, as the screen shows them
	const edges = async () => {
		const columns = await columnBrightness(browser, await box.screenshot());
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		return { left: mean(columns.slice(0, 4)), right: mean(columns.slice(-4)) };
	};
	// at the start, a shadow on the right edge only, where the table goes on
	const start = await edges();
	expect(start.right).toBeLessThan(start.left - 10);
	// scrolled to the end, on the left only
	await box.evaluate((b) => (b.scrollLeft = b.scrollWidth));
	const end = await edges();
	expect(end.left).toBeLessThan(end.right - 10);
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
