import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectedNodes, expectedSpend } from './savings-samples';

// The long Savings page reads top-down: the story first (what EZ-Backup charged month by month,
// the saving, what is left), then the departments, then the nodes. Its stacked monthly chart
// shows the 6 departments charged most and the others as one band, worked out here from the
// sample billing file.

test('the savings page tells its story first, then the departments, then the nodes', async ({
	page
}) => {
	await page.goto('/savings');
	const main = page.locator('main');
	await expect(main.locator('h2')).toHaveText([
		'What EZ-Backup charged, by month',
		'The saving',
		'What is left',
		"The college's net",
		'By department',
		'EZ-Backup nodes'
	]);
	// each part of the story holds its figures and its chart
	const part = (name: string) =>
		main.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
	await expect(part('The saving').getByTestId('realized')).toBeVisible();
	await expect(part('The saving').getByTestId('run-rate')).toBeVisible();
	await expect(part('The saving').getByTestId('comparison-finding')).toBeVisible();
	await expect(part('What is left').getByTestId('eligible')).toBeVisible();
	await expect(part('What is left').getByTestId('projected')).toBeVisible();
	await expect(part('What is left').getByTestId('projection-finding')).toBeVisible();
	await expect(part('What is left').getByRole('link', { name: /^Turn off now/ })).toBeVisible();

	// the stacked chart: the 6 departments charged most, largest first, then the others together
	const { codes } = expectedNodes();
	const charged = codes
		.map((code) => ({
			code,
			cents: [...expectedSpend('2020-11-30', code).values()].reduce((a, b) => a + b, 0)
		}))
		.filter((d) => d.cents > 0)
		.sort((a, b) => b.cents - a.cents);
	expect(charged.length).toBeGreaterThan(7);
	const spend = part('What EZ-Backup charged, by month');
	await spend.getByText("The chart's data as a table").click();
	await expect(spend.getByTestId('spend-table').locator('thead th')).toHaveText([
		'Month',
		...charged.slice(0, 6).map((d) => d.code),
		`${charged.length - 6} other departments`,
		'Total'
	]);

	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
});
