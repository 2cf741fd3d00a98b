import { expect, type Page } from '@playwright/test';

/**
 * Opens a page and waits until its script runs (the root layout marks <html data-started>):
 * before that, a button with a confirm dialog posts its form without one, and the server asks
 * on the page instead (src/lib/ask-first.ts).
 */
export async function openStarted(page: Page, path: string) {
	await page.goto(path);
	await expect(page.locator('html[data-started]')).toHaveCount(1);
}
