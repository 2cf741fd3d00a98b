// The API for scripts, against the production build: an administrator creates tokens on the
// Admin page, a script posts a real billing export with one (imported, then a duplicate), a file
// that does not add up is refused, a missing or wrong token gets 401, a token of the wrong role
// 403, a file past the upload limit 413; the report answers with a token. The imported file is
// undone again, so the other specs still see the sample figures.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { openStarted } from './started';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const BILLING = readFileSync('tests/fixtures/ezbackup-billing.csv');
const BILLING_ROWS = BILLING.toString('utf8').trim().split(/\r?\n/).length - 1;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

async function createToken(page: Page, name: string, role: 'uploader' | 'leadership') {
	await openStarted(page, '/admin/tokens');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Role').selectOption(role);
	await page.getByRole('button', { name: 'Create token' }).click();
	const token = page.getByTestId('new-token');
	await expect(token).toHaveText(/^brd_\S{20,}$/);
	return (await token.textContent())!.trim();
}

/** A script's request (a context of its own: no cookie), with the token it is given. */
async function post(request: APIRequestContext, path: string, body: Buffer, token?: string) {
	return request.post(path, {
		data: body,
		headers: {
			'content-type': 'text/csv',
			...(token === undefined ? {} : { authorization: `Bearer ${token}` })
		}
	});
}

let uploader = '';
let leadership = '';

test('an administrator creates named tokens on the Admin page, each shown once', async ({
	page
}) => {
	uploader = await createToken(page, 'billing cron', 'uploader');
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	).toEqual([]);
	leadership = await createToken(page, 'board figures', 'leadership');
	expect(leadership).not.toBe(uploader);
	await page.reload();
	await expect(page.getByTestId('new-token')).toHaveCount(0);
	const row = page.getByRole('row', { name: /billing cron/ });
	await expect(row).toContainText('uploader');
	await expect(row).toContainText('never');
});

test('a script imports a month of billing, then the same file is a duplicate', async ({
	page,
	playwright
}) => {
	const script = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
	const name = 'ezbackup-billing-api.csv';
	const first = await post(script, `/api/v1/imports?name=${name}`, BILLING, uploader);
	expect(first.status()).toBe(200);
	const imported = await first.json();
	expect(imported).toMatchObject({
		file: name,
		kind: 'ezbackup-billing',
		status: 'imported',
		rows: BILLING_ROWS,
		errors: []
	});
	expect(Object.keys(imported).sort()).toEqual(
		['errors', 'file', 'inserted', 'kind', 'rows', 'status', 'unchanged', 'updated'].sort()
	);

	const again = await post(script, `/api/v1/imports?name=${name}`, BILLING, uploader);
	expect(again.status()).toBe(200);
	expect(await again.json()).toMatchObject({ file: name, status: 'duplicate', errors: [] });

	// the token's use is seen on the Admin page, and the import in the history as the token's
	await openStarted(page, '/admin/tokens');
	await expect(page.getByRole('row', { name: /billing cron/ })).not.toContainText('never');
	await openStarted(page, '/imports');
	const row = page.locator('tr[id^="import-"]').filter({ hasText: name }).first();
	await expect(row).toContainText('token:billing cron');
	const id = (await row.getAttribute('id'))!.replace('import-', '');
	page.once('dialog', (dialog) => dialog.accept());
	await row.getByRole('button', { name: `Undo import #${id}` }).click();
	await expect(row).toContainText('Undone');
	await script.dispose();
});

test('a file that does not add up is refused with 422 and its errors', async ({ playwright }) => {
	const script = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
	const header = BILLING.toString('utf8').split(/\r?\n/)[0];
	const wrong = Buffer.from(
		`${header}\n2020-03,IT-ABC1234,ANSC,ANSC-PC0042@ADSM4,9.4G,200.0M,9.6G,0.0M,5.50,0.00,9.99\n`
	);
	const answer = await post(script, '/api/v1/imports?name=wrong.csv', wrong, uploader);
	expect(answer.status()).toBe(422);
	const refused = await answer.json();
	expect(refused).toMatchObject({ file: 'wrong.csv', status: 'refused' });
	expect(refused.errors.length).toBeGreaterThan(0);
	expect(refused.errors[0]).toMatchObject({ line: 2 });
	expect(refused.errors[0].message).toContain('9.99');
	await script.dispose();
});

test('no token or a wrong one gets 401, a token of another role 403', async ({ playwright }) => {
	const script = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
	const path = '/api/v1/imports?name=x.csv';
	const none = await post(script, path, BILLING);
	expect(none.status()).toBe(401);
	expect(none.headers()['www-authenticate']).toBe('Bearer');
	expect((await none.json()).message).toMatch(/^Send a valid API token/);
	const wrong = await post(script, path, BILLING, `${uploader.slice(0, -2)}xx`);
	expect(wrong.status()).toBe(401);
	const reader = await post(script, path, BILLING, leadership);
	expect(reader.status()).toBe(403);
	expect((await reader.json()).message).toMatch(/leadership role may not use this endpoint/);

	// leadership reads the report; so does the uploader
	for (const token of [leadership, uploader]) {
		const report = await script.get('/api/v1/report?department=ANSC', {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(report.status()).toBe(200);
		const body = await report.json();
		expect(body).toMatchObject({ devices: expect.any(Object), savings: expect.any(Object) });
		expect(body.departments.map((d: { code: string }) => d.code)).toEqual(['ANSC']);
	}
	expect((await script.get('/api/v1/report')).status()).toBe(401);
	// the description is public
	const openapi = await (await script.get('/api/v1/openapi.json')).json();
	expect(openapi.openapi).toMatch(/^3\./);
	expect(Object.keys(openapi.paths).sort()).toEqual(['/api/v1/imports', '/api/v1/report']);
	await script.dispose();
});

test('a file past the upload limit gets 413 and a sentence, at once', async () => {
	// announce 10 GB and send a little: the endpoint answers from the length
	const { status, body } = await new Promise<{ status: number; body: string }>((done, fail) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: PORT,
				method: 'POST',
				path: '/api/v1/imports?name=huge.csv',
				headers: {
					'content-type': 'text/csv',
					'content-length': String(10 * 1024 ** 3),
					authorization: `Bearer ${uploader}`
				}
			},
			(res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', fail);
		req.write(BILLING.subarray(0, 200));
	});
	expect(status).toBe(413);
	expect(JSON.parse(body).message).toMatch(
		/^huge\.csv is larger than the upload limit of \d+ MB, so it was not imported\./
	);
});

test('a revoked token gets 401', async ({ page, playwright }) => {
	await openStarted(page, '/admin/tokens');
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByRole('button', { name: 'Revoke board figures' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'revoked' })).toHaveText(
		'The token "board figures" was revoked.'
	);
	await expect(page.getByRole('row', { name: /board figures/ })).toHaveCount(0);
	const script = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
	const report = await script.get('/api/v1/report', {
		headers: { authorization: `Bearer ${leadership}` }
	});
	expect(report.status()).toBe(401);
	await script.dispose();
});
