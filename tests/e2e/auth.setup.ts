// First run on the fresh end-to-end database: every page leads to /setup, which creates the first
// administrator and signs them in. The signed-in state is saved for the other specs.
import AxeBuilder from '@axe-core/playwright';
import { expect, test as setup } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './auth-users';

setup('the first run creates the first administrator and signs them in', async ({ page }) => {
	// the overview it lands on computes every figure of the sample data
	setup.setTimeout(90_000);
	await page.goto('/savings');
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);

	await page.getByLabel('Name').fill(ADMIN.name);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
	await page.getByLabel('Confirm password').fill('a different passphrase');
	await page.getByRole('button', { name: 'Create administrator' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'The two passwords differ: type the same one twice.'
	);

	await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
	await page.getByLabel('Confirm password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Create administrator' }).click();
	await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });

	// once someone exists, the first-run page is gone
	const again = await page.request.get('/setup', { maxRedirects: 0 });
	expect(again.status()).toBe(303);
	expect(again.headers().location).toBe('/');
	await page.context().storageState({ path: ADMIN_STATE });
});
