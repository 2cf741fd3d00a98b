import { error, type RequestEvent } from '@sveltejs/kit';
import { departmentScope as scopeOf } from '../access';

/**
 * Which departments the person asking may see: null for all of them, else the codes. Every load,
 * action and endpoint that shows department data filters by this (a manager reads only their own).
 * The auth hook has already turned away anyone signed out; refusing here too means a route that
 * slipped past the rules still shows nothing.
 */
export function departmentScope(event: Pick<RequestEvent, 'locals'>): string[] | null {
	const user = event.locals.user;
	if (!user || user.role === null) error(401, 'Sign in to see this page.');
	return scopeOf(user);
}

/** Whether a department is within the scope. */
export const inScope = (scope: string[] | null, code: string): boolean =>
	scope === null || scope.includes(code);
