// A person's account page: who they are, and the weekly digest they can say no to (and yes again).
// The digest itself, and that a "no" keeps the mail from going, are tested through a real SMTP
// server in src/lib/server/digest/smtp.spec.ts.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { addUser, signedOut, signIn } from './auth-users';
import { openStarted } from './started';

const MANAGER = {
	email: 'digest.manager@college.edu',
	password: 'a manager passphrase for the digest',
	role: 'manager',
	departments: 'ANSC'
};

test('a manager says no to the weekly digest on their account page, and yes again', async ({
	page,
	browser
}) => {
	await addUser(page, MANAGER);
	const manager = await signedOut(browser);
	await manager.goto('/login');
	await signIn(manager, MANAGER.email, MANAGER.password);
	await expect(manager).not.toHaveURL(/\/login/);
	await openStarted(manager, '/account');
	await expect(manager.getByText('Department manager of ANSC', { exact: true })).toBeVisible();
	const results = await new AxeBuilder({ page: manager }).analyze();
	expect(
		results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	).toEqual([]);

	const wants = manager.getByRole('checkbox', { name: 'Send me the weekly digest' });
	await expect(wants).toBeChecked();
	await wants.uncheck();
	await manager.getByRole('button', { name: 'Save' }).click();
	await expect(manager.getByRole('status').filter({ hasText: 'digest' })).toHaveText(
		'You will no longer get the weekly digest.'
	);
	await manager.reload();
	await expect(wants).not.toBeChecked();

	await wants.check();
	await manager.getByRole('button', { name: 'Save' }).click();
	await expect(manager.getByRole('status').filter({ hasText: 'digest' })).toHaveText(
		'You will get the weekly digest.'
	);
	await manager.reload();
	await expect(wants).toBeChecked();
	await manager.context().close();
});
