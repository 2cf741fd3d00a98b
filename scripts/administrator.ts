// The administrator a measuring tool signs in as (`npm run bench`, `npm run load-test`, the
// reliability tests): added to a database through `npm run users`, as a person would, then signed
// in through the login form, so every page is measured as it is served to someone signed in.
import { spawnSync } from 'node:child_process';

export interface Credentials {
	email: string;
	password: string;
}

/**
 * Adds `who` as an administrator of `database` (migrating it first). Returns null when done or
 * when they exist already, else the error the command printed.
 */
export function addAdministrator(database: string, who: Credentials): string | null {
	const result = spawnSync(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/users.ts',
			'add',
			'--email',
			who.email,
			'--password',
			who.password,
			'--role',
			'admin'
		],
		{ env: { ...process.env, DATABASE_URL: database }, encoding: 'utf8' }
	);
	if (result.status === 0 || /exist/i.test(result.stderr + result.stdout)) return null;
	return (
		/SqliteError: .*/.exec(result.stderr)?.[0] ??
		(result.stderr || result.stdout).trim().split('\n').pop() ??
		`exit status ${result.status}`
	);
}

/** Signs `who` in at `origin`; the session cookie, or '' with the status when none was set. */
export async function signIn(
	origin: string,
	who: Credentials
): Promise<{ cookie: string; status: number }> {
	const response = await fetch(`${origin}/login?/signIn`, {
		method: 'POST',
		body: new URLSearchParams({ email: who.email, password: who.password }),
		redirect: 'manual',
		headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { cookie, status: response.status };
}
