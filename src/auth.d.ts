import type { SessionInfo, SessionUser } from '$lib/server/auth';

// What the auth handle (src/lib/server/auth-handle.ts) puts on every request.
declare global {
	namespace App {
		interface Locals {
			/** null when signed out; `role` is null for a user who has no access yet */
			user: SessionUser | null;
			session: SessionInfo | null;
		}
	}
}

export {};
