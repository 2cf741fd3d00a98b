// Signing in and out, what each role may open, and the administrator's user and audit pages, in
// the browser against the production build. Runs after auth.setup.ts, signed in as its admin.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addUser, ADMIN, ADMIN_STATE, signedOut, signIn } from './auth-users';
import { openStarted } from './started';

// signing in lands on the overview, which computes every figure of the sample data
test.describe.configure({ timeout: 90_000 });

async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a signed-out visitor is sent to sign in, and comes back where they were going', async ({
	browser
}) => {
	const page = await signedOut(browser);
	await page.goto('/admin/audit?action=sign-in');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Faudit%3Faction%3Dsign-in$/);
	await expectAccessible(page);
	await signIn(page, ADMIN.email, ADMIN.password);
	await expect(page).toHaveURL(/\/admin\/audit\?action=sign-in$/, { timeout: 30_000 });
	await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
});

/**
 * Opens `path` with its scripts held back until `typing` is done, as on a slow connection (its
 * stylesheets come: the start script waits for them, and the page with it), then lets them run
 * and waits until the page's script has taken it over (the root layout marks it).
 */
async function typedBeforeScripts(page: Page, path: string, typing: () => Promise<void>) {
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(path, { waitUntil: 'domcontentloaded' });
	await typing();
	release();
	await expect(page.locator('html[data-started]')).toHaveCount(1);
}

test('an email typed before the page has loaded its scripts is still there after', async ({
	browser
}) => {
	const page = await signedOut(browser);
	const email = page.getByLabel('Email');
	await typedBeforeScripts(page, '/login', () => email.fill('typed.early@example.edu'));
	await expect(email).toHaveValue('typed.early@example.edu');
});

test('an administrator who types a new user before the page has its scripts keeps what was typed', async ({
	page
}) => {
	const form = page.locator('form[action="?/add"]');
	await typedBeforeScripts(page, '/admin/users', async () => {
		await form.getByLabel('Email').fill('typed.early.user@example.edu');
		await form.getByLabel('Departments').fill('ANSC');
	});
	await expect(form.getByLabel('Email')).toHaveValue('typed.early.user@example.edu');
	await expect(form.getByLabel('Departments')).toHaveValue('ANSC');
});

test('the session cookie is httpOnly and SameSite=Lax', async ({ page }) => {
	await page.goto('/');
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name.endsWith('better-auth.session_token'));
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
	// nothing in the page can read it
	expect(await page.evaluate(() => document.cookie)).not.toContain('session_token');
});

test('a wrong password says so, and too many wrong ones are refused for a while', async ({
	page,
	browser
}) => {
	await addUser(page, {
		email: 'locked.out@college.edu',
		password: 'the real passphrase',
		role: 'leadership'
	});
	const visitor = await signedOut(browser);
	await visitor.goto('/login');
	for (let i = 1; i <= 5; i++) {
		await signIn(visitor, 'locked.out@college.edu', `wrong guess ${i}`);
		await expect(visitor.getByRole('alert')).toHaveText('The email or password is wrong.');
	}
	await signIn(visitor, 'locked.out@college.edu', 'the real passphrase');
	await expect(visitor.getByRole('alert')).toContainText(
		'Too many failed sign-in attempts: wait 15 minutes'
	);
	await expect(visitor).toHaveURL(/\/login/);

	await page.goto('/admin/audit?action=sign-in.rate-limited');
	await expect(page.getByRole('cell', { name: 'locked.out@college.edu' }).first()).toBeVisible();
});

test('a manager reads their pages but not the administrator pages, and signs out', async ({
	page,
	browser
}) => {
	await addUser(page, {
		email: 'ansc.manager@college.edu',
		password: 'manager passphrase',
		role: 'manager',
		departments: 'ANSC'
	});
	const manager = await signedOut(browser);
	await manager.goto('/login');
	await signIn(manager, 'ansc.manager@college.edu', 'manager passphrase');
	await expect(manager).toHaveURL(/\/$/, { timeout: 30_000 });
	const denied = await manager.goto('/admin/users');
	expect(denied?.status()).toBe(403);

	await manager.goto('/logout');
	await expectAccessible(manager);
	// the sign-out page's own button (the app shell has one too)
	await manager.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
	await expect(manager).toHaveURL(/\/login$/);
	await manager.goto('/');
	await expect(manager).toHaveURL(/\/login$/);
});

test('a user without a role is told to ask the IT office', async ({ page, browser }) => {
	await addUser(page, {
		email: 'no.role@college.edu',
		password: 'no role passphrase',
		role: 'none'
	});
	const visitor = await signedOut(browser);
	await visitor.goto('/login');
	await signIn(visitor, 'no.role@college.edu', 'no role passphrase');
	await expect(visitor).toHaveURL(/\/no-access$/);
	await expect(
		visitor.getByRole('heading', { name: 'No access yet: ask your IT office.' })
	).toBeVisible();
	await expectAccessible(visitor);
});

test('the administrator pages are accessible and the audit log exports as CSV', async ({
	page
}) => {
	for (const path of ['/admin/users', '/admin/sso', '/admin/audit']) {
		await page.goto(path);
		await expectAccessible(page);
	}
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Export CSV' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
	const { readFile } = await import('node:fs/promises');
	const csv = await readFile((await file.path())!, 'utf8');
	expect(csv.split('\r\n')[0]).toBe('id,at,actor,action,subject,details');
	expect(csv).toContain(`,setup.first-admin,${ADMIN.email},`);
});

test('removing a user asks first: in a dialog, or on the page when pressed before it can', async ({
	page,
	browser
}) => {
	const password = 'a passphrase long enough';
	for (const email of ['gone.one@college.edu', 'gone.two@college.edu'])
		await addUser(page, { email, password, role: 'leadership' });

	// with the page's script: the dialog asks, and OK removes
	await openStarted(page, '/admin/users');
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		void dialog.accept();
	});
	await page.getByRole('button', { name: 'Remove gone.one@college.edu' }).click();
	// (the sample-data banner is a status too)
	const answer = (p: Page) => p.getByRole('status').filter({ hasText: 'gone.' });
	await expect(answer(page)).toHaveText('gone.one@college.edu was removed.');
	expect(asked).toBe('Remove gone.one@college.edu? They can no longer sign in.');
	await expect(page.getByRole('button', { name: 'Remove gone.one@college.edu' })).toHaveCount(0);

	// without it (JavaScript off, or pressed too early): the page asks, and nothing is removed yet
	const context = await browser.newContext({ javaScriptEnabled: false, storageState: ADMIN_STATE });
	const noScript = await context.newPage();
	await noScript.goto('/admin/users');
	await noScript.getByRole('button', { name: 'Remove gone.two@college.edu' }).click();
	await expect(answer(noScript)).toHaveText(
		'Remove gone.two@college.edu? They can no longer sign in.'
	);
	const removeTwo = noScript.getByRole('button', { name: 'Remove gone.two@college.edu' });
	await expect(removeTwo).toBeVisible();
	await noScript.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(answer(noScript)).toHaveText('gone.two@college.edu was removed.');
	await expect(removeTwo).toHaveCount(0);
	await context.close();
});

test('clearing the sample data asks first, and keeping it changes nothing', async ({
	page,
	browser
}) => {
	const banner = (p: Page) => p.getByText('You are looking at sample data');
	const question =
		'Clear the sample data? Every sample import is undone, and the figures show only the exports you import.';

	// with the page's script: the dialog asks; Cancel keeps the samples
	await openStarted(page, '/admin');
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		void dialog.dismiss();
	});
	await page.getByRole('button', { name: 'Clear the sample data' }).click();
	await expect.poll(() => asked).toBe(question);
	await page.reload();
	await expect(banner(page)).toBeVisible();

	// without it: the page asks, and "Keep it" leaves the samples where they are
	const context = await browser.newContext({ javaScriptEnabled: false, storageState: ADMIN_STATE });
	const noScript = await context.newPage();
	await noScript.goto('/admin');
	await noScript.getByRole('button', { name: 'Clear the sample data' }).click();
	await expect(noScript.getByRole('status').filter({ hasText: 'Clear the sample' })).toHaveText(
		question
	);
	await expect(noScript.getByRole('button', { name: 'Yes, clear the sample data' })).toBeVisible();
	await noScript.getByRole('link', { name: 'Keep it' }).click();
	await expect(noScript).toHaveURL(/\/admin$/);
	await expect(banner(noScript)).toBeVisible();
	await expect(noScript.getByRole('button', { name: 'Clear the sample data' })).toBeVisible();
	await context.close();
});
