// The production build's answers carry the security headers (RELIABILITY.md, "Headers"): a
// Content-Security-Policy from kit.csp with frame-ancestors 'none', nosniff, a referrer policy;
// SvelteKit's CSRF origin check refuses a cross-site form post; the pages run and the charts draw
// under the policy with no violation; an upload past the limit gets 413 and a sentence.
import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { paintedPixels } from './charts';

const PORT = Number(process.env.E2E_PORT ?? 4173);

test('every answer carries the security headers', async ({ request }) => {
	for (const path of ['/', '/healthz', '/imports', '/savings']) {
		const response = await request.get(path, { maxRedirects: 0 });
		const headers = response.headers();
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
		if ((headers['content-type'] ?? '').startsWith('text/html')) {
			const csp = headers['content-security-policy'] ?? '';
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).toContain("object-src 'none'");
			expect(csp, path).toMatch(/script-src 'self'( 'nonce-[^']+'| 'sha256-[^']+')*(;|$)/);
			expect(csp, path).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
		}
	}
});

test('a cross-site form post is refused by the CSRF origin check', async ({ request }) => {
	const response = await request.post('/imports', {
		headers: {
			origin: 'https://evil.example',
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: 'x=1',
		maxRedirects: 0
	});
	expect(response.status()).toBe(403);
	expect(await response.text()).toMatch(/Cross-site .* forbidden/i);
});

test('the pages run and the charts draw under the policy, with no violation', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
	});
	await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			(window as unknown as { reportViolation: (v: string) => void }).reportViolation(
				`${e.violatedDirective} ${e.blockedURI}`
			)
		);
	});
	for (const path of ['/', '/savings', '/imports']) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		const canvases = page.locator('canvas');
		// the overview has charts, unless sign-in sent this browser to /login or /setup
		if (path === '/' && !/\/(login|setup)/.test(page.url())) {
			expect(await canvases.count()).toBeGreaterThan(0);
		}
		// a drawn chart has pixels: Chart.js ran (script) and styled its canvas (style) under the CSP;
		// a chart draws when it comes on screen (Chart.svelte)
		for (const canvas of await canvases.all()) {
			await canvas.scrollIntoViewIfNeeded();
			const drawn = async () => (await paintedPixels(canvas)) > 0;
			await expect.poll(drawn, { message: `${path}: a chart did not draw` }).toBe(true);
		}
	}
	expect(violations).toEqual([]);
});

test('an upload past the limit is answered 413 with a sentence, at once', async ({ context }) => {
	// announce 10 GB, send a little: the endpoint must answer from the length, not read it all;
	// as the signed-in administrator, so that the limit and not the sign-in is what answers
	const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ');
	expect(cookie).not.toBe('');
	const started = Date.now();
	const { status, body } = await new Promise<{ status: number; body: string }>((done, fail) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: PORT,
				method: 'POST',
				path: '/imports/upload?name=huge.csv',
				headers: {
					'content-type': 'text/csv',
					'content-length': String(10 * 1024 ** 3),
					origin: `http://127.0.0.1:${PORT}`,
					cookie
				}
			},
			(res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', fail);
		req.write('Computer Name,Department,OS,Last Seen\n');
	});
	expect(Date.now() - started).toBeLessThan(10_000);
	expect(status).toBe(413);
	const message = body.startsWith('{') ? (JSON.parse(body) as { message: string }).message : body;
	expect(message).toMatch(/larger than the upload limit of \d+ MB|limit/i);
});
