import type { SessionInfo, SessionUser } from '$lib/server/auth';
import type { TokenHolder } from '$lib/server/tokens';

// What the auth handle (src/lib/server/auth-handle.ts) puts on every request.
declare global {
	namespace App {
		interface Locals {
			/** null when signed out; `role` is null for a user who has no access yet */
			user: SessionUser | null;
			session: SessionInfo | null;
			/** an API route's token (`Authorization: Bearer`); null elsewhere, or when it is not one */
			token: TokenHolder | null;
		}
	}
}

export {};
