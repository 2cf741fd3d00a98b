// Every hostile file through the real pipeline, on a real SQLite file holding the sample data:
// each is refused with a sentence naming the file and the line and column (or the whole file), or
// imported exactly as written; a digest of every data table proves a refusal changed nothing.
// The files too big to commit (a single 10 MB line, a 10 MB runaway quote) are written into a
// temporary directory here; the 1,000,000-line file is in tests/reliability/limits.test.ts. RELIABILITY.md lists the outcomes.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../imports/outcome';
import { openDatabase, type Db } from '../db';
import { dataDigest } from '../db/digest';
import { toCsv } from '../csv';
import { importFile, undoImport } from './pipeline';
import { loadSamples } from './samples';

const HOSTILE = join(process.cwd(), 'tests/fixtures/hostile');
const MORE = join(process.cwd(), 'tests/fixtures/hostile-reliability');

let dir: string;
let db: Db;
let template: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'hostile-spec-'));
	template = join(dir, 'samples.db');
	const seed = openDatabase(template);
	loadSamples(seed);
	seed.$client.pragma('wal_checkpoint(TRUNCATE)');
	seed.$client.close();
	const copy = join(dir, 'test.db');
	copyFileSync(template, copy);
	db = openDatabase(copy);
}, 60_000);

afterAll(() => {
	db?.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const digest = () => dataDigest(db.$client);
const importCount = () =>
	(db.$client.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;

function importBytes(fileName: string, bytes: Uint8Array, extra: { billingMonth?: string } = {}) {
	return importFile(db, { fileName, bytes, uploadedBy: 'hostile-spec', ...extra });
}

/** A refusal: a sentence naming the file, the place, and nothing changed but the history. */
function expectRefused(
	outcome: ImportOutcome,
	name: string,
	line: number | null,
	column: string | null
) {
	expect(outcome.status, `${name}: ${outcome.message}`).toBe('refused');
	const first = outcome.errors[0];
	expect(first, name).toBeDefined();
	expect(first.line, name).toBe(line);
	expect(first.column, name).toBe(column);
	expect(first.message, name).toContain(name);
	if (line !== null && line > 1) expect(first.message, name).toContain(`line ${line}`);
	if (column !== null) expect(first.message, name).toContain(`"${column}"`);
	// a sentence: it says what to do, not only what is wrong
	expect(first.message, name).toMatch(/\.\s*$|upload|[Ss]ave|[Ee]xport|[Ww]rite|[Ss]et/);
	const kept = db.$client
		.prepare('SELECT status FROM imports WHERE id = ?')
		.get(outcome.importId) as { status: string };
	expect(kept.status).toBe('refused');
}

// [file, first problem's line, its column]; null line = the file as a whole
const REFUSED: [string, number | null, string | null][] = [
	['ambiguous-dates.csv', 2, 'Last Seen'],
	['bad-month.csv', 3, 'Billing Month'],
	['billing-not-adding-up.csv', 3, '$ Total'],
	['binary-junk.csv', null, null],
	['blank-lines.csv', null, null],
	['broken-utf16.txt', null, null],
	['department-conflict.csv', 3, 'Aliases'],
	['duplicate-charge.csv', 4, 'Nodename'],
	['duplicate-computer.csv', 4, 'Computer Name'],
	['duplicate-device.csv', 4, 'deviceUid'],
	['duplicate-header.csv', 1, null],
	['empty.csv', null, null],
	['error-after-multiline.csv', 7, 'Last Seen'],
	['fraction-of-cent.csv', 2, '$ Extra'],
	['garbage-money.csv', 2, '$ Total'],
	['gzip-renamed.csv', null, null],
	['header-only.csv', null, null],
	['impossible-date.csv', 3, 'creationDate'],
	['malformed-quote.csv', 3, 'Department'],
	['missing-column.csv', 1, null],
	['missing-device-uid.csv', 3, 'deviceUid'],
	['mixed-date-orders.csv', 4, 'Last Seen'],
	['mixed-encoding.csv', null, null],
	['negative-size.csv', 2, 'Total'],
	['no-total.csv', 2, 'Total'],
	['nul-bytes.csv', null, null],
	['pdf-renamed.csv', null, null],
	['percent-out-of-range.csv', 2, 'backupCompletePercentage'],
	['size-without-unit.csv', 2, 'Total'],
	['summary-bad-row.txt', null, null],
	['summary-cut-short.txt', null, null],
	['summary-not-adding-up.txt', 8, '$ Total'],
	['summary-total-mismatch.txt', null, null],
	['too-few-fields.csv', 3, null],
	['too-many-fields.csv', 3, null],
	['unassigned-department.csv', 3, 'Code'],
	['unclosed-quote.csv', 3, 'Department'],
	['unknown-columns.csv', 1, null],
	['xls-renamed.csv', null, null],
	['zip-renamed.csv', null, null],
	// tests/fixtures/hostile-reliability
	['enormous-amount.csv', 2, '$ Total'],
	['enormous-size.csv', 2, 'Total'],
	['negative-percent.csv', 2, 'backupCompletePercentage'],
	['real-zip.csv', null, null],
	['truncated.csv', 4, null]
];

// The Billing Summary files refused above for want of a month: with the month, the fault itself.
const SUMMARY_WITH_MONTH: [string, number | null][] = [
	['summary-bad-row.txt', null],
	['summary-cut-short.txt', null],
	['summary-total-mismatch.txt', null]
];

const fixture = (name: string) => {
	const inMore = readdirSync(MORE).includes(name);
	return readFileSync(join(inMore ? MORE : HOSTILE, name));
};

describe('the hostile corpus', () => {
	it('has at least 30 files, each with an expected outcome here', () => {
		const files = [...readdirSync(HOSTILE), ...readdirSync(MORE)];
		expect(files.length).toBeGreaterThanOrEqual(30);
		const listed = new Set([...REFUSED.map(([name]) => name), ...Object.keys(IMPORTED)]);
		expect(files.filter((f) => !listed.has(f))).toEqual([]);
	});

	it.each(REFUSED)(
		'%s is refused at line %s, column %s, and changes nothing',
		(name, line, column) => {
			const before = digest();
			const count = importCount();
			const outcome = importBytes(name, fixture(name));
			expectRefused(outcome, name, line, column);
			expect(importCount()).toBe(count + 1);
			expect(digest()).toBe(before);
		}
	);

	it.each(SUMMARY_WITH_MONTH)('%s with its month set is still refused', (name) => {
		const before = digest();
		const outcome = importBytes(name, fixture(name), { billingMonth: '2020-01' });
		expect(outcome.status, outcome.message).toBe('refused');
		expect(outcome.errors[0].message).toContain(name);
		expect(digest()).toBe(before);
	});
});

type Row = Record<string, unknown>;
const rowsOf = (sql: string, id: number) => db.$client.prepare(sql).all(id) as Row[];

// Files that look hostile but are good: imported exactly as written, then undone to the digest.
const IMPORTED: Record<string, (id: number) => void> = {
	'csv-injection-names.csv': (id) => {
		const rows = rowsOf('SELECT code, name FROM departments WHERE import_id = ? ORDER BY code', id);
		expect(rows).toEqual([
			{ code: 'INJA', name: '=HYPERLINK("http://evil.example/","Click")' },
			{ code: 'INJB', name: "-2+3+cmd|' /C calc'!A0" },
			{ code: 'INJC', name: '<script>alert(1)</script> & <img src=x onerror=alert(2)>' }
		]);
		// kept verbatim, and neutralized on the way out (OWASP: a leading single quote)
		const csv = toCsv(rows, [
			{ header: 'Code', value: 'code' },
			{ header: 'Name', value: 'name' }
		]);
		expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/"",""Click"")"`);
		expect(csv).toContain(`'-2+3+cmd|' /C calc'!A0`);
	},
	'csv-injection-inventory.csv': (id) => {
		const rows = rowsOf('SELECT * FROM managed_computers WHERE import_id = ?', id);
		expect(rows).toHaveLength(1);
		expect(JSON.stringify(rows[0])).toContain('=1+1');
		expect(JSON.stringify(rows[0])).toContain('@SUM(A1)');
	},
	'extreme-dates.csv': (id) => {
		const rows = rowsOf('SELECT * FROM managed_computers WHERE import_id = ?', id);
		const seen = rows.map((r) => Object.values(r).find((v) => /^\d{4}-\d\d-\d\d$/.test(String(v))));
		expect(seen.sort()).toEqual(['1970-01-01', '2020-11-30', '9999-12-31']);
	},
	'negative-amount.csv': (id) => {
		const rows = rowsOf(
			'SELECT nodename, total_cents AS total FROM charges WHERE import_id = ? ORDER BY nodename',
			id
		);
		// credits are negative cents, both as -5.50 and as (5.50)
		expect(rows).toEqual([
			{ nodename: 'ANSC-PC0042@ADSM4', total: -550 },
			{ nodename: 'ANSC-PC0043@ADSM4', total: -550 }
		]);
	},
	'utf16le-bom.csv': (id) => {
		expect(rowsOf('SELECT * FROM managed_computers WHERE import_id = ?', id)).toHaveLength(1);
	},
	'windows-1252-names.csv': (id) => {
		expect(rowsOf('SELECT code, name FROM departments WHERE import_id = ?', id)).toEqual([
			{ code: 'ROM', name: 'Études romanes – Café “Français”' }
		]);
	}
};

describe('hostile-looking files that are good', () => {
	it.each(Object.keys(IMPORTED))('%s is imported as written, and undone to the digest', (name) => {
		const before = digest();
		const outcome = importBytes(name, fixture(name));
		expect(outcome.status, outcome.message).toBe('imported');
		IMPORTED[name](outcome.importId!);
		const undone = undoImport(db, outcome.importId!, 'hostile-spec');
		expect(undone.ok, undone.message).toBe(true);
		expect(digest()).toBe(before);
	});
});

describe('files too big to commit, written at test time', () => {
	const INVENTORY_HEADER = 'Computer Name,Department,OS,Last Seen\n';

	it('a single 10 MB line is refused quickly, where it starts, without holding it', () => {
		const bytes = new Uint8Array(INVENTORY_HEADER.length + 10 * 1024 * 1024);
		bytes.set(new TextEncoder().encode(INVENTORY_HEADER));
		bytes.fill(0x41, INVENTORY_HEADER.length); // 'A' ten million times, no line end
		const before = digest();
		const started = performance.now();
		const outcome = importBytes('ten-megabyte-line.csv', bytes);
		const ms = performance.now() - started;
		expect(outcome.status).toBe('refused');
		expect(outcome.errors[0].line).toBe(2);
		expect(outcome.errors[0].message).toMatch(/ten-megabyte-line\.csv, line 2.*million characters/);
		expect(ms).toBeLessThan(15_000);
		expect(digest()).toBe(before);
	});

	it('a 10 MB quoted value that never closes is refused on the line it opens', () => {
		const head = `${INVENTORY_HEADER}ANSC-PC0042,ANSC,Windows 10,2020-11-30\nANSC-PC0043,"`;
		const bytes = new Uint8Array(head.length + 10 * 1024 * 1024);
		bytes.set(new TextEncoder().encode(head));
		bytes.fill(0x78, head.length); // 'x', with a line end every 64 bytes, all inside the quote
		for (let i = head.length + 63; i < bytes.length; i += 64) bytes[i] = 0x0a;
		const before = digest();
		const outcome = importBytes('runaway-quote.csv', bytes);
		expect(outcome.status).toBe('refused');
		expect(outcome.errors[0].line).toBe(3);
		expect(outcome.errors[0].message).toContain('runaway-quote.csv, line 3');
		expect(digest()).toBe(before);
	});
});
