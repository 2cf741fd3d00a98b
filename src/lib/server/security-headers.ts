// The response headers that are not the Content-Security-Policy (that one is kit.csp in
// svelte.config.js, so SvelteKit can hash its own inline scripts). A handle, so hooks.server.ts
// adds it to its `sequence`.
import type { Handle } from '@sveltejs/kit';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// a CSV or JSON download is never sniffed into HTML
	'x-content-type-options': 'nosniff',
	// links to other sites do not carry the dashboard's paths and query strings
	'referrer-policy': 'strict-origin-when-cross-origin',
	// for browsers that ignore CSP frame-ancestors
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()'
};

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		// a response with immutable headers (a fetch passed through) is left as it is
		try {
			if (!response.headers.has(name)) response.headers.set(name, value);
		} catch {
			/* immutable headers */
		}
	}
	return response;
};
