// `npx tsx scripts/client-weight.ts [--route /] [--limit-kb 150]`: the gzipped JS and CSS a page
// loads, read from the last build's client manifest (KIT_OUT_DIR, else .svelte-kit), so `npm test`
// can hold the overview under its budget right after `npm run build`. Exit 1 over the limit.
// What a page loads: SvelteKit's start and app entries, the root layout (node 0), the route's
// layouts and page, with every chunk they import statically and their CSS. Chunks loaded later
// with import() are left out: they do not delay the first render.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

export interface ManifestChunk {
	file: string;
	imports?: string[];
	css?: string[];
	isEntry?: boolean;
}
export type Manifest = Record<string, ManifestChunk>;

export interface Weight {
	files: string[];
	jsBytes: number;
	cssBytes: number;
	totalBytes: number;
}

/** The node indexes of a route in the generated client dictionary: `"/": [~2]` → [0, 2]. */
export function routeNodes(appJs: string, route: string): number[] {
	const line = appJs.split('\n').find((l) => l.trim().startsWith(`${JSON.stringify(route)}:`));
	if (!line) throw new Error(`route ${route} is not in the client dictionary`);
	// [page, [layouts], [error pages]]: error pages load only on an error, so they are left out
	const value = line.slice(line.indexOf(':') + 1);
	const page = Number(/~?(\d+)/.exec(value)?.[1]);
	const layouts = /,\s*\[([^\]]*)\]/.exec(value)?.[1] ?? '';
	const nodes = [0];
	for (const l of layouts.split(',')) if (/\d/.test(l)) nodes.push(Number(l.replace(/[^\d]/g, '')));
	nodes.push(page);
	return [...new Set(nodes)];
}

/** Gzipped size of the files reached from the given manifest keys by static imports. */
export function weigh(
	manifest: Manifest,
	keys: string[],
	gzippedSize: (file: string) => number
): Weight {
	const files = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) throw new Error(`${key} is not in the client manifest`);
		files.add(chunk.file);
		for (const css of chunk.css ?? []) files.add(css);
		for (const i of chunk.imports ?? []) visit(i);
	};
	keys.forEach(visit);
	let jsBytes = 0;
	let cssBytes = 0;
	for (const file of files) {
		if (file.endsWith('.css')) cssBytes += gzippedSize(file);
		else if (file.endsWith('.js')) jsBytes += gzippedSize(file);
	}
	return { files: [...files].sort(), jsBytes, cssBytes, totalBytes: jsBytes + cssBytes };
}

/** The weight of a route in a finished build whose SvelteKit output is in outDir. */
export function routeWeight(outDir: string, route = '/'): Weight {
	const client = join(outDir, 'output/client');
	const manifest = JSON.parse(
		readFileSync(join(client, '.vite/manifest.json'), 'utf8')
	) as Manifest;
	const appJs = readFileSync(join(outDir, 'generated/client-optimized/app.js'), 'utf8');
	const keyOf = (suffix: string) => {
		const key = Object.keys(manifest).find((k) => k.endsWith(suffix));
		if (!key) throw new Error(`no chunk ending in ${suffix} in the client manifest`);
		return key;
	};
	const keys = [
		keyOf('/@sveltejs/kit/src/runtime/client/entry.js'),
		keyOf('generated/client-optimized/app.js'),
		...routeNodes(appJs, route).map((n) => keyOf(`generated/client-optimized/nodes/${n}.js`))
	];
	return weigh(
		manifest,
		keys,
		(file) => gzipSync(readFileSync(join(client, file)), { level: 9 }).length
	);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const { values } = parseArgs({
		options: {
			route: { type: 'string', default: '/' },
			'limit-kb': { type: 'string', default: '150' }
		}
	});
	const outDir = resolve(process.env.KIT_OUT_DIR ?? '.svelte-kit');
	if (!existsSync(join(outDir, 'output/client/.vite/manifest.json'))) {
		console.error(`No client build in ${outDir}: run npm run build first.`);
		process.exit(2);
	}
	const weight = routeWeight(outDir, values.route);
	const kb = (bytes: number) => (bytes / 1024).toFixed(1);
	const limit = Number(values['limit-kb']);
	const over = weight.totalBytes / 1024 > limit;
	console.log(
		`${values.route}: ${kb(weight.totalBytes)} KB gzipped (JS ${kb(weight.jsBytes)}, CSS ${kb(weight.cssBytes)}) in ${weight.files.length} files; limit ${limit} KB${over ? ': OVER' : ''}`
	);
	process.exit(over ? 1 : 0);
}
