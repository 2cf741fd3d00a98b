// The slow reliability tests (SIGKILL during imports, concurrent imports, a 1,000,000-line file,
// online backups): real processes on real files, a minute or two in all, so they run apart from
// `npm run test:unit`: `npm run test:reliability`. RELIABILITY.md lists what each proves.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/reliability/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		pool: 'forks',
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 180_000
	}
});
