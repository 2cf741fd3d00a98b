import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, csvResponse, toCsv } from './csv';

describe('csvCell', () => {
	it('neutralizes text a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(['+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
			"'+1",
			"'-1",
			"'@SUM(A1)",
			"'\tx",
			`"'\rx"`
		]);
	});

	it('leaves numbers as numbers, negative ones included', () => {
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(12.5)).toBe('12.5');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('quotes commas, quotes and line breaks, and writes blanks for none', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(true)).toBe('true');
	});
});

describe('toCsv', () => {
	it('writes a header and a CRLF-ended line per row, by property or function', () => {
		const rows = [
			{ name: 'ANSC-PC0042', size: 9_400_000_000, note: '=1+1' },
			{ name: 'Lab, east', size: null, note: '' }
		];
		const csv = toCsv(rows, [
			{ header: 'Device', value: 'name' },
			{ header: 'Size (GB)', value: (r) => (r.size === null ? null : r.size / 1e9) },
			{ header: 'Note', value: 'note' }
		]);
		expect(csv).toBe('Device,Size (GB),Note\r\nANSC-PC0042,9.4,\'=1+1\r\n"Lab, east",,\r\n');
	});

	it('writes only the header for no rows', () => {
		expect(toCsv([], [{ header: 'A', value: () => 1 }])).toBe('A\r\n');
	});
});

describe('csv downloads', () => {
	it('makes a safe file name', () => {
		expect(csvFileName('stragglers', 'ANSC', '2020-11-30')).toBe('stragglers-ANSC-2020-11-30.csv');
		expect(csvFileName('a b/"c"')).toBe('a-b-c.csv');
		expect(csvFileName('')).toBe('export.csv');
	});

	it('answers as an attachment', async () => {
		const response = csvResponse('A\r\n1\r\n', 'x.csv');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
		expect(await response.text()).toBe('A\r\n1\r\n');
	});
});
