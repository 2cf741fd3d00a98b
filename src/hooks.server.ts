import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import type { Handle } from '@sveltejs/kit';

// Migrations run when the server starts, never while `vite build` analyses the routes.
if (!building) getDb();

export const handle: Handle = async ({ event, resolve }) => resolve(event);
