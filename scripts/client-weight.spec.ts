import { describe, expect, it } from 'vitest';
import { routeNodes, weigh, type Manifest } from './client-weight';

const APP_JS = `export const dictionary = {
		"/": [~2],
		"/admin": [~3],
		"/departments/[code]": [~5,[4]],
	};`;

describe('routeNodes', () => {
	it('takes the root layout, the route layouts and its page', () => {
		expect(routeNodes(APP_JS, '/')).toEqual([0, 2]);
		expect(routeNodes(APP_JS, '/departments/[code]')).toEqual([0, 4, 5]);
	});
	it('refuses a route the build does not have', () => {
		expect(() => routeNodes(APP_JS, '/nowhere')).toThrow(/not in the client dictionary/);
	});
});

describe('weigh', () => {
	// entry → shared chunk (imported twice, counted once) with its CSS; a dynamic chunk is not reached
	const manifest: Manifest = {
		entry: { file: 'entry.js', imports: ['shared'] },
		page: { file: 'page.js', imports: ['shared'], css: ['page.css'] },
		shared: { file: 'shared.js', css: ['shared.css'] },
		lazy: { file: 'lazy.js' }
	};
	const sizes: Record<string, number> = {
		'entry.js': 100,
		'page.js': 50,
		'shared.js': 30,
		'page.css': 7,
		'shared.css': 5,
		'lazy.js': 1000
	};
	it('sums each statically reached file once, JS and CSS apart', () => {
		const w = weigh(manifest, ['entry', 'page'], (f) => sizes[f]);
		expect(w).toEqual({
			files: ['entry.js', 'page.css', 'page.js', 'shared.css', 'shared.js'],
			jsBytes: 180,
			cssBytes: 12,
			totalBytes: 192
		});
	});
	it('refuses a key missing from the manifest', () => {
		expect(() => weigh(manifest, ['gone'], () => 0)).toThrow(/not in the client manifest/);
	});
});
