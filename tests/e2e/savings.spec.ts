import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { ADMIN } from './auth-users';
import { paintedPixels } from './charts';
import { sampleFigures } from './samples';
import { expectedNodes, expectedSavings, expectedSpend } from './savings-samples';

// The savings pages on the sample data, against figures worked out from the sample files alone
// (savings-samples.ts), never against the dashboard's own code.

// the pages hold long tables, and axe takes its time over them on a busy machine
test.describe.configure({ timeout: 120_000 });

const asOf = '2020-11-30';
const expected = expectedSavings(asOf);
const money = (cents: number) =>
	new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
const month = (m: string) =>
	new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en-US', {
		year: 'numeric',
		month: 'short',
		timeZone: 'UTC'
	});

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
}

/** The month after a month: '2020-12' → '2021-01'. */
function nextMonth(m: string): string {
	const n = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
	return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** The first month a retired node of the department went unbilled. */
function savingSince(code: string): string {
	const last = expected.nodes
		.filter((n) => n.department === code && n.retired)
		.map((n) => n.lastMonth)
		.sort()[0];
	return nextMonth(last);
}

/** Non-transparent pixels of a chart, scrolled to: a chart draws when it comes on screen. */
async function painted(page: Page, index = 0) {
	const canvas = page.locator('canvas').nth(index);
	await canvas.scrollIntoViewIfNeeded();
	await expect(canvas).toBeVisible();
	return paintedPixels(canvas);
}

/** Clicks a CSV link and parses what it downloads. */
async function downloadCsv(page: Page, link: Locator): Promise<Record<string, string>[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const text = readFileSync(await download.path(), 'utf8');
	return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/**
 * The nodenames of the node table across all its pages (50 rows each), following the pager's
 * "Next" link: checks each page's "Rows a to b of N", and that the link kept the page's filters.
 */
async function nodenamesOfEveryPage(page: Page, total: number): Promise<string[]> {
	const names: string[] = [];
	const filters = new URL(page.url()).searchParams;
	for (let n = 1; ; n++) {
		const from = (n - 1) * 50 + 1;
		const to = Math.min(total, n * 50);
		const rows = page.getByTestId('nodes-table').locator('tbody tr');
		await expect(rows).toHaveCount(to - from + 1);
		if (total > 50) {
			await expect(page.getByTestId('nodes-table-pages-count')).toHaveText(
				`Rows ${from.toLocaleString('en-US')} to ${to.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`
			);
		}
		names.push(
			...(await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-node') ?? '')))
		);
		if (to === total) return names;
		await page.getByTestId('nodes-table-pages').getByRole('link', { name: 'Next' }).click();
		await expect(page).toHaveURL(new RegExp(`[?&]page=${n + 1}(&|#|$)`));
		for (const [key, value] of filters) {
			if (key !== 'page') expect(new URL(page.url()).searchParams.get(key)).toBe(value);
		}
	}
}

test('the savings page gives the college figures of the sample data', async ({ page }) => {
	await page.goto('/savings');
	await expect(page.getByRole('heading', { level: 1, name: 'Savings' })).toBeVisible();
	const total = expected.total;
	await expect(page.getByTestId('realized')).toHaveText(money(total.realizedCents));
	await expect(page.getByTestId('run-rate')).toHaveText(money(total.runRateCents));
	await expect(page.getByTestId('eligible')).toHaveText(money(total.eligibleMonthlyCents));
	await expect(page.getByTestId('projected')).toHaveText(money(total.projectedAnnualCents));
	// no central cost set: the saving is known, the cost and the net are not (never "× $0.00")
	await expect(page.getByTestId('net-saving')).toHaveText(
		`${money(total.projectedAnnualCents)} a year`
	);
	await expect(page.getByTestId('net-unknown')).toContainText(
		'not known: the Code42 cost is not set'
	);
	await expect(page.getByTestId('net-annual')).toHaveCount(0);

	// each department's row
	for (const [code, f] of expected.byDepartment) {
		const row = page.locator(`[data-testid="department-savings"] tr[data-department="${code}"]`);
		await expect(row.locator('td')).toHaveText([
			money(f.realizedCents),
			money(f.runRateCents),
			money(f.eligibleMonthlyCents),
			String(f.eligibleNodes),
			money(f.projectedAnnualCents)
		]);
	}

	// every plain-words explanation opens, and says how the projected figure is made
	await page.locator('#projected summary').click();
	await expect(page.locator('#projected')).toContainText(
		`12 × (${money(total.runRateCents)} + ${money(total.eligibleMonthlyCents)}) = ${money(total.projectedAnnualCents)}`
	);

	// the three charts are drawn
	// each chart is drawn when it comes on screen (Chart.svelte): painted() scrolls to it
	for (const n of [0, 1, 2]) await expect.poll(() => painted(page, n)).toBeGreaterThan(1000);

	// spend by month: the table under the chart, month by month, from the billing file
	await page.getByText("The chart's data as a table").first().click();
	const spend = expectedSpend(asOf);
	for (const [m, cents] of spend) {
		await expect(page.locator(`[data-testid="spend-table"] td[data-month="${m}"]`)).toHaveText(
			money(cents)
		);
	}
	// every department's charges, month by month, in the CSV; its totals are the table's
	const spendRows = await downloadCsv(
		page,
		page.getByRole('link', { name: "Download every department's charges by month (CSV)" })
	);
	expect(spendRows.map((r) => [r.Month, Number(r['Total (cents)'])])).toEqual([...spend]);
	expect(spendRows.map((r) => Number(r['ANSC (cents)']))).toEqual([
		...expectedSpend(asOf, 'ANSC').values()
	]);
	// the gap between actual and without the retirements adds up to the realized saving
	await expect(page.getByTestId('comparison-finding')).toContainText(
		new Intl.NumberFormat('en-US', {
			style: 'currency',
			currency: 'USD',
			maximumFractionDigits: 0
		}).format(total.realizedCents / 100)
	);
	await expect(page.getByTestId('projection-finding')).toContainText(
		new Intl.NumberFormat('en-US', {
			style: 'currency',
			currency: 'USD',
			maximumFractionDigits: 0
		}).format(total.projectedAnnualCents / 100)
	);

	// the nodes still billed, 50 a page, every one of them on some page, as the CSV lists them
	expect(total.billedNodes).toBeGreaterThan(50);
	const billed = expected.nodes.filter((n) => !n.retired).map((n) => n.nodename);
	const shown = await nodenamesOfEveryPage(page, total.billedNodes);
	expect([...shown].sort()).toEqual([...billed].sort());
	const rows = await downloadCsv(
		page,
		page.getByRole('link', { name: 'Download the whole list (CSV)' })
	);
	expect(rows.map((r) => r.Nodename)).toEqual(shown);
	expect(new Set(rows.map((r) => r['Billed or retired']))).toEqual(new Set(['billed']));
	await expectAccessible(page);
});

test("one department's savings, and its spend month by month", async ({ page }) => {
	const ansc = expected.byDepartment.get('ANSC')!;
	await page.goto('/savings');
	await page.getByLabel('Department', { exact: true }).selectOption('ANSC');
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(/department=ANSC/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Savings: Animal Science');
	await expect(page.getByTestId('realized')).toHaveText(money(ansc.realizedCents));
	await expect(page.getByTestId('eligible')).toHaveText(money(ansc.eligibleMonthlyCents));
	await expect(page.getByTestId('projected')).toHaveText(money(ansc.projectedAnnualCents));
	// the central cost is the college's: not on a department's page
	await expect(page.getByTestId('net-annual')).toHaveCount(0);
	await page.getByText("The chart's data as a table").first().click();
	for (const [m, cents] of expectedSpend(asOf, 'ANSC')) {
		await expect(page.locator(`[data-testid="spend-table"] td[data-month="${m}"]`)).toHaveText(
			money(cents)
		);
	}
	// retired nodes, each "retired since" the month after its last bill
	await page.getByRole('link', { name: /^Retired/ }).click();
	await expect(page).toHaveURL(/nodes=retired/);
	const retired = expected.nodes
		.filter((n) => n.department === 'ANSC' && n.retired)
		.map((n) => n.nodename);
	expect(retired).toHaveLength(ansc.retiredNodes);
	expect((await nodenamesOfEveryPage(page, ansc.retiredNodes)).sort()).toEqual(retired.sort());

	const missing = await page.goto('/savings?department=NOPE');
	expect(missing?.status()).toBe(404);
});

test('a projection whose low and high ends read the same says one figure', async ({ page }) => {
	const { byDepartment } = expectedSavings();
	const dollars = (cents: number) =>
		new Intl.NumberFormat('en-US', {
			style: 'currency',
			currency: 'USD',
			maximumFractionDigits: 0
		}).format(cents / 100);
	const finding = page.getByTestId('projection-finding');
	const lowAndHigh = async () => {
		await page
			.getByTestId('projection-finding')
			.locator('..')
			.getByText("The chart's data as a table")
			.click();
		const rows = page.getByTestId('projection-table').locator('tbody tr');
		await expect(rows).toHaveCount(12);
		return rows.evaluateAll((all) =>
			all.map((row) => [row.children[1].textContent, row.children[2].textContent])
		);
	};

	// CB: no node of it waits for a first backup, so its low and high months are the same
	await page.goto('/savings?department=CB');
	expect((await lowAndHigh()).every(([low, high]) => low === high)).toBe(true);
	await expect(finding).toHaveText(
		/^Over the next 12 months, to [A-Z][a-z]{2} \d{4}, departments should save (\$[\d,]+)\.$/
	);
	await expect(finding).toContainText(
		`should save ${dollars(byDepartment.get('CB')!.projectedAnnualCents)}.`
	);
	await expectAccessible(page);

	// AEM: first backups finishing make the high end higher: a range
	await page.goto('/savings?department=AEM');
	expect((await lowAndHigh()).some(([low, high]) => low !== high)).toBe(true);
	await expect(finding).toContainText(
		`should save between ${dollars(byDepartment.get('AEM')!.projectedAnnualCents)} and $`
	);
});

test('"Turn off now" lists the eligible nodes and downloads them as CSV', async ({ page }) => {
	const eligible = expected.nodes.filter((n) => n.eligible);
	await page.goto('/savings');
	await page.getByRole('link', { name: /^Turn off now/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Turn off now' })).toBeVisible();
	await expect(page.getByTestId('turn-off-summary')).toContainText(
		`These ${eligible.length} nodes`
	);
	await expect(page.getByTestId('turn-off-summary')).toContainText(
		money(expected.total.eligibleMonthlyCents)
	);
	await expectAccessible(page);

	const download = page.waitForEvent('download');
	await page.getByTestId('csv-download').click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`ez-backup-turn-off-${asOf}.csv`);
	const text = readFileSync(await file.path(), 'utf8');
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
	expect(parsed.meta.fields).toEqual([
		'Account',
		'Nodename',
		'Department',
		'Last billed month',
		'Monthly charge (USD)'
	]);
	expect(
		parsed.data
			.map((r) => [
				r.Account,
				r.Nodename,
				r.Department,
				r['Last billed month'],
				r['Monthly charge (USD)']
			])
			.sort()
	).toEqual(
		eligible
			.map((n) => [
				n.account,
				n.nodename,
				n.department,
				n.lastMonth,
				(n.latestCents / 100).toFixed(2)
			])
			.sort()
	);
	// grouped: the rows of a department and of an account come together
	const keys = parsed.data.map((r) => `${r.Department}\u0000${r.Account}`);
	expect(keys).toEqual([...keys].sort());
	expect(new Set(parsed.data.map((r) => r.Nodename)).size).toBe(eligible.length);

	// the list of every department: each one's count, then its nodes 50 a page, in the CSV's order
	const byDepartment = page.getByTestId('turn-off-departments');
	const counts = new Map<string, number>();
	for (const n of eligible) counts.set(n.department, (counts.get(n.department) ?? 0) + 1);
	await expect(byDepartment.locator('tbody tr')).toHaveCount(counts.size);
	for (const [code, n] of counts) {
		const row = byDepartment.locator('tr', {
			has: page.getByRole('link', { name: new RegExp(`^${code} `) })
		});
		await expect(row.locator('td').nth(1)).toHaveText(String(n));
	}
	const shown = () => page.locator('table[data-account] td.name').allTextContents();
	const pages = Math.ceil(eligible.length / 50);
	expect(pages).toBeGreaterThan(1);
	await expect(page.getByTestId('turn-off-pages-count')).toHaveText(
		`Rows 1 to 50 of ${eligible.length}`
	);
	expect(await shown()).toEqual(parsed.data.slice(0, 50).map((r) => r.Nodename));
	await page.getByTestId('turn-off-pages').getByRole('link', { name: 'Last' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]page=${pages}#`));
	expect(await shown()).toEqual(parsed.data.slice((pages - 1) * 50).map((r) => r.Nodename));
	await expectAccessible(page);

	// a department's own list opens whole, to print
	const [largest] = [...counts].sort((a, b) => b[1] - a[1])[0];
	await byDepartment.getByRole('link', { name: new RegExp(`^${largest} `) }).click();
	await expect(page).toHaveURL(new RegExp(`department=${largest}`));
	await expect(page.getByTestId('turn-off-pages')).toHaveCount(0);
	expect(await shown()).toEqual(
		parsed.data.filter((r) => r.Department === largest).map((r) => r.Nodename)
	);
});

test('an administrator links a node by hand, then removes the link', async ({ page }) => {
	const { nodes } = expectedNodes(asOf);
	// a server still billed that links to no device, and a computer with a working backup
	const server = nodes.find(
		(n) => n.department === 'ANSC' && !n.retired && n.devices.length === 0
	)!;
	const computer = nodes.find(
		(n) => n.department !== 'ANSC' && n.eligible && n.devices.length === 1
	)!.devices[0];
	const ansc = expected.byDepartment.get('ANSC')!;

	await page.goto('/admin/links');
	await expect(
		page.getByTestId('unlinked').locator(`tr[data-node="${server.nodename}"]`)
	).toBeVisible();
	await expectAccessible(page);

	// a device name that names nothing is refused next to the field
	await page.getByLabel('Nodename', { exact: true }).first().fill(server.nodename);
	await page.getByLabel('Device (name, host name or uid)').fill('NO-SUCH-PC');
	await page.getByRole('button', { name: 'Link', exact: true }).click();
	await expect(page.locator('#device-error')).toContainText(
		'No Code42 device is named "NO-SUCH-PC"'
	);

	await page.getByLabel('Device (name, host name or uid)').fill(computer);
	await page.getByRole('button', { name: 'Link', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Linked' })).toContainText(
		`Linked ${server.nodename} to ${computer}`
	);
	await page.reload();
	const hand = page.getByTestId('hand-links');
	await expect(hand).toContainText(server.nodename);
	await expect(hand).toContainText('linked');
	await expect(hand).toContainText(ADMIN.email);
	await expect(
		page.getByTestId('unlinked').locator(`tr[data-node="${server.nodename}"]`)
	).toHaveCount(0);

	// ANSC can now turn the server off too
	await page.goto('/savings?department=ANSC');
	await expect(page.getByTestId('eligible')).toHaveText(
		money(ansc.eligibleMonthlyCents + server.latestCents)
	);
	const row = page.getByTestId('nodes-table').locator(`tr[data-node="${server.nodename}"]`);
	await expect(row).toContainText(computer);
	await expect(row).toContainText('linked by hand');

	// remove it from the node's own links
	await page.goto(`/admin/links?node=${encodeURIComponent(server.nodename)}`);
	await page
		.getByTestId('node-links')
		.getByRole('button', { name: `Remove link to ${computer}` })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Removed' })).toContainText(
		`Removed the link of ${server.nodename}`
	);
	await page.goto('/savings?department=ANSC');
	await expect(page.getByTestId('eligible')).toHaveText(money(ansc.eligibleMonthlyCents));

	// the removal is on record; handing the pair back to the name rule clears it
	await page.goto('/admin/links');
	await expect(page.getByTestId('hand-links')).toContainText('not linked');
	await page
		.getByTestId('hand-links')
		.getByRole('button', { name: /Back to the name rule/ })
		.click();
	await expect(page.getByText('None yet: every link follows the name rule.')).toBeVisible();
});

test("the central Code42 cost gives the college's net", async ({ page }) => {
	const active = sampleFigures().active;
	await page.goto('/admin/settings');
	await expect(page.getByTestId('tariffs')).toContainText('$5.50');
	await expectAccessible(page);

	await page.getByLabel('Effective month').nth(1).fill('2020-01');
	await page.getByLabel('Per device ($)').fill('1.2x');
	await page.getByRole('button', { name: 'Save the cost' }).click();
	await expect(page.locator('#cost-amount-error')).toContainText('in dollars and cents');

	await page.getByLabel('Per device ($)').fill('1.25');
	await page.getByRole('button', { name: 'Save the cost' }).click();
	await expect(page.getByTestId('code42-costs')).toContainText('$1.25');

	await page.goto('/savings');
	const code42 = active * 125;
	await expect(page.getByTestId('net-code42')).toHaveText(`${money(12 * code42)} a year`);
	await expect(page.getByTestId('net-annual')).toHaveText(
		`${money(expected.total.projectedAnnualCents - 12 * code42)} a year`
	);

	await page.goto('/admin/settings');
	await page.getByRole('button', { name: `Remove the cost from ${month('2020-01')}` }).click();
	await expect(page.getByTestId('no-cost')).toBeVisible();
});

test('the savings page reads well in dark mode and on a narrow screen', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.setViewportSize({ width: 420, height: 900 });
	await page.goto('/savings/turn-off?department=SIPS');
	await expectAccessible(page);
	await page.goto('/savings?department=SIPS');
	await expect(page.getByTestId('realized')).toHaveText(
		money(expected.byDepartment.get('SIPS')!.realizedCents)
	);
	await expectAccessible(page);
});

/** Pages of a PDF: its page objects. */
const pdfPages = (pdf: Buffer) =>
	(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

test('the savings page prints on at most two pages, with its charts', async ({ page }) => {
	await page.goto('/savings');
	await page.emulateMedia({ media: 'print' });
	const college = pdfPages(await page.pdf({ format: 'Letter', printBackground: true }));
	expect(college).toBeGreaterThanOrEqual(1);
	expect(college).toBeLessThanOrEqual(2);

	await page.emulateMedia({ media: 'screen' });
	await page.goto('/savings?department=ANSC');
	await page.emulateMedia({ media: 'print' });
	const pages = pdfPages(await page.pdf({ format: 'Letter', printBackground: true }));
	expect(pages).toBeGreaterThanOrEqual(1);
	expect(pages).toBeLessThanOrEqual(2);
	// on paper the charts still fit the page width
	const widths = await page
		.locator('canvas')
		.evaluateAll((list) => list.map((c) => c.getBoundingClientRect().width));
	const main = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
	for (const w of widths) expect(w).toBeLessThanOrEqual(main + 1);
	await expect(page.locator('nav[aria-label="Sections"]')).toBeHidden();
});

test("a department page opens with the manager's sentence, linked to its details", async ({
	page
}) => {
	const ansc = expected.byDepartment.get('ANSC')!;
	await page.goto('/departments/ANSC');
	const sentence = page.getByTestId('savings-sentence');
	await expect(sentence).toHaveText(
		`Saved ${money(ansc.realizedCents)} since ${month(savingSince('ANSC'))}; ` +
			`${money(ansc.eligibleMonthlyCents)} more a month once these ${ansc.eligibleNodes} accounts are turned off.`
	);
	await sentence.getByTestId('sentence-accounts').click();
	await expect(page).toHaveURL(/\/savings\/turn-off\?department=ANSC/);
	await expect(page.getByTestId('turn-off-summary')).toContainText(
		`These ${ansc.eligibleNodes} nodes`
	);
	await page.goBack();
	await page.getByTestId('sentence-realized').click();
	await expect(page).toHaveURL(/\/savings\?department=ANSC.*#realized/);
	await expect(page.getByTestId('realized')).toHaveText(money(ansc.realizedCents));
});

test('a department page prints on one or two pages, with its charts', async ({ page }) => {
	await page.goto('/departments/ANSC');
	await expect(page.getByTestId('savings-sentence')).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	const pages = pdfPages(await page.pdf({ format: 'Letter', printBackground: true }));
	expect(pages).toBeGreaterThanOrEqual(1);
	expect(pages).toBeLessThanOrEqual(2);
	const main = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
	const widths = await page
		.locator('canvas')
		.evaluateAll((list) => list.map((c) => c.getBoundingClientRect().width));
	for (const w of widths) expect(w).toBeLessThanOrEqual(main + 1);
	await expect(page.getByTestId('savings-sentence')).toBeVisible();
});

/** A manager of one department, signed in in a browser of their own. */
async function signInAsManager(page: Page, browser: Browser, department: string) {
	const email = `${department.toLowerCase()}.savings@college.edu`;
	const password = 'savings manager passphrase';
	await page.goto('/admin/users');
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Email').fill(email);
	await form.getByLabel('Password').fill(password);
	await form.getByLabel('Role').selectOption('manager');
	await form.getByLabel('Departments').fill(department);
	await form.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByText(`${email} was added.`)).toBeVisible();
	const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
	const manager = await context.newPage();
	await manager.goto('/login');
	await manager.getByLabel('Email').fill(email);
	await manager.getByLabel('Password').fill(password);
	await manager.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(manager).toHaveURL(/\/$/, { timeout: 60_000 });
	return manager;
}

test('a manager sees only their department’s savings and list', async ({ page, browser }) => {
	const entom = expected.byDepartment.get('ENTOM')!;
	const manager = await signInAsManager(page, browser, 'ENTOM');

	await manager.goto('/savings');
	await expect(manager.getByTestId('realized')).toHaveText(money(entom.realizedCents));
	await expect(manager.getByTestId('eligible')).toHaveText(money(entom.eligibleMonthlyCents));
	// the college's net and the other departments are not theirs to see
	await expect(manager.getByTestId('net-annual')).toHaveCount(0);
	await expect(manager.getByTestId('department-savings')).toHaveCount(0);
	expect((await manager.goto('/savings?department=ANSC'))?.status()).toBe(404);
	expect((await manager.goto('/savings/turn-off?department=ANSC'))?.status()).toBe(404);
	const other = await manager.request.get('/savings/turn-off/export?department=ANSC');
	expect(other.status()).toBe(404);

	const mine = await manager.request.get('/savings/turn-off/export');
	expect(mine.status()).toBe(200);
	const rows = Papa.parse<Record<string, string>>(await mine.text(), {
		header: true,
		skipEmptyLines: true
	}).data;
	expect(rows).toHaveLength(entom.eligibleNodes);
	expect(new Set(rows.map((r) => r.Department))).toEqual(new Set(['ENTOM']));
	// the charges by month: their department's column alone
	expect((await manager.request.get('/savings/spend.csv?department=ANSC')).status()).toBe(404);
	const spend = await manager.request.get('/savings/spend.csv');
	expect(spend.status()).toBe(200);
	expect((await spend.text()).split('\r\n')[0]).toBe('Month,ENTOM (cents),Total (cents)');

	// the administrator pages stay closed
	expect((await manager.goto('/admin/links'))?.status()).toBe(403);
	expect((await manager.goto('/admin/settings'))?.status()).toBe(403);
	await manager.context().close();
});
