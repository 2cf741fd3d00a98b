import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../access';

/**
 * The guard of the administrator pages that change savings data (links, settings): only an admin
 * passes, as the hook's route rule says too. Returns who is acting, for the record.
 */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): string {
	return requireRole(event, 'admin').email;
}
