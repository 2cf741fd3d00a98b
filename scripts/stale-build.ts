// Whether a production build is missing or older than the sources it is built from: `npm start`
// builds then, and so do the reliability tests and the load test for their private builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

export function buildIsStale(buildDir: string): boolean {
	const output = join(buildDir, 'index.js');
	return (
		!existsSync(output) ||
		Math.max(...INPUTS.filter(existsSync).map(newestMtime)) > statSync(output).mtimeMs
	);
}
