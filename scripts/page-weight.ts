// What a page costs a browser to load: every script and stylesheet Chromium fetched for it until
// the network was idle, each gzipped (level 9) and summed. One count for `npm run bench` (at campus
// scale) and for the overview's budget in `npm test` (tests/e2e/overview.spec.ts): it follows
// whatever the page really loads, hydrated or not, including a chunk it loads on its own (Chart.js
// for a chart on screen).
import type { Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
	/** the files' paths, each with its gzipped bytes */
	files: { path: string; type: 'script' | 'stylesheet'; gzipBytes: number }[];
	jsBytes: number;
	cssBytes: number;
	totalBytes: number;
}

export async function pageWeight(page: Page, url: string): Promise<PageWeight> {
	const files: PageWeight['files'] = [];
	const pending: Promise<void>[] = [];
	const record = (response: import('@playwright/test').Response) => {
		const type = response.request().resourceType();
		if (type !== 'script' && type !== 'stylesheet') return;
		pending.push(
			response.body().then((body) => {
				files.push({
					path: new URL(response.url()).pathname,
					type,
					gzipBytes: gzipSync(body, { level: 9 }).length
				});
			})
		);
	};
	page.on('response', record);
	try {
		await page.goto(url, { waitUntil: 'networkidle' });
		await Promise.all(pending);
	} finally {
		page.off('response', record);
	}
	const sum = (type: string) =>
		files.filter((f) => f.type === type).reduce((s, f) => s + f.gzipBytes, 0);
	const jsBytes = sum('script');
	const cssBytes = sum('stylesheet');
	return { files, jsBytes, cssBytes, totalBytes: jsBytes + cssBytes };
}
