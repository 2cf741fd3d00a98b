import type { RequestEvent } from '@sveltejs/kit';

/**
 * Which departments the person asking may see: null for all of them, else the codes. Every load,
 * action and endpoint that shows department data filters by this (a manager reads only their own).
 */
export function departmentScope(event: Pick<RequestEvent, 'locals'>): string[] | null {
	const user = (event.locals as { user?: { role: string; departments: string[] } | null }).user;
	if (!user) return null;
	return user.role === 'manager' ? user.departments : null;
}

/** Whether a department is within the scope. */
export const inScope = (scope: string[] | null, code: string): boolean =>
	scope === null || scope.includes(code);
