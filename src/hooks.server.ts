import { building } from '$app/environment';
import { handleAuth } from '$lib/server/auth-handle';
import { getDb } from '$lib/server/db';
import { securityHeaders } from '$lib/server/security-headers';
import { sequence } from '@sveltejs/kit/hooks';

// Migrations run when the server starts, never while `vite build` analyses the routes.
if (!building) getDb();

// Sign-in and the route rules first: nothing below runs for a request they refuse.
export const handle = sequence(handleAuth, securityHeaders);
