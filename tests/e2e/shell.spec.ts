// What each role meets around the pages: the menu offers only what the role may open, no link on
// a page leads to a page it may not open, and a page it may not open (403) or that does not exist
// for it (404) keeps the app shell: the menu, who is signed in, sign out, and a way back.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addUser, signedOut, signIn } from './auth-users';

const SHOTS = process.env.E2E_SHOTS;

// each test signs someone in, which lands on the overview
test.describe.configure({ timeout: 120_000 });

const PEOPLE = {
	manager: {
		email: 'shell.manager@college.edu',
		password: 'shell manager passphrase',
		role: 'manager',
		departments: 'ANSC'
	},
	uploader: {
		email: 'shell.uploader@college.edu',
		password: 'shell uploader passphrase',
		role: 'uploader'
	},
	leadership: {
		email: 'shell.leadership@college.edu',
		password: 'shell leadership passphrase',
		role: 'leadership'
	}
} as const;

type Who = keyof typeof PEOPLE;
const added = new Set<Who>();

/** A browser signed in as `who`, added first by the administrator of `admin` when needed. */
async function signedInAs(
	browser: Browser,
	admin: Page,
	who: Who,
	viewport = { width: 1366, height: 900 }
): Promise<Page> {
	const person = PEOPLE[who];
	if (!added.has(who)) {
		await addUser(admin, person);
		added.add(who);
	}
	const page = await signedOut(browser);
	await page.setViewportSize(viewport);
	await page.goto('/login');
	await signIn(page, person.email, person.password);
	await expect(page).toHaveURL(/\/$/, { timeout: 60_000 });
	return page;
}

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

const menu = (page: Page) =>
	page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents();

/** The app shell around whatever the page shows: menu, who is signed in, sign out. */
async function expectShell(page: Page, email: string, sections: string[]) {
	expect((await menu(page)).map((s) => s.trim())).toEqual(sections);
	await expect(page.getByRole('banner')).toContainText(email.split('@')[0]);
	await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const READERS = ['Overview', 'Departments', 'Backup health', 'Savings'];

test('the menu offers each role only the sections it may open', async ({ page, browser }) => {
	await page.goto('/');
	expect(await menu(page)).toEqual([...READERS, 'Imports', 'Admin']);
	for (const [who, sections] of [
		['manager', READERS],
		['uploader', [...READERS, 'Imports']],
		['leadership', [...READERS, 'Imports']]
	] as const) {
		const person = await signedInAs(browser, page, who);
		await expectShell(person, PEOPLE[who].email, [...sections]);
		// and each of them opens
		for (const link of await person
			.getByRole('navigation', { name: 'Sections' })
			.getByRole('link')
			.all()) {
			const response = await person.request.get((await link.getAttribute('href'))!);
			expect(response.status(), `${who}: ${await link.textContent()}`).toBe(200);
		}
		await person.context().close();
	}
});

test('no link on a page leads a manager or an uploader to a page they may not open', async ({
	page,
	browser
}) => {
	for (const who of ['manager', 'uploader'] as const) {
		const person = await signedInAs(browser, page, who);
		const paths = new Set<string>();
		for (const path of ['/', '/departments', '/departments/ANSC', '/health', '/savings']) {
			await person.goto(path);
			for (const href of await person
				.locator('a[href^="/"]')
				.evaluateAll((links) => links.map((a) => a.getAttribute('href')!))) {
				paths.add(href.split('#')[0]);
			}
		}
		const dead: string[] = [];
		for (const path of paths) {
			const status = (await person.request.get(path, { maxRedirects: 0 })).status();
			if (status === 403 || status === 404) dead.push(`${path}: ${status}`);
		}
		expect(dead, `${who} links to`).toEqual([]);
		await person.context().close();
	}
});

test('a page the role may not open answers 403 inside the app shell', async ({ page, browser }) => {
	const manager = await signedInAs(browser, page, 'manager', { width: 390, height: 844 });
	for (const path of ['/admin/users', '/imports', '/admin/audit/export']) {
		const response = await manager.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(manager.getByRole('heading', { level: 1 })).toHaveText(
			'You do not have access to this page.'
		);
		await expect(manager.getByRole('main')).toContainText('Your role, Department manager');
		await expectShell(manager, PEOPLE.manager.email, READERS);
	}
	await expectAccessible(manager);
	if (SHOTS) await manager.screenshot({ path: `${SHOTS}/403-manager-390.png`, fullPage: true });

	// the way back works
	await manager.getByRole('link', { name: 'Back to the overview' }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Code42 rollout' })).toBeVisible();

	// an uploader's 403 too
	const uploader = await signedInAs(browser, page, 'uploader');
	expect((await uploader.goto('/admin/users'))?.status()).toBe(403);
	await expectShell(uploader, PEOPLE.uploader.email, [...READERS, 'Imports']);
	await expectAccessible(uploader);
	await manager.context().close();
	await uploader.context().close();
});

test("a page that does not exist, or another department's, is a 404 inside the app shell", async ({
	page,
	browser
}) => {
	const manager = await signedInAs(browser, page, 'manager', { width: 390, height: 844 });
	for (const [path, message] of [
		['/departments/AEM', 'No such department.'],
		['/no-such-page', 'Not Found']
	]) {
		const response = await manager.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(manager.getByRole('heading', { level: 1 })).toHaveText(message);
		await expectShell(manager, PEOPLE.manager.email, READERS);
		await expect(manager.getByRole('link', { name: 'Back to the overview' })).toBeVisible();
		await expectAccessible(manager);
	}
	await manager.context().close();
});
