// Property-based tests of the parse layer (fast-check): whatever the bytes, every parser answers
// with records or a structured refusal, never an exception or a hang; and a valid file generated
// from random records, in any delimiter, line end and Unicode encoding, reads back as exactly those
// records. Sizes are bounded so the run stays within seconds.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ExportParser, parseExport, type ParseOutcome } from './parse';
import {
	parseBoolean,
	parseCount,
	parseDecimal,
	parseInstant,
	parseMoney,
	parseMonth,
	parseSize,
	readDate
} from './values';
import { EXPORT_KINDS, type ExportKind } from '../../imports/formats';
import { shortHostname } from '../metrics/names';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const KINDS: (ExportKind | undefined)[] = [undefined, ...EXPORT_KINDS];
const encode = (text: string) => new TextEncoder().encode(text);

/** The shape every outcome must have: records, or a refusal told in sentences. */
function expectStructured(outcome: ParseOutcome) {
	if (outcome.ok) {
		expect(Array.isArray(outcome.records)).toBe(true);
		expect(outcome.rowCount).toBeGreaterThan(0);
		return;
	}
	expect(outcome.errors.length).toBeGreaterThan(0);
	expect(outcome.errorCount).toBeGreaterThanOrEqual(outcome.errors.length);
	expect(outcome.errors.length).toBeLessThanOrEqual(100);
	for (const e of outcome.errors) {
		expect(typeof e.message).toBe('string');
		expect(e.message.length).toBeGreaterThan(10);
		expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1)).toBe(true);
	}
	expect(outcome.message.length).toBeGreaterThan(10);
}

function parseInChunks(bytes: Uint8Array, cuts: number[], kind?: ExportKind): ParseOutcome {
	const parser = new ExportParser({ fileName: 'fuzz.csv', kind, billingMonth: '2020-01' });
	let at = 0;
	for (const cut of [...cuts].sort((a, b) => a - b)) {
		const to = Math.min(bytes.length, cut);
		if (to > at) parser.push(bytes.subarray(at, to));
		at = Math.max(at, to);
	}
	parser.push(bytes.subarray(at));
	return parser.end();
}

// Text that looks like an export: known header words, delimiters, quotes, line ends, odd bytes.
const HEADERS = [
	'Computer Name,Department,OS,Last Seen',
	'Code,Name,Aliases',
	'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total',
	'computerId,guid,name,osHostname,status,lastConnected,creationDate,productVersion,osName,osVersion,userUid',
	'deviceUid,deviceName,status,alertStates,creationDate,lastCompletedBackupDate,selectedBytes,backupCompletePercentage',
	'EZ-Backup Billing Summary\nBilling month: 2020-01\nAccount: IT-ANS1004-X\nNodename Backup Archiv Total Extra $ Base $ Extra $ Total'
];
const TOKENS = [
	',',
	';',
	'\t',
	'|',
	'"',
	'""',
	'\n',
	'\r\n',
	'\r',
	' ',
	'=',
	'-',
	'+',
	'@',
	'$',
	'(',
	')',
	'5.50',
	'-1.00',
	'9.4G',
	'200.0M',
	'1e308',
	'99999999999999999999',
	'NaN',
	'2020-01',
	'2020-02-30',
	'03/04/2020',
	'Oct 12, 2020 8:17:52 PM',
	'null',
	'ANSC',
	'UNASSIGNED',
	'é',
	'€',
	'\u0000',
	'\uFEFF',
	'\uD800',
	'💾',
	'Total',
	'node@ADSM4'
];
const exportLike = fc
	.tuple(
		fc.constantFrom(...HEADERS),
		fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: 200 })
	)
	.map(([header, tokens]) => `${header}\n${tokens.join('')}`);

describe('any input', { timeout: 60_000 }, () => {
	it('any bytes, any kind: records or a structured refusal, never an exception', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...KINDS), (bytes, kind) => {
				expectStructured(parseExport(bytes, { fileName: 'fuzz.csv', kind }));
			}),
			{ numRuns: RUNS * 2 }
		);
	});

	it('export-like text, any kind: records or a structured refusal', () => {
		fc.assert(
			fc.property(exportLike, fc.constantFrom(...KINDS), (text, kind) => {
				expectStructured(parseExport(encode(text), { fileName: 'fuzz.csv', kind }));
				expectStructured(
					parseExport(encode(text), { fileName: 'fuzz.txt', kind, billingMonth: '2020-01' })
				);
			}),
			{ numRuns: RUNS * 2 }
		);
	});

	it('the outcome does not depend on how the bytes are cut into chunks', () => {
		fc.assert(
			fc.property(
				fc.oneof(exportLike.map(encode), fc.uint8Array({ maxLength: 2048 })),
				fc.array(fc.nat({ max: 4096 }), { maxLength: 8 }),
				(bytes, cuts) => {
					const whole = parseInChunks(bytes, []);
					expectStructured(whole);
					expect(parseInChunks(bytes, cuts)).toEqual(whole);
				}
			),
			{ numRuns: RUNS }
		);
	});

	it('every value reader answers ok or a problem for any text', () => {
		const readers = [
			parseBoolean,
			parseCount,
			parseDecimal,
			parseMoney,
			parseMonth,
			parseSize,
			(t: string) => parseInstant(t),
			(t: string) => parseInstant(t, 'dmy')
		];
		const text = fc.oneof(
			fc.string({ maxLength: 40 }),
			fc
				.array(fc.constantFrom(...TOKENS, '0', '1', '9', '.', '/', ':', 'K', 'PiB', 'AM'), {
					maxLength: 12
				})
				.map((t) => t.join(''))
		);
		fc.assert(
			fc.property(text, (t) => {
				for (const read of readers) {
					const result = read(t);
					if (result.ok) continue;
					expect(typeof result.problem).toBe('string');
				}
				expect(() => readDate(t)).not.toThrow();
			}),
			{ numRuns: RUNS * 5 }
		);
	});
});

// ---- round trips: generated records, written as the exporting systems write them ----

const DELIMS = [',', ';', '\t', '|'] as const;
type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

function encodeAs(text: string, encoding: Encoding): Uint8Array {
	if (encoding === 'utf-8') return encode(text);
	if (encoding === 'utf-8-bom') return encode('\uFEFF' + text);
	const bytes = new Uint8Array(2 + text.length * 2);
	const view = new DataView(bytes.buffer);
	const le = encoding === 'utf-16le';
	view.setUint16(0, 0xfeff, le);
	for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), le);
	return bytes;
}

interface Layout {
	delimiter: (typeof DELIMS)[number];
	newline: string;
	encoding: Encoding;
}

const layout: fc.Arbitrary<Layout> = fc.record({
	delimiter: fc.constantFrom(...DELIMS),
	newline: fc.constantFrom('\n', '\r\n'),
	encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be')
});

function write(header: string[], rows: string[][], l: Layout): Uint8Array {
	const text = Papa.unparse(
		{ fields: header, data: rows },
		{ delimiter: l.delimiter, newline: l.newline }
	);
	return encodeAs(text + l.newline, l.encoding);
}

// Free text as people type it: quotes, commas, formula starts, accents, emoji; one space between
// words and none around (the readers trim and collapse spaces, by design).
const WORD_CHARS = [
	...'abcXYZ019',
	'"',
	',',
	'=',
	'+',
	'-',
	'@',
	"'",
	'é',
	'ß',
	'“',
	'’',
	'€',
	'💾',
	'<',
	'>',
	'&'
];
const word = fc
	.array(fc.constantFrom(...WORD_CHARS), { minLength: 1, maxLength: 6 })
	.map((c) => c.join(''));
const freeText = fc
	.array(word, { minLength: 1, maxLength: 4 })
	.map((w) => w.join(' '))
	.filter((t) => !/^null$/i.test(t));
const code = fc.stringMatching(/^[A-Z]{2,6}$/);
const day = fc
	.date({
		min: new Date('1990-01-01T00:00:00Z'),
		max: new Date('2099-12-31T00:00:00Z'),
		noInvalidDate: true
	})
	.map((d) => d.toISOString().slice(0, 10));

function expectOk(outcome: ParseOutcome) {
	if (!outcome.ok) throw new Error(outcome.errors[0]?.message ?? outcome.message);
	return outcome;
}

describe('generated valid files round-trip', { timeout: 60_000 }, () => {
	it('a department list', () => {
		const departments = fc.uniqueArray(
			fc.record({ code, name: freeText, aliasCount: fc.nat({ max: 3 }) }),
			{ minLength: 1, maxLength: 20, selector: (d) => d.code }
		);
		fc.assert(
			fc.property(departments, layout, (list, l) => {
				const expected = list.map((d) => ({
					code: d.code,
					name: `${d.code} ${d.name}`,
					aliases: Array.from({ length: d.aliasCount }, (_, i) => `${d.code}-alias${i + 1}`)
				}));
				const bytes = write(
					['Code', 'Name', 'Aliases'],
					expected.map((d) => [d.code, d.name, d.aliases.join(';')]),
					l
				);
				const parsed = expectOk(parseExport(bytes, { fileName: 'departments.csv' }));
				expect(parsed.kind).toBe('departments');
				expect(parsed.records).toEqual(expected);
			}),
			{ numRuns: RUNS }
		);
	});

	it('a managed-computer inventory', () => {
		const computers = fc.uniqueArray(
			fc.record({
				computerName: fc.stringMatching(/^[A-Z]{2,5}-(PC|MAC)[0-9]{1,5}$/),
				department: freeText,
				os: fc.option(freeText, { nil: null }),
				lastSeen: fc.option(day, { nil: null }),
				source: fc.option(freeText, { nil: null })
			}),
			{ minLength: 1, maxLength: 30, selector: (c) => shortHostname(c.computerName) }
		);
		fc.assert(
			fc.property(computers, layout, (list, l) => {
				const bytes = write(
					['Computer Name', 'Department', 'OS', 'Last Seen', 'Source'],
					list.map((c) => [
						c.computerName,
						c.department,
						c.os ?? '',
						c.lastSeen ?? '',
						c.source ?? ''
					]),
					l
				);
				const parsed = expectOk(parseExport(bytes, { fileName: 'inventory.csv' }));
				expect(parsed.kind).toBe('inventory');
				expect(parsed.records).toEqual(list);
			}),
			{ numRuns: RUNS }
		);
	});

	it('an EZ-Backup billing export', () => {
		const bytesArb = fc.integer({ min: 0, max: 10 ** 15 });
		const cents = fc.integer({ min: -(10 ** 9), max: 10 ** 11 });
		const dollars = (c: number) =>
			`${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
		const charges = fc.uniqueArray(
			fc.record({
				month: fc
					.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }))
					.map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
				account: fc.stringMatching(/^IT-[A-Z]{3}[0-9]{4}$/),
				department: fc.option(code, { nil: null }),
				nodename: fc.stringMatching(/^[A-Z]{2,5}-(PC|MAC)[0-9]{1,4}@ADSM[0-9]$/),
				backupBytes: bytesArb,
				archiveBytes: bytesArb,
				totalBytes: bytesArb,
				extraBytes: bytesArb,
				baseCents: cents,
				extraCents: cents
			}),
			{ minLength: 1, maxLength: 30, selector: (c) => `${c.month} ${c.nodename}` }
		);
		// a row must add up (domain.md): the total is base + extra, credits included
		const addingUp = charges.map((list) =>
			list.map((c) => ({ ...c, totalCents: c.baseCents + c.extraCents }))
		);
		const header = [
			'Billing Month',
			'Account',
			'Department',
			'Nodename',
			'Backup',
			'Archive',
			'Total',
			'Extra',
			'$ Base',
			'$ Extra',
			'$ Total'
		];
		fc.assert(
			fc.property(addingUp, layout, (list, l) => {
				const bytes = write(
					header,
					list.map((c) => [
						c.month,
						c.account,
						c.department ?? '',
						c.nodename,
						String(c.backupBytes),
						String(c.archiveBytes),
						String(c.totalBytes),
						String(c.extraBytes),
						dollars(c.baseCents),
						dollars(c.extraCents),
						dollars(c.totalCents)
					]),
					l
				);
				const parsed = expectOk(parseExport(bytes, { fileName: 'billing.csv' }));
				expect(parsed.kind).toBe('ezbackup-billing');
				expect(parsed.records).toEqual(list);
			}),
			{ numRuns: RUNS }
		);
	});
});
