// Uploading exports in the browser: drop or pick files, see each previewed before anything is
// sent, import, find it in the history, undo it, and see the figures return. Every file here is
// built from the committed sample exports, and every import is undone again, so the other specs
// still see the sample figures.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import Papa from 'papaparse';
import { ADMIN_STATE } from './auth-users';
import { openStarted } from './started';

const SHOTS = process.env.E2E_SHOTS;

// a real upload, import and undo each, on a machine shared with the build
test.describe.configure({ timeout: 120_000 });

async function shot(page: Page, name: string) {
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

const count = (n: number) => n.toLocaleString('en-US');
const sample = (file: string) => readFileSync(`data/samples/${file}`, 'utf8');

/**
 * The 2020-11-30 report exported again on 2020-12-15 with five computers enrolled since: every
 * row's activity moves to that day, and five copies of active devices get new identities.
 */
function newerReport() {
	const parsed = Papa.parse<Record<string, string>>(sample('code42-devices-2020-11-30.csv'), {
		header: true,
		skipEmptyLines: true
	});
	const rows: Record<string, string>[] = parsed.data.map((r) => ({
		...r,
		lastActivity:
			r.lastActivity && r.lastActivity !== 'null' ? '2020-12-15T09:30:00.000Z' : r.lastActivity
	}));
	const template = rows.filter((r) => r.status === 'Active' && r.archiveGuid).slice(0, 5);
	const added = template.map((r, i) => ({
		...r,
		deviceUid: `77700000000000000${i}`,
		archiveGuid: `77710000000000000${i}`,
		deviceName: `NEW-PC${i}`,
		deviceOsHostname: `new-pc${i}.cals.example.edu`,
		creationDate: '2020-12-10T15:00:00.000Z'
	}));
	const all = [...rows, ...added];
	return {
		name: 'code42-devices-2020-12-15.csv',
		text: Papa.unparse(all, { columns: parsed.meta.fields }) + '\r\n',
		rows: all.length,
		newDevices: added.length
	};
}

async function figures(page: Page) {
	await page.goto('/');
	return {
		installed: await page.getByTestId('installed').textContent(),
		active: await page.getByTestId('active').textContent()
	};
}

/** The imports page, once its script runs: a file given to it before then would be lost. */
async function openImports(page: Page) {
	await page.goto('/imports');
	await expect(page.locator('#import-files')).toBeEnabled();
}

/**
 * The server behind a TCP proxy whose uplink can be slowed down: it passes what the server sends
 * at once, and what the browser sends at the rate set (at once until then). It reads the browser's
 * bytes as they come and holds them, so that it sees at once when the browser drops the
 * connection, and drops it on to the server with what it still held. (DevTools' emulated network
 * conditions let a whole upload through at full speed in some runs: the file landed though it had
 * been cancelled.)
 */
async function behindUplink(to: string) {
	const target = new URL(to);
	let bytesPerSecond = Infinity;
	/** each connection from the browser, with the bytes it holds back from the server */
	const open = new Map<Socket, Buffer[]>();
	const proxy = createServer((browser) => {
		const server = connect(Number(target.port), target.hostname);
		const held: Buffer[] = [];
		open.set(browser, held);
		let timer: ReturnType<typeof setTimeout> | undefined;
		const pass = () => {
			const slice = held.shift();
			timer = slice && setTimeout(pass, (slice.length / bytesPerSecond) * 1000);
			if (slice) server.write(slice);
		};
		const drop = () => {
			clearTimeout(timer);
			held.length = 0;
			open.delete(browser);
			browser.destroy();
			server.destroy();
		};
		browser.on('end', drop);
		for (const side of [browser, server]) side.on('close', drop).on('error', drop);
		server.pipe(browser);
		browser.on('data', (chunk: Buffer) => {
			for (let at = 0; at < chunk.length; at += 1024) held.push(chunk.subarray(at, at + 1024));
			if (timer === undefined) pass();
		});
	});
	await new Promise<void>((listening) => proxy.listen(0, '127.0.0.1', listening));
	const { port } = proxy.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		slowDown: (rate: number) => (bytesPerSecond = rate),
		/** the bytes the browser has sent that the server has not had yet */
		held: () => [...open.values()].flat().reduce((bytes, slice) => bytes + slice.length, 0),
		close: () => {
			for (const socket of open.keys()) socket.destroy();
			return new Promise((closed) => proxy.close(closed));
		}
	};
}

function fileCard(page: Page, name: string) {
	return page.getByRole('article', { name });
}

async function undo(page: Page, id: string) {
	await openStarted(page, '/imports');
	page.once('dialog', (dialog) => dialog.accept());
	const row = page.getByTestId(`import-${id}`);
	await row.getByRole('button', { name: `Undo import #${id}` }).click();
	await expect(page.getByTestId(`import-${id}-answer`).getByRole('status')).toContainText(
		`Import #${id}`
	);
	await expect(row).toContainText('Undone');
}

test('pick a report, preview it, import it, find it in the history, undo it', async ({ page }) => {
	const before = await figures(page);
	const report = newerReport();

	await openImports(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeVisible();
	await page.locator('#import-files').setInputFiles({
		name: report.name,
		mimeType: 'text/csv',
		buffer: Buffer.from(report.text)
	});
	const card = fileCard(page, report.name);
	const preview = card.getByTestId('preview');
	await expect(preview.getByTestId('preview-kind')).toHaveText('Code42 device backup report');
	await expect(preview.getByTestId('preview-rows')).toHaveText(count(report.rows));
	await expect(preview).toContainText('comma');
	await expect(card.getByLabel('As-of date (the day it was exported)')).toHaveValue('2020-12-15');
	await expect(card.getByRole('table', { name: /First 5 rows/ })).toBeVisible();
	await shot(page, 'imports-preview');
	await expectAccessible(page);

	await card.getByRole('button', { name: `Import ${report.name}` }).click();
	const outcome = card.getByTestId('outcome');
	await expect(outcome).toContainText('Imported.', { timeout: 30_000 });
	await expect(outcome.getByTestId('outcome-new')).toHaveText(count(report.rows));
	await expect(outcome.getByRole('link', { name: 'Overview as of that report' })).toHaveAttribute(
		'href',
		'/?asOf=2020-12-15'
	);
	const id = (await outcome.textContent())!.match(/import #(\d+)/)![1];
	await shot(page, 'imports-imported');

	// the history lists it, newest first
	const row = page.getByTestId(`import-${id}`);
	await expect(row).toContainText(report.name);
	await expect(row).toContainText('Code42 device backup report');
	await expect(row).toContainText('Dec 15, 2020');
	await expect(row).toContainText('Imported');

	// the figures moved by the five new devices
	const after = await figures(page);
	const plus = (text: string | null, n: number) => count(Number(text!.replace(/,/g, '')) + n);
	expect(after.installed).toBe(plus(before.installed, report.newDevices));
	expect(after.active).toBe(plus(before.active, report.newDevices));

	await undo(page, id);
	await shot(page, 'imports-undone');
	expect(await figures(page)).toEqual(before);
});

test('an upload under way can be cancelled, and nothing of it is imported', async ({
	page,
	baseURL
}) => {
	const report = newerReport();
	const name = 'code42-devices-cancelled.csv';
	const uplink = await behindUplink(baseURL!);
	try {
		await page.goto(`${uplink.origin}/imports`);
		await expect(page.locator('#import-files')).toBeEnabled();
		await page.locator('#import-files').setInputFiles({
			name,
			mimeType: 'text/csv',
			buffer: Buffer.from(report.text)
		});
		const card = fileCard(page, name);
		await expect(card.getByTestId('preview-rows')).toHaveText(count(report.rows));
		// half a megabyte at 16 KB/s takes about 30 s: the upload is still under way when cancelled,
		// and the server has had a part of it
		uplink.slowDown(16 * 1024);
		await card.getByRole('button', { name: `Import ${name}` }).click();
		await expect(card.getByText(/^Uploading: \d+%$/)).toBeVisible();
		await expect.poll(uplink.held).toBeGreaterThan(0);
		await card.getByRole('button', { name: `Cancel ${name}` }).click();
		// the browser dropped the upload's connection, so the server never gets the rest
		await expect.poll(uplink.held).toBe(0);
		await expect(card.getByRole('status')).toHaveText(
			`The upload of ${name} was cancelled before the server had all of it, so nothing of it was imported.`
		);
		await shot(page, 'imports-cancelled');
		await expect(card.getByRole('button', { name: `Import ${name}` })).toBeEnabled();
	} finally {
		await uplink.close();
	}
	await openImports(page);
	await expect(page.getByTestId('history')).not.toContainText(name);
});

test('a dropped file that is refused shows its line and column', async ({ page }) => {
	await openImports(page);
	const name = 'ezbackup-billing-bad.csv';
	const text = [
		'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total',
		'2020-12,IT-ANS1004,ANSC,ANSC-PC0042@ADSM4,9.4G,200.0M,9.6G,0.0M,5.50,0.00,5.50',
		'2020-12,IT-ANS1004,ANSC,ANSC-PC0043@ADSM4,9.4G,200.0M,9.6G,0.0M,5.50,0.00,five fifty'
	].join('\n');
	// a real drop, as the browser dispatches it: a DataTransfer holding a File
	const dataTransfer = await page.evaluateHandle(
		({ name, text }) => {
			const transfer = new DataTransfer();
			transfer.items.add(new File([text], name, { type: 'text/csv' }));
			return transfer;
		},
		{ name, text }
	);
	await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
	const card = fileCard(page, name);
	await expect(card.getByTestId('preview-kind')).toHaveText('EZ-Backup billing export');
	await expect(card.getByTestId('preview-rows')).toHaveText('2');
	await expect(card.getByTestId('preview')).toContainText('Dec 2020');
	await card.getByRole('button', { name: `Import ${name}` }).click();

	const outcome = card.getByTestId('outcome');
	await expect(outcome).toContainText('Refused.');
	// one problem, in the singular
	await expect(outcome.getByRole('status')).toContainText(
		'One problem, listed below with its line and column; nothing of the file was kept'
	);
	const errors = outcome.getByTestId('outcome-errors');
	await expect(errors.locator('tbody tr').first()).toContainText('3');
	await expect(errors.locator('tbody tr').first()).toContainText('$ Total');
	await expect(errors.locator('tbody tr').first()).toContainText('five fifty');
	await shot(page, 'imports-refused');

	// the history keeps the refusal and why
	await page.reload();
	const refused = page.locator('tr.refused').first();
	await expect(refused).toContainText(name);
	await expect(refused).toContainText('Refused');
	const why = page.getByText(/Why import #\d+ was refused/).first();
	await why.click();
	await expect(page.locator('tr.errors-row').first()).toContainText('line 3');
	await expectAccessible(page);
});

test("the history shows a billing file's months", async ({ page }) => {
	await openImports(page);
	// the sample billing export: its first and last billing months, as the file has them
	const months = sample('ezbackup-billing.csv')
		.split(/\r?\n/)
		.slice(1)
		.map((line) => line.slice(0, 7))
		.filter((month) => /^\d{4}-\d{2}$/.test(month))
		.sort();
	const month = (m: string) =>
		new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en-US', {
			month: 'short',
			year: 'numeric',
			timeZone: 'UTC'
		});
	const row = page.locator('tbody tr', { hasText: 'ezbackup-billing.csv' }).first();
	await expect(row.getByRole('cell').nth(3)).toHaveText(
		`${month(months[0])} – ${month(months.at(-1)!)}`
	);
	await expectAccessible(page);
});

test('a file the browser cannot start reading says so, instead of waiting for ever', async ({
	page
}) => {
	await page.route('**/preview.worker*', (route) => route.abort());
	await openImports(page);
	await page.locator('#import-files').setInputFiles({
		name: 'departments-copy.csv',
		mimeType: 'text/csv',
		buffer: readFileSync('data/samples/departments.csv')
	});
	const card = fileCard(page, 'departments-copy.csv');
	await expect(card.getByRole('alert')).toHaveText(
		'The browser could not start reading departments-copy.csv. Reload the page and try again.'
	);
	await shot(page, 'imports-cannot-read');
	await expect(card.getByRole('button', { name: 'Import departments-copy.csv' })).toHaveCount(0);
	await card.getByRole('button', { name: 'Remove departments-copy.csv' }).click();
	await expect(card).toHaveCount(0);
});

test('without JavaScript the page says how else to import', async ({ page }) => {
	// Playwright's switch for JavaScript leaves the page parsed as if it ran, so <noscript> is never
	// shown there: the page as served is checked instead, as a browser without JavaScript gets it
	const html = await (await page.request.get('/imports')).text();
	expect(html).toMatch(/<input id="import-files"[^>]* disabled/);
	const noscript = html.match(/<noscript>([\s\S]*?)<\/noscript>/)?.[1] ?? '';
	expect(noscript.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).toContain(
		'Reading and uploading files needs JavaScript, which this browser has turned off. Turn it on for this site, or import on the server with npm run import.'
	);
	// with JavaScript the note is not shown
	await openImports(page);
	await expect(page.getByText('Reading and uploading files needs JavaScript')).toBeHidden();
});

test('an Undo pressed before the page can ask (no JavaScript) asks on the page first', async ({
	page,
	browser
}) => {
	// a department list with one department more, brought in as the page's own upload does
	const text = readFileSync('data/samples/departments.csv', 'utf8') + 'ZZTEST,Undo test,\n';
	const upload = await page.request.post('/imports/upload?name=departments-undo.csv', {
		headers: { 'content-type': 'application/octet-stream' },
		data: Buffer.from(text)
	});
	const { outcome } = await upload.json();
	expect(outcome.status).toBe('imported');
	const id = String(outcome.importId);

	const context = await browser.newContext({ javaScriptEnabled: false, storageState: ADMIN_STATE });
	const noScript = await context.newPage();
	await noScript.goto('/imports');
	await noScript.getByRole('button', { name: `Undo import #${id}` }).click();
	const row = noScript.getByTestId(`import-${id}`);
	const answer = noScript.getByTestId(`import-${id}-answer`);
	await expect(answer.getByRole('status')).toHaveText(
		`Undo import #${id} (departments-undo.csv)? Its rows are taken out and every figure goes back to what it was without this file.`
	);
	// asked, not done
	await expect(row).toContainText('Imported');
	await shot(noScript, 'imports-undo-asked');
	await answer.getByRole('button', { name: `Yes, undo import #${id}` }).click();
	await expect(row).toContainText('Undone');
	await expect(answer.getByRole('status')).toContainText(`Import #${id}`);
	await context.close();
});

test('the same file again is reported as a duplicate and changes nothing', async ({ page }) => {
	const before = await figures(page);
	await openImports(page);
	await page.locator('#import-files').setInputFiles({
		name: 'departments-again.csv',
		mimeType: 'text/csv',
		buffer: readFileSync('data/samples/departments.csv')
	});
	const card = fileCard(page, 'departments-again.csv');
	await expect(card.getByTestId('preview-kind')).toHaveText('Department list');
	await card.getByRole('button', { name: 'Import departments-again.csv' }).click();
	const outcome = card.getByTestId('outcome');
	await expect(outcome).toContainText('Already imported.');
	await expect(outcome).toContainText('the same content as import #1');
	await shot(page, 'imports-duplicate');
	expect(await figures(page)).toEqual(before);
});

test('an inventory without Last Seen is dated on its card, and the history shows its date', async ({
	page
}) => {
	await openImports(page);
	const list =
		'Computer Name,Department,OS\nDATED-PC01,ANSC,Windows 10\nDATED-PC02,ANSC,Windows 10\n';
	await page.locator('#import-files').setInputFiles({
		name: 'inventory-dated.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(list)
	});
	const card = fileCard(page, 'inventory-dated.csv');
	await expect(card.getByTestId('preview-kind')).toHaveText('Managed-computer inventory');
	// no Last Seen to date it by: the uploader gives the day from which it lists the computers
	const date = card.getByLabel(/As-of date/);
	await expect(date).toHaveValue('');
	await date.fill('2020-11-15');
	// a source of its own: the sample inventory stays in force meanwhile
	await card.getByLabel(/Source/).fill('Dated');
	await card.getByRole('button', { name: 'Import inventory-dated.csv' }).click();
	const outcome = card.getByTestId('outcome');
	await expect(outcome).toContainText('Imported.');
	await expect(outcome).toContainText('Nov 15, 2020');
	const id = (await outcome.textContent())!.match(/import #(\d+)/)![1];
	await expect(page.getByTestId(`import-${id}`)).toContainText('Nov 15, 2020');
	await undo(page, id);
});

test('several files at once, and the date order asked before import', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await openImports(page);
	const ambiguous = 'Computer Name,Department,OS,Last Seen\nNEW-LAB01,ANSC,Windows 10,03/04/2020\n';
	await page.locator('#import-files').setInputFiles([
		{ name: 'inventory-lab.csv', mimeType: 'text/csv', buffer: Buffer.from(ambiguous) },
		{
			name: 'summary.txt',
			mimeType: 'text/plain',
			buffer: readFileSync('tests/fixtures/ezbackup-summary.txt')
		}
	]);
	const inventory = fileCard(page, 'inventory-lab.csv');
	const summary = fileCard(page, 'summary.txt');
	await expect(inventory.getByTestId('preview-kind')).toHaveText('Managed-computer inventory');
	await expect(summary.getByTestId('preview-kind')).toHaveText('EZ-Backup Billing Summary');
	await expect(summary.getByTestId('preview-rows')).toHaveText('2');
	await expect(summary.getByLabel(/Billing month/)).toBeVisible();

	const question = inventory.getByRole('group', { name: /column “Last Seen”/ });
	await expect(question).toBeVisible();
	const importButton = inventory.getByRole('button', { name: 'Import inventory-lab.csv' });
	await expect(importButton).toBeDisabled();
	await question.getByLabel(/Day first/).check();
	await expect(importButton).toBeEnabled();
	// a source of its own: the sample inventory (source "inventory") stays in force meanwhile
	await inventory.getByLabel(/Source/).fill('Lab');
	await shot(page, 'imports-question-dark');
	await expectAccessible(page);

	await importButton.click();
	const outcome = inventory.getByTestId('outcome');
	await expect(outcome).toContainText('Imported.');
	await expect(outcome).not.toContainText('no longer in');
	const id = (await outcome.textContent())!.match(/import #(\d+)/)![1];

	// undone from its own card, after the question the history's Undo asks
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		return dialog.accept();
	});
	await outcome.getByRole('button', { name: `Undo import #${id}` }).click();
	await expect(outcome).toContainText(`Undone. Import #${id} (inventory-lab.csv) was undone`);
	expect(asked).toBe(
		`Undo import #${id} (inventory-lab.csv)? Its rows are taken out and every figure goes back to what it was without this file.`
	);
	await expect(page.getByTestId(`import-${id}`)).toContainText('Undone');
	await shot(page, 'imports-undone-from-card');
});
