import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// ES modules, so that a worker (and static-charts.ts, bundled the same way) can load a chunk
	// such as Chart.js with import() when it needs it
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		// better-sqlite3 is a native addon: forks are safer than worker threads for it
		pool: 'forks'
	}
});
