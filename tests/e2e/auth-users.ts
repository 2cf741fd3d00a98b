// The people the end-to-end tests sign in as. The first administrator is created through the
// first-run page by auth.setup.ts, which saves the signed-in browser state to ADMIN_STATE for the
// other specs (playwright.config.ts: a 'setup' project they depend on).

export const ADMIN = {
	name: 'Erin Admin',
	email: 'erin.admin@college.edu',
	password: 'e2e administrator passphrase'
};

export const ADMIN_STATE = 'tmp/e2e/admin-state.json';
