import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR and KIT_OUT_DIR let several builds of one checkout run side by side
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
		// assets and the app's base as absolute paths: the 403 page (routes/forbidden) is rendered
		// for whatever page was asked (auth-handle.ts), so paths relative to /forbidden would miss
		paths: { relative: false },
		// Content-Security-Policy: SvelteKit hashes (prerendered) or nonces (rendered) its own inline
		// script, so no 'unsafe-inline' script is allowed. Styles keep 'unsafe-inline': Svelte's
		// transitions and style: directives write inline styles. No form-action: signing in through
		// SSO redirects a form post to the identity provider. RELIABILITY.md, "Headers".
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none']
			}
		}
		// csrf.checkOrigin stays at its default (true): a cross-site form post is refused with 403
	}
};

export default config;
