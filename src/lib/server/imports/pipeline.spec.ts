// The batch logic on a real SQLite file: a file is taken whole or refused whole, the same content
// twice changes nothing, a re-export replaces what it covers and says how much, and an undo
// leaves every figure exactly as if the file had never come.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../imports/outcome';
import { openDatabase, type Db } from '../db';
import { buildReport } from '../metrics/report';
import { loadCharges, loadDevices, loadState } from '../figures/reference';
import {
	clearSampleData,
	hasSampleData,
	importFile,
	importStream,
	undoImport,
	UploadTooLarge,
	type ImportRequest
} from './pipeline';
import { loadSamples } from './samples';

const FIXTURES = join(process.cwd(), 'tests/fixtures');
const SAMPLES = join(process.cwd(), 'data/samples');
const DATA_TABLES = ['departments', 'managed_computers', 'device_rows', 'charges'];

let dir: string;
let db: Db;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pipeline-spec-'));
	db = openDatabase(join(dir, 'test.db'));
});

afterEach(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const text = (s: string) => new TextEncoder().encode(s);
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');

function importText(
	fileName: string,
	content: string | Uint8Array,
	extra: Partial<ImportRequest> = {}
) {
	return importFile(db, {
		fileName,
		bytes: typeof content === 'string' ? text(content) : content,
		uploadedBy: 'spec',
		...extra
	});
}

/** Every row of every data table, hashed: equal digests mean no data changed. */
function digest(): string {
	const hash = createHash('sha256');
	for (const table of DATA_TABLES) {
		const columns = (db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
			.map((c) => c.name)
			.join(', ');
		const rows = db.$client.prepare(`SELECT * FROM ${table} ORDER BY ${columns}`).raw().all();
		hash.update(table).update(JSON.stringify(rows));
	}
	return hash.digest('hex');
}

const importCount = () =>
	(db.$client.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;

/** A CSV of the sample file with its rows changed by `edit` (return null to drop a row). */
function editCsv(
	content: string,
	edit: (row: Record<string, string>, index: number) => Record<string, string> | null
): string {
	const parsed = Papa.parse<Record<string, string>>(content, {
		header: true,
		skipEmptyLines: true
	});
	const rows = parsed.data
		.map((row, i) => edit({ ...row }, i))
		.filter((r): r is Record<string, string> => r !== null);
	return Papa.unparse(rows, { columns: parsed.meta.fields, newline: '\n' }) + '\n';
}

describe('importing a file', () => {
	it('writes a good file as one batch and records it', () => {
		const outcome = importText('billing.csv', fixture('ezbackup-billing.csv'));
		expect(outcome).toMatchObject({
			status: 'imported',
			kind: 'ezbackup-billing',
			rows: 4,
			inserted: 4,
			updated: 0,
			unchanged: 0,
			months: ['2020-01', '2020-02'],
			errors: []
		});
		const row = db.$client.prepare('SELECT * FROM imports WHERE id = ?').get(outcome.importId);
		expect(row).toMatchObject({
			kind: 'ezbackup-billing',
			file_name: 'billing.csv',
			status: 'imported',
			rows: 4,
			inserted: 4,
			uploaded_by: 'spec',
			sha256: createHash('sha256').update(fixture('ezbackup-billing.csv')).digest('hex')
		});
		const charges = loadCharges(db, '2020-02-29');
		expect(charges.map((c) => [c.month, c.nodename, c.totalCents])).toEqual([
			['2020-01', 'ANSC-LABIMAGING-SRV-01@ADSM4', 575],
			['2020-01', 'ANSC-PC0042@ADSM4', 550],
			['2020-02', 'ANSC-PC0042@ADSM4', 550],
			['2020-02', 'FDSC-MAC0007@ADSM2', 550]
		]);
	});

	it('computes charges from the tariff when the $ columns are missing', () => {
		const outcome = importText('no-money.csv', fixture('ezbackup-billing-no-money.csv'));
		expect(outcome.status).toBe('imported');
		const rows = db.$client
			.prepare(
				'SELECT nodename, base_cents, extra_cents, total_cents, from_tariff FROM charges ORDER BY nodename'
			)
			.all();
		// 62.5 GB: 12.5 GB over the 50 included, at 2 cents a GB = 25 cents
		expect(rows).toEqual([
			{
				nodename: 'ANSC-LABIMAGING-SRV-01@ADSM4',
				base_cents: 550,
				extra_cents: 25,
				total_cents: 575,
				from_tariff: 1
			},
			{
				nodename: 'ANSC-PC0042@ADSM4',
				base_cents: 550,
				extra_cents: 0,
				total_cents: 550,
				from_tariff: 1
			}
		]);
	});

	it('keeps credits that add up, from the billing export and the Billing Summary', () => {
		const charges = () =>
			db.$client
				.prepare(
					`SELECT nodename, base_cents AS base, extra_cents AS extra, total_cents AS total
					FROM charges WHERE total_cents < 0 ORDER BY import_id, nodename`
				)
				.all();
		expect(importText('credit.csv', fixture('ezbackup-billing-credit.csv')).status).toBe(
			'imported'
		);
		expect(importText('credit.txt', fixture('ezbackup-summary-credit.txt')).status).toBe(
			'imported'
		);
		expect(charges()).toEqual([
			{ nodename: 'ANSC-PC0017@ADSM4', base: -550, extra: 0, total: -550 },
			{ nodename: 'ANSC-PC0018@ADSM4', base: -550, extra: -25, total: -575 },
			{ nodename: 'ANSC-PC0017@ADSM4', base: -550, extra: 0, total: -550 }
		]);
	});

	it('refuses a billing row that does not add up, and changes nothing', () => {
		const before = digest();
		const outcome = importText('bad.csv', fixture('hostile/billing-not-adding-up.csv'));
		expect(outcome.status).toBe('refused');
		expect(outcome.errorCount).toBe(2);
		expect(outcome.errors.map((e) => [e.line, e.column, e.value])).toEqual([
			[3, '$ Total', '6.00'],
			[4, '$ Total', '-5.00']
		]);
		expect(outcome.errors[1].message).toContain(
			'bad.csv, line 4, column "$ Total": $ Base -5.50 + $ Extra 0.00 makes -5.50, but $ Total is -5.00'
		);
		expect(digest()).toBe(before);
	});

	it('refuses a tariff-priced charge for a month no tariff covers, naming the line', () => {
		const before = digest();
		const outcome = importText(
			'old.csv',
			'Billing Month,Account,Nodename,Total\n2019-03,IT-ABC1234,ANSC-PC0042@ADSM4,9.6G\n'
		);
		expect(outcome.status).toBe('refused');
		expect(outcome.errors[0]).toMatchObject({ line: 2, column: 'Billing Month', value: '2019-03' });
		expect(outcome.errors[0].message).toContain('old.csv, line 2');
		expect(digest()).toBe(before);
	});

	it('takes the as-of date of a Code42 report from its latest activity, or from the uploader', () => {
		const first = importText('devices.csv', fixture('code42-devices.csv'));
		expect(first.status).toBe('imported');
		expect(first.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const again = importText('devices-old-dates.csv', fixture('code42-devices-old-dates.csv'), {
			asOf: '2020-10-12'
		});
		expect(again).toMatchObject({ status: 'imported', asOf: '2020-10-12' });
	});

	it(
		'reads every committed good fixture through both the buffer and the stream path alike',
		{
			timeout: 60_000
		},
		async () => {
			const good = readdirSync(FIXTURES).filter((f) => /\.(csv|txt)$/.test(f));
			expect(good.length).toBeGreaterThanOrEqual(15);
			for (const name of good) {
				// the one summary fixture that does not state its month
				const extra: Partial<ImportRequest> =
					name === 'ezbackup-summary.txt' ? { billingMonth: '2020-12' } : {};
				const whole = importText(name, fixture(name), extra);
				expect(whole.status, `${name}: ${whole.message}`).toBe('imported');
				const wholeDigest = digest();
				expect(undoImport(db, whole.importId!, 'spec').ok).toBe(true);
				// the same bytes in 7-byte chunks: a chunk boundary falls inside every kind of token
				const bytes = fixture(name);
				async function* chunks() {
					for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
				}
				const streamed = await importStream(db, chunks(), {
					fileName: name,
					uploadedBy: 'spec',
					...extra
				});
				expect(streamed.status, `${name}: ${streamed.message}`).toBe('imported');
				expect({ ...streamed, importId: 0 }).toEqual({
					...whole,
					importId: 0,
					message: streamed.message
				});
				// the rows differ only in the import they belong to
				expect(digest().length).toBe(wholeDigest.length);
				expect(undoImport(db, streamed.importId!, 'spec').ok).toBe(true);
			}
		}
	);
});

describe('a refused file', () => {
	it(
		'changes no data table, and is kept in the history with its errors',
		{ timeout: 60_000 },
		() => {
			loadSamples(db);
			const before = digest();
			const report = buildReport(loadState(db));
			const hostile = readdirSync(join(FIXTURES, 'hostile'));
			expect(hostile.length).toBeGreaterThanOrEqual(20);
			for (const name of hostile) {
				const count = importCount();
				const outcome = importText(name, readFileSync(join(FIXTURES, 'hostile', name)));
				if (outcome.status === 'imported') {
					// a hostile file that is good after all (e.g. unknown extra columns): undo it
					undoImport(db, outcome.importId!, 'spec');
					continue;
				}
				expect(outcome.status, name).toBe('refused');
				expect(outcome.errors.length, name).toBeGreaterThan(0);
				expect(outcome.message.length, name).toBeGreaterThan(20);
				expect(importCount(), name).toBe(count + 1);
				const kept = db.$client
					.prepare('SELECT status, errors FROM imports WHERE id = ?')
					.get(outcome.importId) as { status: string; errors: string };
				expect(kept.status).toBe('refused');
				expect(JSON.parse(kept.errors)[0]).toMatchObject({ message: outcome.errors[0].message });
			}
			expect(digest()).toBe(before);
			expect(buildReport(loadState(db))).toEqual(report);
		}
	);

	it('gives line and column for a bad cell, the first 100 errors, and how many more', () => {
		const bad = ['Billing Month,Account,Nodename,Total,$ Total'];
		for (let i = 0; i < 150; i++) bad.push(`2020-01,IT-ABC1234,NODE-${i},9.6G,five`);
		const outcome = importText('many.csv', bad.join('\n'));
		expect(outcome.status).toBe('refused');
		expect(outcome.errorCount).toBe(150);
		expect(outcome.errors).toHaveLength(100);
		expect(outcome.errors[0]).toMatchObject({ line: 2, column: '$ Total' });
		expect(outcome.errors[99]).toMatchObject({ line: 101, column: '$ Total' });
		const kept = JSON.parse(
			(
				db.$client.prepare('SELECT errors FROM imports WHERE id = ?').get(outcome.importId) as {
					errors: string;
				}
			).errors
		) as { message: string }[];
		expect(kept).toHaveLength(101);
		expect(kept[100].message).toBe('… and 50 more problems.');
	});

	it('asks for the date order of an unsettled column, and imports once it is given', () => {
		const refused = importText(
			'inv.csv',
			'Computer Name,Department,Last Seen\nA-PC1,ANSC,03/04/2020\n'
		);
		expect(refused).toMatchObject({ status: 'refused', ambiguousDateColumn: 'Last Seen' });
		expect(refused.dateOrderQuestion?.columns[0]).toMatchObject({
			column: 'Last Seen',
			line: 2,
			monthFirst: '2020-03-04',
			dayFirst: '2020-04-03'
		});
		const taken = importText(
			'inv.csv',
			'Computer Name,Department,Last Seen\nA-PC1,ANSC,03/04/2020\n',
			{ dateOrder: 'dmy' }
		);
		expect(taken.status).toBe('imported');
		expect(db.$client.prepare('SELECT last_seen FROM managed_computers').get()).toEqual({
			last_seen: '2020-04-03'
		});
	});

	it('refuses a malformed as-of date or billing month given by the uploader', () => {
		const before = digest();
		expect(
			importText('d.csv', fixture('code42-devices.csv'), { asOf: '2020-13-01' })
		).toMatchObject({
			status: 'refused'
		});
		expect(
			importText('s.txt', fixture('ezbackup-summary.txt'), { billingMonth: 'Dec' })
		).toMatchObject({
			status: 'refused'
		});
		expect(digest()).toBe(before);
	});
});

describe('never counting twice', () => {
	it('reports the same content again as a duplicate and changes nothing', () => {
		const first = importText('billing.csv', fixture('ezbackup-billing.csv'));
		const before = digest();
		const count = importCount();
		const again = importText('renamed.csv', fixture('ezbackup-billing.csv'));
		expect(again).toMatchObject({
			status: 'duplicate',
			importId: first.importId,
			kind: 'ezbackup-billing',
			rows: 4,
			inserted: 0,
			updated: 0,
			unchanged: 0
		});
		expect(again.message).toContain(`import #${first.importId}`);
		expect(digest()).toBe(before);
		expect(importCount()).toBe(count);
	});

	it('lets a file come again once its import was undone', () => {
		const first = importText('billing.csv', fixture('ezbackup-billing.csv'));
		undoImport(db, first.importId!, 'spec');
		expect(importText('billing.csv', fixture('ezbackup-billing.csv')).status).toBe('imported');
	});

	it('replaces billed charges by month and node, and counts new, replaced and unchanged', () => {
		importText('billing.csv', fixture('ezbackup-billing.csv'));
		const corrected = editCsv(fixture('ezbackup-billing.csv').toString('utf8'), (row, i) => {
			if (i === 1) return { ...row, '$ Extra': '0.30', '$ Total': '5.80' };
			if (i === 3) return null;
			return row;
		}).replace(
			/\n$/,
			'\n2020-02,IT-ABC1234,ANSC,ANSC-PC0099@ADSM4,1.0G,0.0M,1.0G,0.0M,5.50,0.00,5.50\n'
		);
		const outcome = importText('billing-corrected.csv', corrected);
		expect(outcome).toMatchObject({
			status: 'imported',
			rows: 4,
			inserted: 1,
			updated: 1,
			unchanged: 2
		});
		const charges = loadCharges(db, '2020-02-29');
		expect(charges).toHaveLength(5);
		expect(charges.find((c) => c.nodename.startsWith('ANSC-LABIMAGING'))?.totalCents).toBe(580);
	});

	it('matches the Billing Summary’s cut node names to the billed nodes they stand for', () => {
		const csv = [
			'Billing Month,Account,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total',
			'2020-11,IT-ANS1004,ANSC-PC0042@ADSM4,9.4G,200.0M,9.6G,0.0M,5.50,0.00,5.50',
			'2020-11,IT-ANS1004,ANSC-LABIMAGING-SRV-01@ADSM4,62.5G,0.0M,62.5G,12.5G,5.50,0.25,5.75'
		].join('\n');
		expect(importText('billing.csv', csv).status).toBe('imported');
		const outcome = importText('summary.txt', fixture('ezbackup-summary.txt'), {
			billingMonth: '2020-11'
		});
		expect(outcome).toMatchObject({ status: 'imported', inserted: 0, updated: 0, unchanged: 2 });
		const nodes = loadCharges(db, '2020-11-30').map((c) => c.nodename);
		expect(nodes).toEqual(['ANSC-LABIMAGING-SRV-01@ADSM4', 'ANSC-PC0042@ADSM4']);
	});

	it('replaces a Code42 snapshot re-exported for the same as-of date', { timeout: 60_000 }, () => {
		loadSamples(db);
		const report = sample('code42-devices-2020-11-30.csv');
		let changedUid = '';
		let droppedUid = '';
		const corrected = editCsv(report, (row, i) => {
			if (i === 0) {
				changedUid = row.deviceUid;
				return { ...row, status: 'Deactivated' };
			}
			if (i === 1) {
				droppedUid = row.deviceUid;
				return null;
			}
			return row;
		});
		const rows = Papa.parse(report, { header: true, skipEmptyLines: true }).data.length;
		const outcome = importText('code42-devices-2020-11-30-corrected.csv', corrected, {
			asOf: '2020-11-30'
		});
		expect(outcome).toMatchObject({
			status: 'imported',
			asOf: '2020-11-30',
			rows: rows - 1,
			inserted: 0,
			updated: 1,
			unchanged: rows - 2,
			removed: 1
		});
		const devices = new Map(loadDevices(db, '2020-11-30').map((d) => [d.deviceUid, d]));
		expect(devices.get(changedUid)?.status).toBe('Deactivated');
		// the dropped row is gone from the snapshot, but the device stays known: it is in the
		// code42cli list of the same day and in earlier reports
		const kept = db.$client
			.prepare('SELECT count(*) AS n FROM device_rows WHERE import_id = ? AND device_uid = ?')
			.get(outcome.importId, droppedUid);
		expect(kept).toEqual({ n: 0 });
		expect(devices.has(droppedUid)).toBe(true);
	});
});

describe('undo', () => {
	it('restores every figure and every data row exactly', { timeout: 60_000 }, () => {
		loadSamples(db);
		const before = digest();
		const reportBefore = buildReport(loadState(db, '2020-12-31'));
		const defaultBefore = buildReport(loadState(db));

		// a corrected November billing and a corrected 11-30 report, and a newer report
		const billing = editCsv(sample('ezbackup-billing.csv'), (row) =>
			row['Billing Month'] === '2020-11'
				? { ...row, '$ Base': '1.00', '$ Extra': '0.00', '$ Total': '1.00' }
				: null
		);
		const corrected = editCsv(sample('code42-devices-2020-11-30.csv'), (row, i) =>
			i % 10 === 0 ? { ...row, status: 'Deactivated' } : row
		);
		const newer = editCsv(sample('code42-devices-2020-11-30.csv'), (row) => ({
			...row,
			lastActivity: row.lastActivity ? '2020-12-15T10:00:00.000Z' : row.lastActivity
		}));
		const inventory = editCsv(sample('inventory.csv'), (row, i) => (i < 100 ? null : row));
		const outcomes: ImportOutcome[] = [
			importText('billing-nov.csv', billing),
			importText('c42-corrected.csv', corrected, { asOf: '2020-11-30' }),
			importText('c42-newer.csv', newer),
			importText('inventory-smaller.csv', inventory),
			importText(
				'departments.csv',
				sample('departments.csv').replace('Animal Science', 'Animal Sciences') + ''
			)
		];
		for (const o of outcomes) expect(o.status, o.message).toBe('imported');
		expect(outcomes[2].asOf).toBe('2020-12-15');
		expect(buildReport(loadState(db, '2020-12-31'))).not.toEqual(reportBefore);

		// undone in an order other than the imports'
		for (const i of [1, 3, 0, 4, 2]) {
			expect(undoImport(db, outcomes[i].importId!, 'spec').ok).toBe(true);
		}
		expect(digest()).toBe(before);
		expect(buildReport(loadState(db, '2020-12-31'))).toEqual(reportBefore);
		expect(buildReport(loadState(db))).toEqual(defaultBefore);
	});

	it('shows an earlier import again when the one that replaced it is undone', () => {
		const first = importText('billing.csv', fixture('ezbackup-billing.csv'));
		const second = importText(
			'billing-fix.csv',
			'Billing Month,Account,Nodename,Total,$ Total\n2020-01,IT-ABC1234,ANSC-PC0042@ADSM4,9.6G,9.99\n'
		);
		expect(second).toMatchObject({ status: 'imported', updated: 1 });
		const total = () =>
			loadCharges(db, '2020-01-31').find((c) => c.nodename === 'ANSC-PC0042@ADSM4')?.totalCents;
		expect(total()).toBe(999);
		undoImport(db, second.importId!, 'spec');
		expect(total()).toBe(550);
		undoImport(db, first.importId!, 'spec');
		expect(total()).toBeUndefined();
	});

	it('refuses to undo what is not an imported batch', () => {
		const refused = importText('empty.csv', '');
		expect(refused.status).toBe('refused');
		expect(undoImport(db, refused.importId!, 'spec')).toMatchObject({ ok: false });
		expect(undoImport(db, 9999, 'spec')).toEqual({
			ok: false,
			message: 'There is no import #9999.'
		});
		const taken = importText('billing.csv', fixture('ezbackup-billing.csv'));
		expect(undoImport(db, taken.importId!, 'spec').ok).toBe(true);
		expect(undoImport(db, taken.importId!, 'spec')).toMatchObject({ ok: false });
		const row = db.$client
			.prepare('SELECT status, undone_by FROM imports WHERE id = ?')
			.get(taken.importId);
		expect(row).toEqual({ status: 'undone', undone_by: 'spec' });
	});

	it('clears the sample data whole', { timeout: 60_000 }, () => {
		loadSamples(db);
		expect(hasSampleData(db)).toBe(true);
		importText('billing.csv', fixture('ezbackup-billing.csv'));
		clearSampleData(db, 'spec');
		expect(hasSampleData(db)).toBe(false);
		const left = db.$client.prepare('SELECT count(*) AS n FROM charges').get() as { n: number };
		expect(left.n).toBe(4);
		for (const table of ['departments', 'managed_computers', 'device_rows']) {
			expect(db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
		}
	});
});

describe('streaming', () => {
	it('stops at the upload limit and records nothing', async () => {
		const bytes = fixture('code42-devices.csv');
		async function* chunks() {
			for (let at = 0; at < bytes.length; at += 100) yield bytes.subarray(at, at + 100);
		}
		await expect(
			importStream(db, chunks(), { fileName: 'big.csv', uploadedBy: 'spec' }, { limitBytes: 1000 })
		).rejects.toBeInstanceOf(UploadTooLarge);
		expect(importCount()).toBe(0);
	});

	it('hashes the whole file even when it is refused early', async () => {
		const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text('rest of a zip')]);
		async function* chunks() {
			yield bytes.subarray(0, 4);
			yield bytes.subarray(4);
		}
		const outcome = await importStream(db, chunks(), { fileName: 'x.xlsx', uploadedBy: 'spec' });
		expect(outcome.status).toBe('refused');
		expect(outcome.message).toContain('CSV UTF-8');
		const { sha256 } = db.$client.prepare('SELECT sha256 FROM imports').get() as { sha256: string };
		expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
	});
});

describe('the audit log', () => {
	it('records who imported, was refused and undid what', () => {
		const taken = importText('departments.csv', fixture('departments.csv'));
		importText('empty.csv', '');
		undoImport(db, taken.importId!, 'erin@college.edu');
		const entries = db.$client
			.prepare('SELECT actor, action, subject FROM audit_log ORDER BY id')
			.all();
		expect(entries).toEqual([
			{ actor: 'spec', action: 'import', subject: 'departments.csv' },
			{ actor: 'spec', action: 'import.refused', subject: 'empty.csv' },
			{ actor: 'erin@college.edu', action: 'import.undo', subject: 'departments.csv' }
		]);
	});
});
