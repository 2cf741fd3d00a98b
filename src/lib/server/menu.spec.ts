import { describe, expect, it } from 'vitest';
import { ROUTE_RULES } from './access';
import { menuFor, SECTIONS } from './menu';

const labels = (role: Parameters<typeof menuFor>[0]) => menuFor(role).map((e) => e.label);

describe('the menu', () => {
	it('offers each role the sections its route rules let it open', () => {
		const all = ['Overview', 'Departments', 'Backup health', 'Savings'];
		expect(labels({ role: 'admin' })).toEqual([...all, 'Imports', 'Admin']);
		expect(labels({ role: 'uploader' })).toEqual([...all, 'Imports']);
		expect(labels({ role: 'leadership' })).toEqual([...all, 'Imports']);
		expect(labels({ role: 'manager' })).toEqual(all);
	});

	it('offers nothing to someone signed out or without a role', () => {
		expect(menuFor(null)).toEqual([]);
		expect(menuFor({ role: null })).toEqual([]);
	});

	it('names only pages that have a rule (a section without one would be denied to all)', () => {
		expect(SECTIONS.filter(({ href }) => !(href in ROUTE_RULES))).toEqual([]);
	});
});
