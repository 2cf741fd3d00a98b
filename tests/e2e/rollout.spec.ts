import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import {
	departmentLists,
	healthInEachReport,
	rolloutFigures,
	unassignedDeviceNames
} from './rollout-samples';

// The rollout and backup-health pages on the sample data, against figures worked out from the
// sample files alone (rollout-samples.ts), never against the dashboard's own code.

// the pages hold long tables, and axe takes its time over them on a busy machine
test.describe.configure({ timeout: 120_000 });

const expected = rolloutFigures('2020-11-30');
const byCode = new Map(expected.departments.map((d) => [d.code, d]));
const count = (n: number) => n.toLocaleString('en-US');
const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(1)}%`);

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
}

/** Clicks a CSV link and parses what it downloads. */
async function downloadCsv(page: Page, link: Locator): Promise<Record<string, string>[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const path = await download.path();
	const text = readFileSync(path, 'utf8');
	expect(text.endsWith('\r\n')).toBe(true);
	return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/**
 * One column of a long table across all its pages (50 rows each), following the pager's "Next"
 * link from the first page: checks each page's "Rows a to b of N" on the way, and that the link
 * kept the page's filters.
 */
async function columnOfEveryPage(
	page: Page,
	testid: string,
	index: number,
	total: number
): Promise<string[]> {
	const values: string[] = [];
	const filters = new URL(page.url()).searchParams;
	for (let n = 1; ; n++) {
		const from = (n - 1) * 50 + 1;
		const to = Math.min(total, n * 50);
		const table = page.getByTestId(testid);
		await expect(table.locator('tbody tr')).toHaveCount(to - from + 1);
		if (total > 50) {
			await expect(page.getByTestId(`${testid}-pages-count`)).toHaveText(
				`Rows ${count(from)} to ${count(to)} of ${count(total)}`
			);
		} else await expect(page.getByTestId(`${testid}-pages`)).toHaveCount(0);
		values.push(...(await column(table, index)));
		if (to === total) return values;
		await page.getByTestId(`${testid}-pages`).getByRole('link', { name: 'Next' }).click();
		await expect(page).toHaveURL(new RegExp(`[?&]page=${n + 1}(&|#|$)`));
		for (const [key, value] of filters) {
			if (key !== 'page') expect(new URL(page.url()).searchParams.get(key)).toBe(value);
		}
	}
}

/** The text of one column of a table's body rows. */
async function column(table: Locator, index: number): Promise<string[]> {
	return table
		.locator('tbody tr')
		.evaluateAll(
			(rows, i) =>
				rows.map((r) => (r.children[i] as HTMLElement | undefined)?.innerText.trim() ?? ''),
			index
		);
}

test('the overview checks the claim and shows the pace toward 95%', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('failures')).toHaveText(count(expected.health.failures));
	await expect(page.getByTestId('no-failures-claim')).toContainText(
		`“No failures” does not hold: ${count(expected.health.critical)} critical, ${count(
			expected.health.failures - expected.health.critical
		)} first backups unfinished after 14 days`
	);
	// the claim was made in June 2020: every report, that one included, has failures
	const reports = healthInEachReport();
	await expect(page.getByTestId('claim-history')).toHaveText(
		`Failures in ${reports.filter((r) => r.failures > 0).length} of ${reports.length} Code42 reports; ${count(
			reports[0].failures
		)} in the first, of Jun 30, 2020.`
	);
	await expect(
		page.getByRole('heading', { name: 'Pace toward 95% of managed computers' })
	).toBeVisible();
	await expect(page.getByTestId('pace-finding')).toContainText('The college');
	// departments at or past 95% say so; the others have a date or are stalled
	for (const d of expected.departments) {
		const cell = page.getByTestId(`pace-${d.code}`);
		if (d.adoptionPct === null) await expect(cell).toHaveText('No inventory');
		else if (d.adoptionPct >= 95) await expect(cell).toHaveText('Reached');
		else await expect(cell).toHaveText(/^(Stalled|[A-Z][a-z]{2} \d{1,2}, \d{4})$/);
	}
	// two charts (each draws when it comes on screen: security-headers.spec.ts checks the pixels)
	await expect(page.locator('canvas')).toHaveCount(2);

	const rows = await downloadCsv(
		page,
		page.getByRole('link', { name: 'Download this table (CSV)' })
	);
	expect(rows.map((r) => [r.Department, r['Managed computers'], r['Adoption (%)']])).toEqual([
		...expected.departments.map((d) => [
			d.code,
			String(d.managed),
			d.adoptionPct === null ? '' : String(d.adoptionPct)
		]),
		['ALL', String(expected.devices.managed), String(expected.devices.adoptionPct)]
	]);
	await expectAccessible(page);
});

test('the departments list sorts, and every row matches the files', async ({ page }) => {
	await page.goto('/departments');
	const table = page.getByTestId('departments-table');
	await expect(table.locator('tbody tr')).toHaveCount(expected.departments.length);
	expect(await column(table, 0)).toEqual(
		expected.departments.map((d) => expect.stringContaining(d.code))
	);
	expect(await column(table, 2)).toEqual(expected.departments.map((d) => pct(d.adoptionPct)));
	expect(await column(table, 3)).toEqual(
		expected.departments.map((d) => count(d.managed - d.adopted))
	);
	expect(await column(table, 5)).toEqual(expected.departments.map((d) => count(d.failures)));

	// sort by adoption: ascending first, then descending; no inventory goes last
	const header = page.getByRole('columnheader', { name: /Adopted/ });
	await header.getByRole('link').click();
	await expect(header).toHaveAttribute('aria-sort', 'ascending');
	await header.getByRole('link').click();
	await expect(header).toHaveAttribute('aria-sort', 'descending');
	const ranked = expected.departments
		.filter((d) => d.adoptionPct !== null)
		.sort(
			(a, b) => (b.adoptionPct as number) - (a.adoptionPct as number) || (a.code < b.code ? -1 : 1)
		);
	const codes = (await column(table, 0)).map((text) => text.split(/\s/)[0]);
	expect(codes).toEqual([...ranked.map((d) => d.code), 'UNASSIGNED']);
	await expectAccessible(page);
});

test("a department's page lists its stragglers and failures", async ({ page }) => {
	const lists = departmentLists('ANSC');
	const ansc = byCode.get('ANSC')!;
	await page.goto('/departments');
	await page.getByRole('link', { name: 'ANSC', exact: true }).click();
	await expect(page).toHaveURL(/\/departments\/ANSC$/);
	await expect(page.getByTestId('department-adoption')).toHaveText(pct(ansc.adoptionPct));
	await expect(page.getByTestId('department-stragglers')).toHaveText(
		count(lists.stragglers.length)
	);
	for (const bucket of ['ok', 'warning', 'critical', 'never', 'failures'] as const) {
		await expect(page.getByTestId(`bucket-${bucket}`)).toContainText(count(ansc[bucket]));
	}
	const stragglers = page.getByTestId('stragglers');
	expect((await column(stragglers, 0)).sort()).toEqual(lists.stragglers);
	expect(new Set(await column(stragglers, 3))).toEqual(
		new Set([String(lists.weeksSinceRolloutBegan)])
	);
	expect((await column(page.getByTestId('failures'), 0)).sort()).toEqual(lists.failing);

	const rows = await downloadCsv(
		page,
		page.locator('section:has(#stragglers-heading)').getByRole('link', { name: /CSV/ })
	);
	expect(rows.map((r) => r.Computer).sort()).toEqual(lists.stragglers);
	expect(new Set(rows.map((r) => r['Weeks since the rollout began']))).toEqual(
		new Set([String(lists.weeksSinceRolloutBegan)])
	);
	await expectAccessible(page);

	await page.emulateMedia({ colorScheme: 'dark' });
	await expectAccessible(page);
	// a department outside the list does not exist
	expect((await page.request.get('/departments/NOPE')).status()).toBe(404);
});

test('backup health: buckets, a filter, history, and a device reached by clicking', async ({
	page
}) => {
	await page.goto('/health');
	for (const bucket of ['ok', 'warning', 'critical', 'never', 'failures'] as const) {
		await expect(page.getByTestId(`bucket-${bucket}`)).toContainText(
			count(expected.health[bucket])
		);
	}
	// every failing device once (16 in the sample: one page, so no pager; EEB's list below pages)
	const failingNames = await columnOfEveryPage(page, 'health-devices', 0, expected.health.failures);
	expect(new Set(failingNames).size).toBe(expected.health.failures);
	// health over time, one row per Code42 device backup report
	const history = healthInEachReport();
	const historyRows = page.getByTestId('history-table').locator('tbody tr');
	await expect(historyRows).toHaveCount(history.length);
	expect(await column(page.getByTestId('history-table'), 6)).toEqual(
		history.map((h) => count(h.failures))
	);

	// filter: every active device of EEB
	const eeb = byCode.get('EEB')!;
	await page.getByLabel('Department').selectOption('EEB');
	await page.getByLabel('Show').selectOption('all');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/department=EEB/);
	await expect(page.getByTestId('bucket-ok')).toContainText(count(eeb.ok));
	await expect(page.getByRole('heading', { name: /Every active device in EEB/ })).toBeVisible();
	// the CSV holds every row, the page shows them 50 at a time: the same devices, in the same order
	const rows = await downloadCsv(
		page,
		page.locator('section:has(#devices-heading)').getByRole('link', { name: /CSV/ })
	);
	const eebActive = eeb.ok + eeb.warning + eeb.critical + eeb.never;
	expect(rows).toHaveLength(eebActive);
	expect(new Set(rows.map((r) => r.Department))).toEqual(new Set(['EEB']));
	expect(await columnOfEveryPage(page, 'health-devices', 0, eebActive)).toEqual(
		rows.map((r) => r.Device)
	);
	await expectAccessible(page);

	// from a failing device to its page
	await page.goto('/health?department=ANSC');
	const failing = departmentLists('ANSC').failing;
	await page.getByTestId('health-devices').getByRole('link', { name: failing[0] }).click();
	await expect(page).toHaveURL(/\/devices\/\d+$/);
	await expect(page.getByRole('heading', { level: 1, name: failing[0] })).toBeVisible();
	await expect(page.getByTestId('device-department')).toHaveText('ANSC');
	await expect(page.getByTestId('department-reason')).toContainText('the inventory decides');
	await expect(page.getByTestId('device-health')).toContainText(/Critical|Never backed up/);
	await expect(page.getByTestId('device-history').locator('tbody tr').first()).toBeVisible();
	await expect(page.getByTestId('device-nodes')).toContainText(failing[0]);
	await expectAccessible(page);
});

test('the Unassigned page lists what no department claims, with the fix', async ({ page }) => {
	await page.goto('/unassigned');
	const names = unassignedDeviceNames();
	const table = page.getByTestId('unassigned-devices');
	await expect(table.locator('tbody tr')).toHaveCount(names.length);
	expect((await column(table, 0)).sort()).toEqual(names);
	await expect(page.getByRole('button', { name: 'Add alias' }).first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'upload an inventory' })).toHaveAttribute(
		'href',
		'/imports'
	);
	await expectAccessible(page);
});

test('an administrator sets the thresholds and the upload speed', async ({ page }) => {
	await page.goto('/admin/health');
	await expectAccessible(page);
	// refused next to the field
	await page.getByLabel('Warning after (days)').fill('6');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'The warning threshold must be fewer days than the critical one.'
	);
	await expect(page.getByLabel('Warning after (days)')).toHaveAttribute('aria-invalid', 'true');

	// 20 Mbit/s halves the time left of AEM-PC0051's first backup:
	// 92,988,774,294 bytes at 87.4% → 11,716,585,561 left; × 8 / 2×10^7 = 4,686.6 s → 1 h 18 min
	const row = Papa.parse<Record<string, string>>(
		readFileSync('data/samples/code42-devices-2020-11-30.csv', 'utf8'),
		{ header: true }
	).data.find((r) => r.deviceName === 'AEM-PC0051')!;
	const bytes = Math.round(
		(Number(row.selectedBytes) * (100 - Number(row.backupCompletePercentage))) / 100
	);
	const minutes = Math.round(Math.ceil((bytes * 8) / 20e6) / 60);
	const expectedLeft = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
	try {
		await page.getByLabel('Warning after (days)').fill('3');
		await page.getByLabel('Home upload speed (Mbit/s)').fill('20');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
		await page.goto('/health?department=AEM');
		const progress = page.getByTestId('first-backups').getByRole('row', { name: /AEM-PC0051/ });
		await expect(progress).toContainText(expectedLeft);
		await expect(page.getByTestId('first-backups')).toContainText('Time left at 20 Mbit/s');
	} finally {
		// the other specs expect the defaults
		await page.goto('/admin/health');
		await page.getByLabel('Home upload speed (Mbit/s)').fill('10');
		await page.getByLabel('Warning after (days)').fill('3');
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	}
});

test('a manager sees only their department, and nothing of the others', async ({
	page,
	browser
}) => {
	// added by the administrator on the users page
	await page.goto('/admin/users');
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Email').fill('eeb.manager@college.edu');
	await form.getByLabel('Password').fill('eeb manager passphrase');
	await form.getByLabel('Role').selectOption('manager');
	await form.getByLabel('Departments').fill('EEB');
	await form.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByText('eeb.manager@college.edu was added.')).toBeVisible();

	const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
	const manager = await context.newPage();
	await manager.goto('/login');
	await manager.getByLabel('Email').fill('eeb.manager@college.edu');
	await manager.getByLabel('Password').fill('eeb manager passphrase');
	await manager.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(manager).toHaveURL(/\/$/, { timeout: 30_000 });

	await manager.goto('/departments');
	const rows = manager.getByTestId('departments-table').locator('tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('EEB');
	await expect(manager.getByTestId('departments-table').locator('tfoot')).toHaveCount(0);

	const eeb = byCode.get('EEB')!;
	await manager.goto('/health?bucket=all');
	await expect(manager.getByTestId('bucket-ok')).toContainText(count(eeb.ok));
	await expect(manager.getByLabel('Department').locator('option')).toHaveText([
		'All departments',
		/^EEB/
	]);

	const ansc = Papa.parse<Record<string, string>>(
		readFileSync('data/samples/code42-devices-2020-11-30.csv', 'utf8'),
		{ header: true }
	).data.find((r) => r.deviceName === 'ANSC-PC0100')!.deviceUid;
	for (const path of [
		'/departments/ANSC',
		'/departments/ANSC/export.csv?table=stragglers',
		'/health?department=ANSC',
		'/unassigned',
		'/unassigned/export.csv?table=devices',
		`/devices/${ansc}`
	]) {
		expect((await manager.request.get(path)).status(), path).toBe(404);
	}
	const csv = await manager.request.get('/health/export.csv?table=devices&bucket=all');
	const exported = Papa.parse<Record<string, string>>(await csv.text(), {
		header: true,
		skipEmptyLines: true
	}).data;
	expect(exported).toHaveLength(eeb.ok + eeb.warning + eeb.critical + eeb.never);
	expect(new Set(exported.map((r) => r.Department))).toEqual(new Set(['EEB']));
	await context.close();
});
