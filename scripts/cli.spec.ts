import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run import` and `npm run report` run through scripts/cli.mjs, which keeps a compiled copy of
// the script and compiles it again only when a file it was built from is newer.
const bundle = join('node_modules', '.cache', 'cli', 'report.mjs');
const report = (...args: string[]) =>
	spawnSync(process.execPath, ['scripts/cli.mjs', 'report', ...args], {
		encoding: 'utf8',
		timeout: 60_000
	});

describe('scripts/cli.mjs', () => {
	it('runs the script with its own arguments, and reuses the compiled copy while it is current', () => {
		const first = report('--no-such-option');
		// report.ts's own usage error: the script ran and saw the arguments after its name
		expect(first.status).toBe(2);
		expect(first.stderr).toContain("Unknown option '--no-such-option'");
		expect(first.stderr).toContain('npm run report');
		const built = statSync(bundle).mtimeMs;
		expect(report('--no-such-option').status).toBe(2);
		expect(statSync(bundle).mtimeMs).toBe(built);
	});

	it('compiles again when the compiled copy is older than a file it was built from', () => {
		expect(report('--no-such-option').status).toBe(2);
		utimesSync(bundle, new Date(0), new Date(0));
		expect(report('--no-such-option').status).toBe(2);
		expect(statSync(bundle).mtimeMs).toBeGreaterThan(new Date(0).getTime());
	});

	it('refuses a name that is not a script', () => {
		const run = spawnSync(process.execPath, ['scripts/cli.mjs', '../etc/passwd'], {
			encoding: 'utf8'
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toContain('Usage: node scripts/cli.mjs NAME');
	});
});
