import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_RULES, RULED_ROUTES } from './access';

// Every page and endpoint must have an access rule: the hook denies a route without one, and
// this test says which file lacks it before a user finds out.

const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const ROUTE_FILE = /^\+(page|server)(\.server)?\.(svelte|ts|js)$/;

/** The route ids (as in `event.route.id`) of every +page and +server file under src/routes. */
function routeIds(dir = ROUTES_DIR): Map<string, string[]> {
	const ids = new Map<string, string[]>();
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile() || !ROUTE_FILE.test(entry.name)) continue;
		const folder = relative(ROUTES_DIR, entry.parentPath);
		const id = folder === '' ? '/' : `/${folder.split(sep).join('/')}`;
		ids.set(id, [...(ids.get(id) ?? []), join('src/routes', folder, entry.name)]);
	}
	return ids;
}

describe('route rules', () => {
	const routes = routeIds();

	it('finds the routes it checks', () => {
		expect(routes.get('/login')).toContain(join('src/routes', 'login', '+page.svelte'));
		expect(routes.has('/admin/audit/export')).toBe(true);
	});

	it('has a rule for every +page and +server file under src/routes', () => {
		const missing = [...routes]
			.filter(([id]) => !(id in ROUTE_RULES))
			.flatMap(([, files]) => files);
		expect(missing, 'add these routes to ROUTE_RULES in src/lib/server/access.ts').toEqual([]);
	});

	it('has no rule for a route that does not exist (a typo would leave the real one denied)', () => {
		const stale = RULED_ROUTES.filter((id) => !routes.has(id));
		expect(stale, 'these ROUTE_RULES name no route under src/routes').toEqual([]);
	});
});
