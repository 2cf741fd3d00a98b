// The browser's preview against the server's parse of the same committed fixtures: both read the
// formats of formats.ts, and must agree on the kind, the columns, the row counts, the as-of dates
// and the date-order questions the preview shows before anything is sent.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseExport } from '../server/imports/parse';
import { looksLikeBillingSummary } from './formats';
import { changeLinks, lastDayOf } from './links';
import {
	CsvPreview,
	decoderLabel,
	previewSummary,
	readMonth,
	sniffBytes,
	type FilePreview
} from './preview';

const FIXTURES = join(process.cwd(), 'tests/fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** What the worker does, with PapaParse reading a string instead of a File. */
function preview(
	name: string,
	options: ConstructorParameters<typeof CsvPreview>[1] = {}
): FilePreview {
	const data = bytes(name);
	const sniffed = sniffBytes(data.subarray(0, 64 * 1024));
	const text = new TextDecoder(decoderLabel(sniffed.encoding)).decode(data);
	const fileName = name.split('/').pop()!;
	if (sniffed.refusal) {
		return {
			...new CsvPreview(fileName).result(sniffed.encoding, null, data.length),
			refusal: sniffed.refusal
		};
	}
	if (looksLikeBillingSummary(text))
		return previewSummary(fileName, text, sniffed.encoding, data.length);
	const collector = new CsvPreview(fileName, options);
	const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t', '|'] });
	parsed.data.forEach((row, i) => collector.row(row, i + 1));
	return collector.result(sniffed.encoding, parsed.meta.delimiter, data.length);
}

describe('sniffing the bytes', () => {
	it('tells the encodings apart', () => {
		expect(sniffBytes(bytes('code42-devices-bom-crlf.csv')).encoding).toBe('utf-8-bom');
		expect(sniffBytes(bytes('code42-devices-utf16le.txt')).encoding).toBe('utf-16le');
		expect(sniffBytes(bytes('code42-devices-utf16be.txt')).encoding).toBe('utf-16be');
		expect(sniffBytes(bytes('departments-cp1252.csv')).encoding).toBe('windows-1252');
		expect(sniffBytes(bytes('code42-devices.csv'))).toEqual({ encoding: 'utf-8' });
	});

	it('refuses workbooks and other binaries with a sentence', () => {
		for (const name of [
			'xls-renamed.csv',
			'zip-renamed.csv',
			'pdf-renamed.csv',
			'gzip-renamed.csv',
			'nul-bytes.csv'
		]) {
			const sniffed = sniffBytes(bytes(`hostile/${name}`));
			expect(sniffed.refusal, name).toMatch(/\.$/);
		}
		expect(sniffBytes(bytes('hostile/zip-renamed.csv')).refusal).toContain('CSV UTF-8');
	});
});

describe('the preview of a file', () => {
	it('agrees with the server on kind, rows and as-of date for every good fixture', () => {
		const good = readdirSync(FIXTURES).filter((f) => /\.(csv|txt)$/.test(f));
		for (const name of good) {
			const shown = preview(name);
			const server = parseExport(bytes(name), {
				fileName: name,
				billingMonth: name === 'ezbackup-summary.txt' ? '2020-12' : undefined
			});
			expect(server.ok, name).toBe(true);
			if (!server.ok) continue;
			expect(shown.refusal, name).toBeNull();
			expect(shown.kind, name).toBe(server.kind);
			expect(shown.rowCount, name).toBe(server.rowCount);
			expect(shown.encoding, name).toBe(server.encoding);
			if (server.kind === 'code42-devices' || server.kind === 'code42cli-devices') {
				expect(shown.asOf, name).toBe(server.asOf ?? null);
			}
			if (server.delimiter) expect(shown.delimiter, name).toBe(server.delimiter);
			expect(shown.recognized, name).toEqual(server.recognizedColumns);
			expect(shown.ignored, name).toEqual(server.ignoredColumns);
		}
	});

	it('shows the first rows of the recognized columns', () => {
		const shown = preview('inventory.csv');
		expect(shown.firstRowsHeader).toEqual(['Computer Name', 'Department', 'OS', 'Last Seen']);
		expect(shown.firstRows[0][0]).toBe('ANSC-PC0042');
		expect(shown.firstRows.length).toBeLessThanOrEqual(5);
	});

	it('asks the date order only where no date settles it', () => {
		expect(preview('inventory-dmy.csv').ambiguous).toEqual([]);
		expect(preview('inventory-mdy.csv').ambiguous).toEqual([]);
		expect(preview('hostile/ambiguous-dates.csv').ambiguous).toEqual([
			{
				column: 'Last Seen',
				line: 2,
				value: '03/04/2020',
				monthFirst: '2020-03-04',
				dayFirst: '2020-04-03'
			}
		]);
		expect(preview('hostile/ambiguous-dates.csv', { dateOrder: 'dmy' }).ambiguous).toEqual([]);
	});

	it('lists the columns it ignores and refuses a header it does not know', () => {
		expect(preview('hostile/unknown-columns.csv').refusal).toContain(
			'matches none of the known exports'
		);
		const extra = preview('code42cli-devices.csv');
		expect(extra.kind).toBe('code42cli-devices');
	});

	it('reads the Billing Summary: rows, accounts and the month it states', () => {
		const single = preview('ezbackup-summary.txt');
		expect(single).toMatchObject({
			kind: 'ezbackup-summary',
			rowCount: 2,
			needsBillingMonth: true,
			delimiter: null
		});
		expect(single.header).toEqual([
			'Nodename',
			'Backup',
			'Archiv',
			'Total',
			'Extra',
			'$ Base',
			'$ Extra',
			'$ Total'
		]);
		expect(preview('ezbackup-summary-two-accounts.txt')).toMatchObject({
			rowCount: 3,
			months: ['2020-02'],
			needsBillingMonth: false
		});
	});

	it('asks for the billing month of a billing file without the column', () => {
		const csv = 'Account,Nodename,Total\nIT-ABC1234,ANSC-PC0042@ADSM4,9.6G\n';
		const collector = new CsvPreview('b.csv');
		Papa.parse<string[]>(csv).data.forEach((row, i) => collector.row(row, i + 1));
		expect(collector.result('utf-8', ',', csv.length)).toMatchObject({
			kind: 'ezbackup-billing',
			needsBillingMonth: true,
			missing: ['Billing Month']
		});
	});

	it('reads billing months in every form the exports use', () => {
		expect(
			['2020-01', '2020/1', '01/2020', 'Jan 2020', 'January 2020', 'Jan-20'].map(readMonth)
		).toEqual(Array(6).fill('2020-01'));
		expect(readMonth('13/2020')).toBeNull();
	});
});

describe('links to what changed', () => {
	it('points at the pages of the date the file speaks for', () => {
		expect(lastDayOf('2020-02')).toBe('2020-02-29');
		expect(changeLinks({ kind: 'code42-devices', asOf: '2020-11-30', months: [] })[0].href).toBe(
			'/?asOf=2020-11-30'
		);
		expect(
			changeLinks({ kind: 'ezbackup-billing', asOf: null, months: ['2020-01', '2020-12'] })[0].href
		).toBe('/savings?asOf=2020-12-31');
		expect(changeLinks({ kind: null, asOf: null, months: [] })).toEqual([]);
	});
});
