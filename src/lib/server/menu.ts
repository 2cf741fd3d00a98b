// The menu of the app shell: the sections a person may open, decided by the route rules of
// access.ts (the one table of who may open what), so that the menu never offers a dead end and
// never needs changing on its own when a rule does.
import type { Section } from '$lib/sections';
import type { SessionUser } from './auth';
import { decide } from './access';

/** Every section, in the menu's order; each href is also its route id. */
export const SECTIONS: readonly Section[] = [
	{ href: '/', label: 'Overview' },
	{ href: '/departments', label: 'Departments' },
	{ href: '/health', label: 'Backup health' },
	{ href: '/savings', label: 'Savings' },
	{ href: '/imports', label: 'Imports' },
	{ href: '/admin', label: 'Admin' }
];

/** The sections `user` may open (none while signed out or without a role). */
export function menuFor(user: Pick<SessionUser, 'role'> | null): Section[] {
	return SECTIONS.filter(
		({ href }) =>
			decide({
				routeId: href,
				method: 'GET',
				url: new URL(href, 'http://menu.invalid'),
				user,
				hasUsers: true
			}).kind === 'allow'
	);
}
