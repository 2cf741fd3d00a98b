import { describe, expect, it } from 'vitest';
import { opens } from './sections';

const manager = [
	{ href: '/', label: 'Overview' },
	{ href: '/health', label: 'Backup health' }
];
const admin = [...manager, { href: '/admin', label: 'Admin' }];

describe('opens', () => {
	it('opens a section and the pages under it', () => {
		expect(opens(admin, '/admin')).toBe(true);
		expect(opens(admin, '/admin/settings')).toBe(true);
		expect(opens(manager, '/admin/health')).toBe(false);
	});

	it('does not take the overview for every page, nor a name that only begins the same', () => {
		expect(opens(manager, '/')).toBe(true);
		expect(opens(manager, '/imports')).toBe(false);
		expect(opens(admin, '/administrators')).toBe(false);
	});
});
