// `node scripts/cli.mjs NAME [ARGS...]`: runs scripts/NAME.ts, compiled ahead into one JavaScript
// file. `npm run import` and `npm run report` are called by other tools, often once per file: run
// through tsx each call spent about half a second compiling TypeScript on the fly before reading a
// byte. The compiled file is kept in node_modules/.cache/cli/ and built again only when one of the
// files it was built from (esbuild's list of inputs) is newer; packages are not bundled.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const entry = join(root, 'scripts', `${name}.ts`);
if (!name || !/^[a-z-]+$/.test(name) || !existsSync(entry)) {
	console.error(`Usage: node scripts/cli.mjs NAME [ARGS...], with scripts/NAME.ts`);
	process.exit(2);
}

const cache = join(root, 'node_modules', '.cache', 'cli');
const out = join(cache, `${name}.mjs`);
const inputsFile = join(cache, `${name}.inputs.json`);

function fresh() {
	if (!existsSync(out) || !existsSync(inputsFile)) return false;
	const built = statSync(out).mtimeMs;
	const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
	return inputs.every((input) => existsSync(input) && statSync(input).mtimeMs < built);
}

if (!fresh()) {
	mkdirSync(cache, { recursive: true });
	// written beside, then renamed: two commands started together never run a half-written file
	const temporary = `${out}.${process.pid}.tmp`;
	const result = await build({
		entryPoints: [entry],
		outfile: temporary,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		metafile: true,
		logLevel: 'warning',
		absWorkingDir: root
	});
	const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(root, input));
	writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
	renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
	renameSync(temporary, out);
}

// the script reads its own arguments from process.argv.slice(2), as when run by tsx
process.argv.splice(2, 1);
await import(pathToFileURL(out).href);
