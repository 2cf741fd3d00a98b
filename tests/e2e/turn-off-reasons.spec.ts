import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { addUser, signedOut, signIn } from './auth-users';
import { expectedNodes, type ExpectedNode } from './savings-samples';

// Why a node still billed is not in "Turn off now", and what to do next, on the savings page's
// node list, a department's page and their CSVs: against the sample files read here (the linked
// devices' rows in the Code42 reports), never against the dashboard's own code.

test.describe.configure({ timeout: 120_000 });

const { nodes } = expectedNodes('2020-11-30');

type Row = Record<string, string>;
const read = (file: string) =>
	Papa.parse<Row>(readFileSync(`data/samples/${file}`, 'utf8'), {
		header: true,
		skipEmptyLines: true
	}).data;
// the device backup reports up to the as-of date, latest first: a device's state is its rows in
// the latest that holds it (domain.md)
const REPORTS = [
	'code42-devices-2020-11-30.csv',
	'code42-devices-2020-10-12.csv',
	'code42-devices-2020-06-30.csv'
].map(read);

/** A linked device's rows in the latest report that holds it, by its name. */
function rowsOf(name: string): Row[] {
	for (const report of REPORTS) {
		const rows = report.filter((r) => r.deviceName === name);
		if (rows.length > 0) return rows;
	}
	throw new Error(`No report holds ${name}`);
}

const T = Date.parse('2020-12-01T00:00:00Z');
const DAY = 86_400_000;

/** Why a node still billed is not in "Turn off now", by the rule of docs/rules.md, from the files. */
function expectedWhy(node: ExpectedNode): { why: string; users: string[] } {
	if (node.devices.length === 0) return { why: 'no linked device', users: [] };
	const devices = node.devices.map((name) => {
		const rows = rowsOf(name);
		const last = Math.max(
			...rows.map((r) =>
				r.lastCompletedBackupDate && r.lastCompletedBackupDate !== 'null'
					? Date.parse(r.lastCompletedBackupDate)
					: -Infinity
			)
		);
		return {
			user: rows[0].username,
			active: rows[0].status.startsWith('Active'),
			never: last === -Infinity,
			critical:
				T - last > 5 * DAY || rows.some((r) => r.alertStates.includes('CriticalBackupAlert'))
		};
	});
	const active = devices.filter((d) => d.active);
	if (active.length === 0)
		return {
			why: `its device${devices.length > 1 ? 's are' : ' is'} no longer active`,
			users: devices.map((d) => d.user)
		};
	const starting = active.filter((d) => d.never);
	if (starting.length > 0)
		return {
			why: 'its device has not finished its first backup',
			users: starting.map((d) => d.user)
		};
	return {
		why: 'its backup is critical',
		users: active.filter((d) => d.critical).map((d) => d.user)
	};
}

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
}

/** Clicks a CSV link and parses what it downloads. */
async function downloadCsv(page: Page, link: Locator): Promise<Row[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	return Papa.parse<Row>(readFileSync(await download.path(), 'utf8'), {
		header: true,
		skipEmptyLines: true
	}).data;
}

const billed = (code: string) => nodes.filter((n) => n.department === code && !n.retired);
const notYet = (code: string) => billed(code).filter((n) => !n.eligible);

test('the savings page says why each node still billed is not to turn off, and what to do', async ({
	page
}) => {
	// ANSC: no device, a first backup, a critical backup; AEM: a device no longer active
	for (const code of ['ANSC', 'AEM']) {
		await page.goto(`/savings?department=${code}`);
		const table = page.getByTestId('nodes-table');
		expect(billed(code).length).toBeLessThanOrEqual(50); // one page of them
		for (const node of billed(code)) {
			const cell = table.locator(`tr[data-node="${node.nodename}"] td.turn-off`);
			if (node.eligible) {
				await expect(cell).toContainText('can be turned off now');
				continue;
			}
			const { why, users } = expectedWhy(node);
			await expect(cell).toContainText(`Not yet: ${why}.`);
			for (const user of users) await expect(cell).toContainText(`Chase ${user}:`);
			// an administrator links by hand from here what a link can help: no device, a new one
			const link = cell.getByRole('link', { name: `Link ${node.nodename} by hand` });
			if (node.devices.length === 0 || why.includes('no longer active')) {
				await expect(link).toHaveAttribute(
					'href',
					`/admin/links?node=${encodeURIComponent(node.nodename)}`
				);
			} else await expect(link).toHaveCount(0);
		}
		await expectAccessible(page);

		// the CSV of the list says the same, with the user to chase in a column of their own
		const rows = await downloadCsv(
			page,
			page.getByRole('link', { name: 'Download the whole list (CSV)' })
		);
		expect(rows.map((r) => r.Nodename).sort()).toEqual(
			billed(code)
				.map((n) => n.nodename)
				.sort()
		);
		for (const node of billed(code)) {
			const row = rows.find((r) => r.Nodename === node.nodename)!;
			if (node.eligible) {
				expect([row['Can be turned off now'], row['Why not turned off now']]).toEqual(['yes', '']);
				continue;
			}
			const { why, users } = expectedWhy(node);
			expect(row['Why not turned off now']).toBe(why);
			expect(row['User to chase']).toBe([...new Set(users)].join('; '));
			expect(row['Next step']).not.toBe('');
		}
	}
	// a retired node says so in the same column
	const retired = await page.request.get('/savings/export.csv?department=ANSC&nodes=retired');
	const retiredRows = Papa.parse<Row>(await retired.text(), { header: true }).data.filter(
		(r) => r.Nodename
	);
	expect(retiredRows.length).toBe(nodes.filter((n) => n.department === 'ANSC' && n.retired).length);
	expect(new Set(retiredRows.map((r) => r['Why not turned off now']))).toEqual(
		new Set(['retired'])
	);
});

test("a department's page lists its nodes not to turn off yet, and downloads its lists", async ({
	page
}) => {
	const waiting = notYet('ANSC');
	expect(waiting.length).toBeGreaterThan(0);
	await page.goto('/departments/ANSC');
	await expect(
		page.getByRole('heading', { name: `EZ-Backup nodes not turned off yet (${waiting.length})` })
	).toBeVisible();
	const table = page.getByTestId('nodes-not-yet');
	const shown = await table
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node')));
	expect([...shown].sort()).toEqual(waiting.map((n) => n.nodename).sort());
	// listed by reason, in the rule's order, with how many of each
	const ORDER = [
		'no linked device',
		'its device is no longer active',
		'its devices are no longer active',
		'its device has not finished its first backup',
		'its backup is critical'
	];
	const reasons = shown.map((name) => expectedWhy(waiting.find((n) => n.nodename === name)!).why);
	expect(reasons).toEqual([...reasons].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
	const unlinked = waiting.filter((n) => n.devices.length === 0).length;
	await expect(page.getByTestId('not-yet-counts')).toContainText(`no linked device: ${unlinked}`);
	for (const node of waiting) {
		await expect(table.locator(`tr[data-node="${node.nodename}"]`)).toContainText(
			`Not yet: ${expectedWhy(node).why}.`
		);
	}
	await expectAccessible(page);

	// the list as CSV, and the department's turn-off list and nodes still billed
	const list = await downloadCsv(
		page,
		page.locator('section', { has: table }).getByRole('link', { name: /whole list/ })
	);
	expect(list.map((r) => r.Nodename)).toEqual(shown);
	expect(list.map((r) => r['Why not turned off now'])).toEqual(reasons);
	const turnOff = await downloadCsv(page, page.getByTestId('turn-off-csv'));
	expect(turnOff.map((r) => r.Nodename).sort()).toEqual(
		billed('ANSC')
			.filter((n) => n.eligible)
			.map((n) => n.nodename)
			.sort()
	);
	const stillBilled = await downloadCsv(page, page.getByTestId('billed-nodes-csv'));
	expect(stillBilled.map((r) => r.Nodename).sort()).toEqual(
		billed('ANSC')
			.map((n) => n.nodename)
			.sort()
	);

	// "link by hand" opens the links page with the node filled in
	const node = waiting.find((n) => n.devices.length === 0)!;
	await table.getByRole('link', { name: `Link ${node.nodename} by hand` }).click();
	await expect(page).toHaveURL(/\/admin\/links\?node=/);
	await expect(page.getByLabel('Nodename', { exact: true }).first()).toHaveValue(node.nodename);
	await expect(page.getByText(`${node.nodename}, account`)).toBeVisible();
});

test('a manager downloads their own turn-off list from their department page', async ({
	page,
	browser
}) => {
	const user = { email: 'cb.turn-off@college.edu', password: 'cb manager passphrase' };
	await addUser(page, { ...user, role: 'manager', departments: 'CB' });
	const manager = await signedOut(browser);
	await manager.goto('/login');
	await signIn(manager, user.email, user.password);
	await expect(manager).toHaveURL(/\/$/, { timeout: 60_000 });

	await manager.goto('/departments/CB');
	const turnOff = await downloadCsv(manager, manager.getByTestId('turn-off-csv'));
	expect(turnOff.map((r) => r.Nodename).sort()).toEqual(
		billed('CB')
			.filter((n) => n.eligible)
			.map((n) => n.nodename)
			.sort()
	);
	expect(new Set(turnOff.map((r) => r.Department))).toEqual(new Set(['CB']));
	// they read why a node waits, but linking by hand is for administrators
	const waiting = notYet('CB');
	await expect(manager.getByTestId('nodes-not-yet').locator('tbody tr')).toHaveCount(
		Math.max(1, waiting.length)
	);
	await expect(
		manager.getByTestId('nodes-not-yet').getByRole('link', { name: /by hand/ })
	).toHaveCount(0);
	expect((await manager.request.get('/departments/ANSC/export.csv?table=nodes')).status()).toBe(
		404
	);
	await expectAccessible(manager);
	await manager.context().close();
});
