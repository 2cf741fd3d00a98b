import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { CsvReader, parseCsv, sniffDelimiter, sniffNewline, type CsvProblem } from './csv';

interface Row {
	cells: string[];
	line: number;
}

function rowsOf(text: string, options: { maxRowChars?: number } = {}) {
	const rows: Row[] = [];
	const problems: CsvProblem[] = [];
	const summary = parseCsv(text, (cells, line) => rows.push({ cells, line }), {
		onProblem: (p) => problems.push(p),
		...options
	});
	return { rows, problems, ...summary };
}

/** The same text pushed in pieces of `size` characters. */
function rowsInChunks(text: string, size: number) {
	const rows: Row[] = [];
	const problems: CsvProblem[] = [];
	const reader = new CsvReader((cells, line) => rows.push({ cells, line }), {
		onProblem: (p) => problems.push(p)
	});
	for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size));
	reader.end();
	return {
		rows,
		problems,
		delimiter: reader.delimiter,
		newline: reader.newline,
		rowCount: reader.rowCount
	};
}

describe('sniffDelimiter', () => {
	it.each([
		['a,b,c\n1,2,3\n', ','],
		['a;b;c\n1;2;3\n', ';'],
		['a\tb\tc\n1\t2\t3\n', '\t'],
		['a|b|c\n1|2|3\n', '|'],
		// decimal commas do not fool it: semicolons are the same on every line
		['Total;$ Total\n9,4G;5,50\n12G;5\n', ';'],
		// delimiters inside quotes do not count
		['name,status\n"PC, lab","Active, Deauthorized"\n', ','],
		['name;note\n"a,b,c,d";x\n"e,f";y\n', ';'],
		['single\nvalue\n', ','],
		['', ',']
	])('%j → %j', (text, delimiter) => {
		expect(sniffDelimiter(text)).toBe(delimiter);
	});

	it('ignores a cut last line while more text may come', () => {
		expect(sniffDelimiter('a;b;c\n1;2;3\n4;5', false)).toBe(';');
		expect(sniffDelimiter('a;b;c\n1;2;3\n4;5', true)).toBe(';');
	});
});

describe('sniffNewline', () => {
	it.each([
		['a\r\nb', '\r\n'],
		['a\nb', '\n'],
		['a\rb', '\r'],
		['"x\ny"\r\nb', '\r\n'],
		['abc', '\n'],
		['abc\r', '\n']
	])('%j → %j', (text, newline) => {
		expect(sniffNewline(text)).toBe(newline);
	});
});

describe('parseCsv', () => {
	it('gives each row the physical line it starts on', () => {
		const text = 'h1,h2\n1,"a\nb\nc"\n2,x\n\n3,"y\r\nz"\n4,w';
		const { rows, problems, delimiter, newline, rowCount } = rowsOf(text);
		expect(problems).toEqual([]);
		expect({ delimiter, newline, rowCount }).toEqual({
			delimiter: ',',
			newline: '\n',
			rowCount: 5
		});
		expect(rows).toEqual([
			{ cells: ['h1', 'h2'], line: 1 },
			{ cells: ['1', 'a\nb\nc'], line: 2 },
			{ cells: ['2', 'x'], line: 5 },
			{ cells: ['3', 'y\r\nz'], line: 7 },
			{ cells: ['4', 'w'], line: 9 }
		]);
	});

	it('reads CRLF, LF and CR line ends alike', () => {
		const expected = [
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', '2'], line: 2 },
			{ cells: ['3', '4'], line: 3 }
		];
		expect(rowsOf('a,b\r\n1,2\r\n3,4\r\n').rows).toEqual(expected);
		expect(rowsOf('a,b\n1,2\n3,4\n').rows).toEqual(expected);
		expect(rowsOf('a,b\r1,2\r3,4\r').rows).toEqual(expected);
		expect(rowsOf('a,b\r1,2\r3,4').newline).toBe('\r');
	});

	it('counts CR-only line breaks inside quoted values', () => {
		expect(rowsOf('a,b\r1,"x\ry"\r2,z\r').rows).toEqual([
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', 'x\ry'], line: 2 },
			{ cells: ['2', 'z'], line: 4 }
		]);
	});

	it('skips blank lines and rows of empty cells, keeping the count of lines', () => {
		expect(rowsOf('a,b\n\n , \n,,\n1,2\n').rows).toEqual([
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', '2'], line: 5 }
		]);
	});

	it('keeps doubled quotes as one', () => {
		expect(rowsOf('a,b\n"say ""hi""",2\n').rows[1]).toEqual({ cells: ['say "hi"', '2'], line: 2 });
	});

	it('reports a quote that never closes, on the line it opens', () => {
		const { rows, problems } = rowsOf('a,b,c\n1,2,3\n4,"five,6\n7,8,9\n');
		expect(rows).toEqual([
			{ cells: ['a', 'b', 'c'], line: 1 },
			{ cells: ['1', '2', '3'], line: 2 }
		]);
		expect(problems).toEqual([{ type: 'unclosed-quote', line: 3, field: 1 }]);
	});

	it('reports text after a closing quote, with its field', () => {
		const { problems } = rowsOf('a,b,c\n1,2,3\n\n4,5,"six" 6,\n');
		expect(problems).toEqual([{ type: 'malformed-quote', line: 4, field: 2 }]);
	});

	it('stops at a row that runs past the limit', () => {
		const text = 'a,b\n1,2\n3,"' + 'x'.repeat(200) + '\n'.repeat(5) + 'y'.repeat(70_000);
		const { rows, problems } = rowsOf(text, { maxRowChars: 100 });
		expect(rows).toEqual([
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', '2'], line: 2 }
		]);
		expect(problems).toEqual([{ type: 'row-too-long', line: 3, field: 0 }]);
	});
});

describe('CsvReader', () => {
	const texts: [string, string][] = [
		['LF with quotes', 'h1,h2\n1,"a\nb"\n2,"x,y"\n"3",""""\n' + '5,6\n'.repeat(30)],
		['CRLF', 'h1;h2\r\n1;"a\r\nb"\r\n\r\n2;3\r\n' + '5;6\r\n'.repeat(30)],
		['CR only', 'h1\th2\r1\t"a\rb"\r2\t3\r' + '5\t6\r'.repeat(30)],
		['no final line end', 'h1|h2\n1|2\n3|"4\n5"'],
		['unclosed quote', 'h1,h2\n1,2\n3,"4\n5,6\n'],
		['malformed quote', 'h1,h2\n1,"2"x\n3,4\n']
	];

	it.each(texts)('%s: the same rows whatever the chunks', (_, text) => {
		const whole = rowsOf(text);
		for (const size of [1, 2, 3, 7, 64, 1000]) {
			expect(rowsInChunks(text, size)).toEqual(whole);
		}
	});

	it('sniffs from the first 64 KB when the text is long', () => {
		const text = 'a;b\n' + '1;2\n'.repeat(40_000);
		const reader = rowsInChunks(text, 10_000);
		expect(reader.delimiter).toBe(';');
		expect(reader.rowCount).toBe(40_001);
		expect(reader.rows[40_000]).toEqual({ cells: ['1', '2'], line: 40_001 });
	});

	it('hands over no more rows once stopped', () => {
		const rows: string[][] = [];
		const reader = new CsvReader((cells) => {
			rows.push(cells);
			if (rows.length === 2) reader.stop();
		});
		reader.push('a\n1\n2\n3\n');
		reader.end();
		reader.push('4\n');
		expect(rows).toEqual([['a'], ['1']]);
	});

	it('takes the delimiter it is given', () => {
		const rows: string[][] = [];
		const reader = new CsvReader((cells) => rows.push(cells), { delimiter: '|' });
		reader.push('a,b|c\n');
		reader.end();
		expect(rows).toEqual([['a,b', 'c']]);
	});
});

describe('rows without quotes (split without PapaParse)', () => {
	/** Line breaks as the reader counts them: CR, LF and CRLF, one each. */
	const breaksIn = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

	it('are the rows PapaParse makes of them, on the lines they start, however the text is cut', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '\r', '\n'), maxLength: 300 }),
				fc.integer({ min: 1, max: 64 }),
				(text, size) => {
					const got = rowsInChunks(text, size);
					const delimiter = got.delimiter ?? ',';
					const newline = got.newline ?? '\n';
					// the reference: PapaParse's rows, each starting after the newlines before it
					const expected: Row[] = [];
					let at = 0;
					for (const cells of Papa.parse<string[]>(text, { delimiter, newline }).data) {
						const line = breaksIn(text.slice(0, at)) + 1;
						at += cells.join(delimiter).length + newline.length;
						if (cells.some((cell) => cell.trim() !== '')) expected.push({ cells, line });
					}
					expect(got.problems).toEqual([]);
					expect(got.rows).toEqual(expected);
				}
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 300) }
		);
	});

	it('hand the rest of the text to PapaParse from the row that holds a quote', () => {
		const text = 'a,b\n1,2\n"x\ny",3\n4,5\n';
		expect(rowsInChunks(text, 5).rows).toEqual([
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', '2'], line: 2 },
			{ cells: ['x\ny', '3'], line: 3 },
			{ cells: ['4', '5'], line: 5 }
		]);
	});
});
