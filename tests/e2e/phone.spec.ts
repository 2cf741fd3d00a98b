// Every page on the narrowest phone still in use (320 CSS pixels): the page never scrolls sideways.
// A table wider than the screen scrolls in its own box; a list of long department names shows its
// choice cut short. Checked on each page an administrator can open, with the sample data.
import { expect, test } from '@playwright/test';

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
