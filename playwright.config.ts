import { defineConfig } from '@playwright/test';
import { findChromium, launchOptions, NO_CHROMIUM } from './scripts/chromium';
import { ADMIN_STATE } from './tests/e2e/auth-users';

// The end-to-end tests run against the production build on a throwaway database, in the Chromium
// that scripts/chromium.ts finds (`npm test` checks first that one runs): never a download.
const chromium = findChromium();
if (!chromium) throw new Error(NO_CHROMIUM);
const port = Number(process.env.E2E_PORT ?? 4173);
const database = process.env.E2E_DATABASE ?? 'tmp/e2e/dashboard.db';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: 'list',
	// the overview computes every figure of the sample data on its first load after an import
	timeout: 90_000,
	expect: { timeout: 15_000 },
	projects: [
		// the first run creates the first administrator; every other spec starts signed in as them
		{ name: 'setup', testMatch: /auth\.setup\.ts/ },
		{
			name: 'chromium',
			testIgnore: /auth\.setup\.ts/,
			dependencies: ['setup'],
			use: { storageState: ADMIN_STATE }
		}
	],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: launchOptions(chromium, [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-dev-shm-usage'
		])
	},
	webServer: {
		command: 'npx tsx scripts/start.ts --fresh --no-build',
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: database,
			ORIGIN: `http://127.0.0.1:${port}`
		}
	}
});
