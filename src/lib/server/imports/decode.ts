// Bytes to text, sniffed rather than asked: a UTF-8 BOM, a UTF-16 BOM (Excel's "Unicode text"),
// valid UTF-8, else Windows-1252 (Excel's "CSV (Comma delimited)" on Windows). Binaries are refused
// with one sentence saying what the file looks like and what to upload instead.
//
// StreamDecoder takes the bytes in chunks. While everything so far is ASCII both readings agree, so
// it can still switch to Windows-1252 at the first byte that is not UTF-8; once real UTF-8 text has
// been seen, a byte that is not UTF-8 makes the file a mix, which is refused whatever the chunking.

import { Buffer, isAscii } from 'node:buffer';
import type { Encoding } from '../../imports/formats';

export type DecodeStep = { ok: true; text: string } | { ok: false; message: string };

export type Decoded =
	{ ok: true; text: string; encoding: Encoding } | { ok: false; message: string };

const SAVE_AS_CSV =
	"open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload that file.";

export const MESSAGES = {
	xlsx: `This looks like an Excel workbook (.xlsx); ${SAVE_AS_CSV}`,
	xls: `This looks like an old Excel workbook (.xls); ${SAVE_AS_CSV}`,
	pdf: "This is a PDF document, not an export file; upload the CSV file the system exported (for an EZ-Backup Billing Summary, save the e-mail's text as a .txt file and upload that).",
	gzip: 'This is a compressed (gzip) file; decompress it and upload the CSV file inside.',
	image: 'This is an image, not an export file; upload the CSV file the system exported.',
	rtf: `This is a word-processor (RTF) document, not an export file; upload the CSV file the system exported, or ${SAVE_AS_CSV}`
};

const SIGNATURES: { bytes: number[]; message: string }[] = [
	{ bytes: [0x50, 0x4b, 0x03, 0x04], message: MESSAGES.xlsx },
	{ bytes: [0x50, 0x4b, 0x05, 0x06], message: MESSAGES.xlsx },
	{ bytes: [0x50, 0x4b, 0x07, 0x08], message: MESSAGES.xlsx },
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], message: MESSAGES.xls },
	{ bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], message: MESSAGES.pdf },
	{ bytes: [0x1f, 0x8b], message: MESSAGES.gzip },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], message: MESSAGES.image },
	{ bytes: [0xff, 0xd8, 0xff], message: MESSAGES.image },
	{ bytes: [0x47, 0x49, 0x46, 0x38], message: MESSAGES.image },
	{ bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], message: MESSAGES.rtf }
];

/** The refusal for a binary format recognized by its first bytes, or null. */
export function sniffBinary(bytes: Uint8Array): string | null {
	for (const signature of SIGNATURES) {
		if (signature.bytes.every((b, i) => bytes[i] === b)) return signature.message;
	}
	return null;
}

function binaryMessage(what: string, at: number): string {
	return (
		`This file holds binary data (${what} at byte ${at.toLocaleString('en-US')}), so it is not a text export; ` +
		"upload the CSV file exported from Code42 or EZ-Backup, or one saved from Excel as 'CSV UTF-8 (Comma delimited)'."
	);
}

function mixedMessage(at: number): string {
	return (
		`This file mixes two text encodings: it reads as UTF-8 until byte ${at.toLocaleString('en-US')}, where it stops being UTF-8; ` +
		SAVE_AS_CSV
	);
}

/** The encoding a file's first bytes declare (BOM) or show (UTF-16 without BOM), or null. */
export function sniffEncoding(bytes: Uint8Array): { encoding: Encoding; bomLength: number } | null {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { encoding: 'utf-8-bom', bomLength: 3 };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
	// UTF-16 without a BOM: ASCII text with a zero byte beside every character
	const pairs = Math.floor(Math.min(bytes.length, 64) / 2);
	if (pairs < 4) return null;
	let zeroEven = 0;
	let zeroOdd = 0;
	for (let i = 0; i < pairs; i++) {
		if (bytes[2 * i] === 0) zeroEven++;
		if (bytes[2 * i + 1] === 0) zeroOdd++;
	}
	if (zeroOdd >= pairs * 0.75 && zeroEven === 0) return { encoding: 'utf-16le', bomLength: 0 };
	if (zeroEven >= pairs * 0.75 && zeroOdd === 0) return { encoding: 'utf-16be', bomLength: 0 };
	return null;
}

/** Bytes at the end of `bytes` that begin a UTF-8 sequence the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
	const n = bytes.length;
	for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
		const b = bytes[i];
		if ((b & 0xc0) === 0x80) continue;
		if (b >= 0xc0) {
			const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
			return n - i < length ? n - i : 0;
		}
		return 0;
	}
	return 0;
}

/** The first byte that breaks UTF-8, and whether a valid multi-byte character came before it. */
export function scanUtf8(bytes: Uint8Array): { invalidAt: number; multibyteBefore: boolean } {
	let multibyte = false;
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		let length: number;
		let low = 0x80;
		let high = 0xbf;
		if (b >= 0xc2 && b <= 0xdf) length = 2;
		else if (b >= 0xe0 && b <= 0xef) {
			length = 3;
			if (b === 0xe0) low = 0xa0;
			if (b === 0xed) high = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			length = 4;
			if (b === 0xf0) low = 0x90;
			if (b === 0xf4) high = 0x8f;
		} else return { invalidAt: i, multibyteBefore: multibyte };
		if (i + length > bytes.length) return { invalidAt: i, multibyteBefore: multibyte };
		for (let k = 1; k < length; k++) {
			const c = bytes[i + k];
			const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
			if (c < lo || c > hi) return { invalidAt: i, multibyteBefore: multibyte };
		}
		multibyte = true;
		i += length;
	}
	return { invalidAt: -1, multibyteBefore: multibyte };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}

// Windows-1252 in 0x80-0x9F. Node 20's TextDecoder('windows-1252') decodes these bytes as Latin-1
// (U+0080-U+009F), so its output is mended here; the five bytes 1252 leaves undefined stay as they are.
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
	0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
	0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

const C1 = /[\x80-\x9f]/g;

function mendWindows1252(text: string): string {
	return text.replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

// C0 controls other than tab, LF, VT, FF, CR and the DOS end-of-file mark (0x1A) mean binary data.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0e-\x19\x1b-\x1f]/;

/** "a NUL byte", "control character 0x1b" */
function controlName(character: string, unit: 'byte' | 'character'): string {
	const code = character.charCodeAt(0);
	return code === 0 ? `a NUL ${unit}` : `control ${unit} 0x${code.toString(16).padStart(2, '0')}`;
}

const SNIFF_BYTES = 64;

/**
 * The first byte that is a C0 control CONTROL refuses, or -1. In UTF-8 and Windows-1252 such a byte
 * is always a character of its own, so this finds it exactly, whatever the encoding turns out to be.
 */
function firstControlByte(bytes: Uint8Array): number {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 0x20 && (b < 0x09 || (b > 0x0d && b !== 0x1a))) return i;
	}
	return -1;
}

type Mode = 'undecided' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Decodes a file chunk by chunk; the encoding is sniffed from its first bytes. */
export class StreamDecoder {
	private head: Uint8Array = new Uint8Array(0);
	private sniffed = false;
	private mode: Mode = 'undecided';
	private bom = false;
	private carry: Uint8Array = new Uint8Array(0);
	/** bytes decoded before the current chunk */
	private offset = 0;
	private failure: string | null = null;
	private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	private readonly cp1252 = new TextDecoder('windows-1252');
	private utf16: TextDecoder | null = null;

	/** The encoding as far as the bytes so far tell (all-ASCII text reads as UTF-8). */
	get encoding(): Encoding {
		if (this.mode === 'undecided' || this.mode === 'utf-8') return this.bom ? 'utf-8-bom' : 'utf-8';
		return this.mode;
	}

	push(chunk: Uint8Array): DecodeStep {
		if (this.failure !== null) return { ok: false, message: this.failure };
		if (!this.sniffed) {
			this.head = concat(this.head, chunk);
			if (this.head.length < SNIFF_BYTES) return { ok: true, text: '' };
			return this.start(false);
		}
		return this.decode(chunk, false);
	}

	end(): DecodeStep {
		if (this.failure !== null) return { ok: false, message: this.failure };
		if (!this.sniffed) return this.start(true);
		return this.decode(new Uint8Array(0), true);
	}

	private fail(message: string): DecodeStep {
		this.failure = message;
		return { ok: false, message };
	}

	private start(final: boolean): DecodeStep {
		this.sniffed = true;
		const head = this.head;
		this.head = new Uint8Array(0);
		const binary = sniffBinary(head);
		if (binary) return this.fail(binary);
		const sniffed = sniffEncoding(head);
		let body = head;
		if (sniffed) {
			body = head.subarray(sniffed.bomLength);
			this.offset = sniffed.bomLength;
			if (sniffed.encoding === 'utf-8-bom') {
				this.mode = 'utf-8';
				this.bom = true;
			} else {
				this.mode = sniffed.encoding;
				this.utf16 = new TextDecoder(sniffed.encoding, { fatal: true, ignoreBOM: true });
			}
		}
		return this.decode(body, final);
	}

	private decode(bytes: Uint8Array, final: boolean): DecodeStep {
		const offset = this.offset;
		this.offset += bytes.length;
		let text: string;
		if (this.utf16) {
			try {
				text = this.utf16.decode(bytes, { stream: !final });
			} catch {
				return this.fail(
					`This file says it is UTF-16 (Excel's "Unicode text") but is not valid UTF-16 after byte ${offset.toLocaleString('en-US')}; save it again from Excel as 'CSV UTF-8 (Comma delimited)', then upload that file.`
				);
			}
		} else if (this.carry.length === 0 && isAscii(bytes)) {
			// Most exports are plain ASCII, the same text in UTF-8 and Windows-1252: read without a
			// decoder, and find a control character with the native regex rather than a byte loop.
			text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('ascii');
			const control = CONTROL.exec(text);
			if (control)
				return this.fail(binaryMessage(controlName(control[0], 'byte'), offset + control.index));
		} else {
			const control = firstControlByte(bytes);
			if (control !== -1) {
				const character = String.fromCharCode(bytes[control]);
				return this.fail(binaryMessage(controlName(character, 'byte'), offset + control));
			}
			if (this.mode === 'windows-1252') text = mendWindows1252(this.cp1252.decode(bytes));
			else {
				const data = concat(this.carry, bytes);
				const dataOffset = offset - this.carry.length;
				const tail = final ? 0 : incompleteTail(data);
				const body = tail === 0 ? data : data.subarray(0, data.length - tail);
				this.carry = tail === 0 ? new Uint8Array(0) : data.slice(data.length - tail);
				try {
					text = this.utf8.decode(body);
					if (this.mode === 'undecided' && /[\u0080-\uffff]/.test(text)) this.mode = 'utf-8';
				} catch {
					const scan = scanUtf8(body);
					if (this.mode === 'utf-8' || scan.multibyteBefore) {
						return this.fail(mixedMessage(dataOffset + Math.max(0, scan.invalidAt)));
					}
					// all ASCII so far: the file was never UTF-8
					this.mode = 'windows-1252';
					text = mendWindows1252(this.cp1252.decode(data));
					this.carry = new Uint8Array(0);
				}
			}
		}
		// UTF-16 text: its control characters are found once decoded
		const control = this.utf16 ? CONTROL.exec(text) : null;
		if (control) {
			const bytesPerChar = this.utf16 ? 2 : 1;
			return this.fail(
				binaryMessage(controlName(control[0], 'character'), offset + control.index * bytesPerChar)
			);
		}
		return { ok: true, text };
	}
}

/** A whole file to text: the same decoder, fed once. */
export function decodeBytes(bytes: Uint8Array): Decoded {
	const decoder = new StreamDecoder();
	const first = decoder.push(bytes);
	if (!first.ok) return first;
	const last = decoder.end();
	if (!last.ok) return last;
	return { ok: true, text: first.text + last.text, encoding: decoder.encoding };
}
