import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../access';

/**
 * The guard of the administrator pages that change savings data (links, settings); returns who is
 * acting, for the record. Once sign-in is wired (`locals.user` is set, null when signed out) only
 * an admin passes, as the hook's route rule says too; before, there is no one to tell apart.
 */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): string {
	if (event.locals.user === undefined) return 'administrator';
	return requireRole(event, 'admin').email;
}
