import { FORBIDDEN_MESSAGE } from '$lib/server/access';
import { error } from '@sveltejs/kit';

// What the auth hook answers a person who opens a page their role may not (auth-handle.ts): the
// 403, which SvelteKit renders with +error.svelte inside the app shell, with the menu of the
// pages they may open.
export const load = () => error(403, FORBIDDEN_MESSAGE);
