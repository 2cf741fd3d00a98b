import { expect, type Browser, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';

// The people the end-to-end tests sign in as. The first administrator is created through the
// first-run page by auth.setup.ts, which saves the signed-in browser state to ADMIN_STATE for the
// other specs (playwright.config.ts: a 'setup' project they depend on).

export const ADMIN = {
	name: 'Erin Admin',
	email: 'erin.admin@college.edu',
	password: 'e2e administrator passphrase'
};

// Beside the run's own database, so that two runs of the suite at once never share a session.
export const ADMIN_STATE = join(
	dirname(process.env.E2E_DATABASE ?? 'tmp/e2e/dashboard.db'),
	'admin-state.json'
);

/** A browser with nobody signed in. */
export async function signedOut(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
	return context.newPage();
}

/** Fills and sends the sign-in form of the page. */
export async function signIn(page: Page, email: string, password: string) {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Adds a user on the admin page, as the signed-in administrator of `page`. */
export async function addUser(
	page: Page,
	user: { email: string; password: string; role: string; departments?: string }
) {
	await page.goto('/admin/users');
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Email').fill(user.email);
	await form.getByLabel('Password').fill(user.password);
	await form.getByLabel('Role').selectOption(user.role);
	await form.getByLabel('Departments').fill(user.departments ?? '');
	await form.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByText(`${user.email} was added.`)).toBeVisible();
}
