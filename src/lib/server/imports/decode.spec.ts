import { describe, expect, it } from 'vitest';
import {
	decodeBytes,
	MESSAGES,
	scanUtf8,
	sniffBinary,
	sniffEncoding,
	StreamDecoder
} from './decode';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (Uint8Array | number[])[]) =>
	Uint8Array.from(parts.flatMap((part) => Array.from(part)));

function utf16(text: string, littleEndian: boolean): Uint8Array {
	const out = new Uint8Array(text.length * 2);
	const view = new DataView(out.buffer);
	for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
	return out;
}

/** Feeds the bytes in chunks of `size`, as a stream would. */
function decodeInChunks(data: Uint8Array, size: number) {
	const decoder = new StreamDecoder();
	let text = '';
	for (let at = 0; at < data.length; at += size) {
		const step = decoder.push(data.subarray(at, at + size));
		if (!step.ok) return { ok: false, message: step.message };
		text += step.text;
	}
	const last = decoder.end();
	if (!last.ok) return { ok: false, message: last.message };
	return { ok: true, text: text + last.text, encoding: decoder.encoding };
}

const LONG = 'Code,Name,Aliases\n' + 'ANSC,Animal Science,CALS-ANSC\n'.repeat(20);

describe('sniffEncoding', () => {
	it('reads byte-order marks', () => {
		expect(sniffEncoding(bytes([0xef, 0xbb, 0xbf], utf8('a')))).toEqual({
			encoding: 'utf-8-bom',
			bomLength: 3
		});
		expect(sniffEncoding(bytes([0xff, 0xfe, 0x41, 0x00]))).toEqual({
			encoding: 'utf-16le',
			bomLength: 2
		});
		expect(sniffEncoding(bytes([0xfe, 0xff, 0x00, 0x41]))).toEqual({
			encoding: 'utf-16be',
			bomLength: 2
		});
	});

	it('tells UTF-16 without a BOM by its zero bytes', () => {
		expect(sniffEncoding(utf16('Code\tName\r\n', true))).toEqual({
			encoding: 'utf-16le',
			bomLength: 0
		});
		expect(sniffEncoding(utf16('Code\tName\r\n', false))).toEqual({
			encoding: 'utf-16be',
			bomLength: 0
		});
	});

	it('leaves plain bytes to the content', () => {
		expect(sniffEncoding(utf8('Code,Name'))).toBeNull();
		expect(sniffEncoding(utf8('ab'))).toBeNull();
	});
});

describe('sniffBinary', () => {
	it.each([
		['xlsx', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], MESSAGES.xlsx],
		['empty zip', [0x50, 0x4b, 0x05, 0x06], MESSAGES.xlsx],
		['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], MESSAGES.xls],
		['pdf', Array.from(utf8('%PDF-1.7')), MESSAGES.pdf],
		['gzip', [0x1f, 0x8b, 0x08], MESSAGES.gzip],
		['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], MESSAGES.image],
		['jpeg', [0xff, 0xd8, 0xff, 0xe0], MESSAGES.image],
		['rtf', Array.from(utf8('{\\rtf1\\ansi')), MESSAGES.rtf]
	])('%s', (_, signature, message) => {
		expect(sniffBinary(Uint8Array.from(signature))).toBe(message);
	});

	it('says exactly what to do with a workbook', () => {
		expect(MESSAGES.xlsx).toBe(
			"This looks like an Excel workbook (.xlsx); open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file."
		);
	});

	it('lets text through', () => {
		expect(sniffBinary(utf8('PK,Name'))).toBeNull();
		expect(sniffBinary(new Uint8Array(0))).toBeNull();
	});
});

describe('scanUtf8', () => {
	it('finds the first byte that is not UTF-8', () => {
		expect(scanUtf8(utf8('abc é'))).toEqual({ invalidAt: -1, multibyteBefore: true });
		expect(scanUtf8(bytes(utf8('ab'), [0xe9], utf8('c')))).toEqual({
			invalidAt: 2,
			multibyteBefore: false
		});
		expect(scanUtf8(bytes(utf8('é'), [0xe9]))).toEqual({ invalidAt: 2, multibyteBefore: true });
		// overlong and surrogate forms are not UTF-8
		expect(scanUtf8(Uint8Array.from([0xc0, 0xaf])).invalidAt).toBe(0);
		expect(scanUtf8(Uint8Array.from([0xed, 0xa0, 0x80])).invalidAt).toBe(0);
		expect(scanUtf8(Uint8Array.from([0xe2, 0x82])).invalidAt).toBe(0);
	});
});

describe('decodeBytes', () => {
	it('reads UTF-8 with and without a BOM', () => {
		expect(decodeBytes(utf8('Code,Name\nPLSCI,Végétales\n'))).toEqual({
			ok: true,
			text: 'Code,Name\nPLSCI,Végétales\n',
			encoding: 'utf-8'
		});
		expect(decodeBytes(bytes([0xef, 0xbb, 0xbf], utf8('Code\r\n')))).toEqual({
			ok: true,
			text: 'Code\r\n',
			encoding: 'utf-8-bom'
		});
	});

	it('reads ASCII as UTF-8', () => {
		expect(decodeBytes(utf8('a,b\n'))).toEqual({ ok: true, text: 'a,b\n', encoding: 'utf-8' });
	});

	it('reads Windows-1252 when the bytes are not UTF-8', () => {
		expect(decodeBytes(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x92, 0x80]))).toEqual({
			ok: true,
			text: 'Café,’€',
			encoding: 'windows-1252'
		});
	});

	it('reads UTF-16 both ways, with or without a BOM', () => {
		const text = 'Code\tName\r\nPLSCI\tVégétales\r\n';
		expect(decodeBytes(bytes([0xff, 0xfe], utf16(text, true)))).toEqual({
			ok: true,
			text,
			encoding: 'utf-16le'
		});
		expect(decodeBytes(bytes([0xfe, 0xff], utf16(text, false)))).toEqual({
			ok: true,
			text,
			encoding: 'utf-16be'
		});
		expect(decodeBytes(utf16(text, true))).toEqual({ ok: true, text, encoding: 'utf-16le' });
	});

	it('reads an empty file as empty text', () => {
		expect(decodeBytes(new Uint8Array(0))).toEqual({ ok: true, text: '', encoding: 'utf-8' });
	});

	it('refuses binaries by their signature', () => {
		expect(decodeBytes(bytes([0x50, 0x4b, 0x03, 0x04], utf8('junk')))).toEqual({
			ok: false,
			message: MESSAGES.xlsx
		});
	});

	it('refuses NUL bytes and control characters', () => {
		expect(decodeBytes(bytes(utf8('a,b\nc'), [0x00], utf8(',d\n')))).toEqual({
			ok: false,
			message:
				"This file holds binary data (a NUL byte at byte 5), so it is not a text export; upload the CSV file exported from Code42 or EZ-Backup, or one saved from Excel as 'CSV UTF-8 (Comma delimited)'."
		});
		expect(decodeBytes(bytes(utf8('a,b\n'), [0x07], utf8('c\n')))).toEqual({
			ok: false,
			message:
				"This file holds binary data (control byte 0x07 at byte 4), so it is not a text export; upload the CSV file exported from Code42 or EZ-Backup, or one saved from Excel as 'CSV UTF-8 (Comma delimited)'."
		});
		expect(decodeBytes(bytes([0xff, 0xfe], utf16('a\tb\r\n', true), [0x00, 0x00]))).toEqual({
			ok: false,
			message:
				"This file holds binary data (a NUL character at byte 12), so it is not a text export; upload the CSV file exported from Code42 or EZ-Backup, or one saved from Excel as 'CSV UTF-8 (Comma delimited)'."
		});
	});

	it('accepts tabs, form feeds and a DOS end-of-file mark', () => {
		expect(decodeBytes(utf8('a\tb\f\x0b\r\n\x1a'))).toEqual({
			ok: true,
			text: 'a\tb\f\x0b\r\n\x1a',
			encoding: 'utf-8'
		});
	});

	it('refuses UTF-8 mixed with another encoding', () => {
		expect(decodeBytes(bytes(utf8('Végétales\n'), [0xe9, 0x0a]))).toEqual({
			ok: false,
			message:
				"This file mixes two text encodings: it reads as UTF-8 until byte 12, where it stops being UTF-8; open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file."
		});
	});

	it('refuses broken UTF-16', () => {
		expect(
			decodeBytes(bytes([0xff, 0xfe], utf16('ab', true), [0x00, 0xd8], utf16('c', true)))
		).toEqual({
			ok: false,
			message:
				"This file says it is UTF-16 (Excel's \"Unicode text\") but is not valid UTF-16 after byte 2; save it again from Excel as 'CSV UTF-8 (Comma delimited)', then upload that file."
		});
	});
});

describe('StreamDecoder', () => {
	const cases: [string, Uint8Array][] = [
		['UTF-8', utf8(LONG + 'PLSCI,Végétales ✓,\n')],
		['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], utf8(LONG + 'PLSCI,Végétales,\n'))],
		['Windows-1252 after long ASCII', bytes(utf8(LONG), [0x56, 0xe9, 0x67, 0xe9, 0x92, 0x0a])],
		['UTF-16LE', bytes([0xff, 0xfe], utf16(LONG + 'Végétales\r\n', true))],
		['UTF-16BE', bytes([0xfe, 0xff], utf16(LONG + 'Végétales\r\n', false))]
	];

	it.each(cases)('%s decodes the same in any chunking', (_, data) => {
		const whole = decodeBytes(data);
		expect(whole.ok).toBe(true);
		for (const size of [1, 2, 3, 5, 63, 64, 65, 4096]) {
			expect(decodeInChunks(data, size)).toEqual(whole);
		}
	});

	it('switches to Windows-1252 at the first non-UTF-8 byte when all before was ASCII', () => {
		expect(decodeInChunks(bytes(utf8(LONG), [0xe9]), 100)).toEqual({
			ok: true,
			text: LONG + 'é',
			encoding: 'windows-1252'
		});
	});

	it('refuses a mix in any chunking', () => {
		const data = bytes(utf8(LONG + 'é\n'), [0xe9]);
		for (const size of [1, 7, 64, 1000]) {
			expect(decodeInChunks(data, size)).toEqual({
				ok: false,
				message: `This file mixes two text encodings: it reads as UTF-8 until byte ${LONG.length + 3}, where it stops being UTF-8; open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file.`
			});
		}
	});

	it('sniffs a binary from its first bytes even when they come one at a time', () => {
		expect(
			decodeInChunks(bytes([0xd0, 0xcf, 0x11, 0xe0], new Array<number>(100).fill(0)), 1)
		).toEqual({
			ok: false,
			message: MESSAGES.xls
		});
	});

	it('keeps refusing after a failure', () => {
		const decoder = new StreamDecoder();
		const first = decoder.push(bytes([0x50, 0x4b, 0x03, 0x04], new Array<number>(100).fill(0x41)));
		expect(first).toEqual({ ok: false, message: MESSAGES.xlsx });
		expect(decoder.push(utf8('more'))).toEqual({ ok: false, message: MESSAGES.xlsx });
		expect(decoder.end()).toEqual({ ok: false, message: MESSAGES.xlsx });
	});
});
