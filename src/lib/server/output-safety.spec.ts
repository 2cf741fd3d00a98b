// Output safety: imported text is data, never markup or a formula. Every CSV download goes through
// a cell writer that neutralizes formula injection as OWASP recommends (a cell starting with
// = + - @ tab or CR gets a leading single quote, then RFC 4180 quoting), and no component renders
// text as HTML with {@html}.
import fc from 'fast-check';
import Papa from 'papaparse';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell as auditCell } from './audit';
import { csvCell, toCsv } from './csv';

const SRC = join(process.cwd(), 'src');

function filesUnder(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) filesUnder(path, out);
		else out.push(path);
	}
	return out;
}

const OWASP_STARTS = ['=', '+', '-', '@', '\t', '\r'];

/** The cell as a spreadsheet reads it back: RFC 4180 unquoted. */
const readBack = (cell: string) =>
	(Papa.parse<string[]>(cell + '\r\n', { delimiter: ',' }).data[0] ?? [''])[0];

describe('CSV exports', () => {
	it.each([
		['csv.ts', csvCell],
		['audit.ts', auditCell]
	] as const)('%s: no text cell can start a formula, and the text survives', (_, cell) => {
		for (const start of OWASP_STARTS) {
			const out = cell(`${start}HYPERLINK("http://evil.example","x")`);
			expect(readBack(out)).toBe(`'${start}HYPERLINK("http://evil.example","x")`);
		}
		fc.assert(
			fc.property(
				fc.tuple(fc.constantFrom('', ...OWASP_STARTS), fc.string({ maxLength: 30 })),
				([start, rest]) => {
					const text = start + rest;
					const back = readBack(cell(text));
					expect(OWASP_STARTS.some((s) => back.startsWith(s))).toBe(false);
					expect(back === text || back === `'${text}`).toBe(true);
				}
			),
			{ numRuns: 500 }
		);
	});

	it('a whole export keeps negative numbers as numbers but neutralizes text', () => {
		const csv = toCsv(
			[{ name: '=cmd|/C calc!A0', cents: -550, note: '@SUM(1)' }],
			[
				{ header: 'Name', value: 'name' },
				{ header: 'Cents', value: 'cents' },
				{ header: 'Note', value: 'note' }
			]
		);
		expect(csv).toBe("Name,Cents,Note\r\n'=cmd|/C calc!A0,-550,'@SUM(1)\r\n");
	});

	it('every route that answers text/csv writes through one of the neutralizing writers', () => {
		const routes = filesUnder(join(SRC, 'routes')).filter((f) => /\+server\.ts$/.test(f));
		const csvRoutes = routes.filter((f) =>
			/text\/csv|csvResponse|toCsv/.test(readFileSync(f, 'utf8'))
		);
		expect(csvRoutes.length).toBeGreaterThanOrEqual(1);
		for (const file of csvRoutes) {
			const source = readFileSync(file, 'utf8');
			const writer = /from '\$lib\/server\/csv'/.test(source) || /auditCsv\b/.test(source);
			expect(writer, `${relative(SRC, file)} writes CSV without $lib/server/csv`).toBe(true);
			expect(source, relative(SRC, file)).not.toMatch(/\.join\(['"],['"]\)/);
		}
	});
});

describe('markup', () => {
	it('no component renders text as HTML ({@html})', () => {
		const offenders = filesUnder(SRC)
			.filter((f) => f.endsWith('.svelte'))
			.filter((f) => readFileSync(f, 'utf8').includes('{@html'))
			.map((f) => relative(SRC, f));
		// Svelte escapes every {expression}; {@html} is the one way imported text could become markup
		expect(offenders).toEqual([]);
	});

	it('no server code builds HTML from strings for the browser', () => {
		const offenders = filesUnder(SRC)
			.filter((f) => /\.ts$/.test(f) && !f.endsWith('.spec.ts'))
			.filter((f) =>
				/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(f, 'utf8'))
			)
			.map((f) => relative(SRC, f));
		expect(offenders).toEqual([]);
	});
});
