import { defineConfig } from '@playwright/test';

// The end-to-end tests run against the production build on a throwaway database, in Debian's
// Chromium: browsers are never downloaded here.
const port = Number(process.env.E2E_PORT ?? 4173);
const database = process.env.E2E_DATABASE ?? 'tmp/e2e/dashboard.db';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-dev-shm-usage'
			]
		}
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
