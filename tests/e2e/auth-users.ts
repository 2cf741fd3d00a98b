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
