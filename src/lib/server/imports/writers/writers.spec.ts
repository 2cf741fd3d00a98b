// The writers on a real SQLite file, through the pipeline: a key twice in one file is refused as
// the formats always refused it, now found by the tables' keys; and the inventory by source.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db';
import { loadManaged } from '../../figures/reference';
import { importFile, undoImport, type ImportRequest } from '../pipeline';
import { MAX_SOURCES } from './inventory';

const FIXTURES = join(process.cwd(), 'tests/fixtures');

let dir: string;
let db: Db;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'writers-spec-'));
	db = openDatabase(join(dir, 'test.db'));
});

afterEach(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const importText = (fileName: string, text: string | Buffer, extra: Partial<ImportRequest> = {}) =>
	importFile(db, {
		fileName,
		bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
		uploadedBy: 'spec',
		...extra
	});

const problems = (outcome: ReturnType<typeof importText>) =>
	outcome.errors.map((e) => [e.line, e.column, e.value, e.message]);

describe('a key twice in one file', () => {
	it.each([
		[
			'duplicate-charge.csv',
			4,
			'Nodename',
			'ANSC-PC0042@ADSM4',
			'duplicate-charge.csv, line 4, column "Nodename": node ANSC-PC0042@ADSM4 is billed twice for 2020-01 (lines 2 and 4). Keep one row per node and month, then upload the file again.'
		],
		[
			'duplicate-device.csv',
			4,
			'deviceUid',
			'935541938261443300',
			'duplicate-device.csv, line 4, column "deviceUid": device 935541938261443300 appears twice with the same destination (lines 3 and 4). A report has one row per device and destination; export it again, then upload it.'
		],
		[
			'duplicate-computer.csv',
			4,
			'Computer Name',
			'ansc-pc0042.cals.cornell.edu',
			'duplicate-computer.csv, line 4, column "Computer Name": computer ansc-pc0042 is listed twice (lines 2 and 4). Keep one row per computer, then upload the file again.'
		]
	])('%s is refused exactly, and leaves no row', (name, line, column, value, message) => {
		const outcome = importText(name, readFileSync(join(FIXTURES, 'hostile', name)));
		expect(outcome).toMatchObject({ status: 'refused', errorCount: 1, message });
		expect(problems(outcome)).toEqual([[line, column, value, message]]);
		for (const table of ['device_rows', 'charges', 'managed_computers'])
			expect(db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
	});

	it('takes a device with two destinations, and refuses the same destination twice', () => {
		const [header, first] = readFileSync(join(FIXTURES, 'code42-devices.csv'), 'utf8').split(
			/\r?\n/
		);
		const other = first
			.replace('925541938261443265', '925541938261443266')
			.replace('Code42 Cloud USA West', 'CALS On-Premises');
		const again = first.replace(',Active,Active,', ',Deactivated,Active,');
		expect(importText('two.csv', [header, first, other, ''].join('\n')).status).toBe('imported');
		const outcome = importText('devices.csv', [header, first, other, again, ''].join('\n'));
		expect(problems(outcome)).toEqual([
			[
				4,
				'deviceUid',
				'925541938261443264',
				'devices.csv, line 4, column "deviceUid": device 925541938261443264 appears twice with the same destination (lines 2 and 4). A report has one row per device and destination; export it again, then upload it.'
			]
		]);
	});

	it('refuses a device listed twice in a code42cli list', () => {
		const header = 'computerId,guid,name,osHostname,status,lastConnected,creationDate';
		const row = (guid: string) => `1,${guid},PC,,Active,,2020-01-01T00:00:00Z`;
		const outcome = importText('cli.csv', [header, row('g1'), row('g1'), ''].join('\n'), {
			asOf: '2020-01-02'
		});
		expect(problems(outcome)).toEqual([
			[
				3,
				'guid',
				'g1',
				'cli.csv, line 3, column "guid": device g1 is listed twice (lines 2 and 3). Keep one row per device, then upload the file again.'
			]
		]);
	});

	it('refuses a node billed twice in one month, however the month is written', () => {
		const outcome = importText(
			'billing.csv',
			[
				'Billing Month,Account,Nodename,Total',
				'2020-01,A,N@ADSM4,1G',
				'2020-02,A,N@ADSM4,1G',
				'Jan 2020,A,N@ADSM4,1G',
				''
			].join('\n')
		);
		expect(problems(outcome)).toEqual([
			[
				4,
				'Nodename',
				'N@ADSM4',
				'billing.csv, line 4, column "Nodename": node N@ADSM4 is billed twice for 2020-01 (lines 2 and 4). Keep one row per node and month, then upload the file again.'
			]
		]);
	});

	it('refuses one computer twice, by short hostname, on the line read second', () => {
		// line 2 waits for its column's date order, which line 5 settles (day first): line 5 is
		// written first, and line 2 is the one refused
		const outcome = importText(
			'inventory.csv',
			[
				'Computer Name,Department,OS,Last Seen',
				'ANSC-PC0042,ANSC,,03/04/2020',
				'PC2,ANSC,,',
				'PC3,ANSC,,',
				'ansc-pc0042.cals.cornell.edu,ANSC,,13/04/2020',
				''
			].join('\n')
		);
		expect(problems(outcome)).toEqual([
			[
				2,
				'Computer Name',
				'ANSC-PC0042',
				'inventory.csv, line 2, column "Computer Name": computer ansc-pc0042 is listed twice (lines 2 and 5). Keep one row per computer, then upload the file again.'
			]
		]);
	});

	it('counts every repeated key, and lists the first 100 by line', () => {
		const rows = ['Computer Name,Department'];
		for (let i = 0; i < 150; i++) rows.push(`PC${i},ANSC`, `pc${i}.example.edu,ANSC`);
		const outcome = importText('twice.csv', rows.join('\n'));
		expect(outcome).toMatchObject({ status: 'refused', errorCount: 150 });
		expect(outcome.errors).toHaveLength(100);
		expect(outcome.errors[0].line).toBe(3);
		expect(outcome.errors[99].line).toBe(201);
	});
});

describe('the inventory by source', () => {
	const inventory = (rows: string[], source = false) =>
		[
			`Computer Name,Department,OS,Last Seen${source ? ',Source' : ''}`,
			...rows.map((r) => (source ? r : r.split(',').slice(0, 4).join(','))),
			''
		].join('\n');
	const managed = () => loadManaged(db).map((c) => `${c.shortName} ${c.department}`);
	/** The kept inventory in force now: the same computers. */
	const kept = () =>
		(
			db.$client
				.prepare(
					`SELECT short_name, department_text FROM managed WHERE until_day = '9999-12-31' ORDER BY 1`
				)
				.all() as {
				short_name: string;
				department_text: string;
			}[]
		).map((c) => `${c.short_name} ${c.department_text}`);

	it('replaces a source’s computers with its newer file, and says which are gone', () => {
		importText(
			'first.csv',
			inventory(['PC1,ANSC,,2020-11-01', 'PC2,ANSC,,2020-10-30', 'PC3,ANSC,,'])
		);
		const outcome = importText('second.csv', inventory(['PC1,FDSC,,', 'PC4,ANSC,,2020-11-30']));
		expect(outcome).toMatchObject({
			status: 'imported',
			inserted: 1,
			updated: 1,
			unchanged: 0,
			removed: 2,
			noLonger: [{ source: 'inventory', computers: 2 }]
		});
		expect(outcome.message).toBe(
			'second.csv: 2 rows imported as import #2: 1 new, 1 replaced, 0 unchanged, 2 computers no longer in inventory as of Nov 30, 2020.'
		);
		expect(managed()).toEqual(['pc1 FDSC', 'pc4 ANSC']);
		expect(kept()).toEqual(managed());
		// undone, the first list is in force again, whole
		undoImport(db, outcome.importId!, 'spec');
		expect(managed()).toEqual(['pc1 ANSC', 'pc2 ANSC', 'pc3 ANSC']);
		expect(kept()).toEqual(managed());
	});

	it('leaves other sources as they are, whether named in a column or on upload', () => {
		importText(
			'both.csv',
			inventory(
				['PC1,ANSC,,2020-11-01,SCCM', 'PC2,ANSC,,,SCCM', 'MAC1,FDSC,,,Jamf', 'MAC2,FDSC,,,Jamf'],
				true
			)
		);
		const jamf = importText('jamf.csv', inventory(['MAC1,FDSC,,', 'MAC3,FDSC,,2020-11-30']), {
			source: 'jamf'
		});
		// one source whatever its case: the spelling first imported stays
		expect(jamf.message).toMatch(/, 1 computer no longer in Jamf as of Nov 30, 2020\.$/);
		expect(managed()).toEqual(['mac1 FDSC', 'mac3 FDSC', 'pc1 ANSC', 'pc2 ANSC']);
		expect(kept()).toEqual(managed());
		const sources = db.$client
			.prepare('SELECT DISTINCT source FROM managed_computers ORDER BY 1')
			.pluck()
			.all();
		expect(sources).toEqual(['Jamf', 'SCCM']);
		// a file of the default source touches neither
		importText('plain.csv', inventory(['PC9,ANSC,,']), { asOf: '2020-12-01' });
		expect(managed()).toEqual(['mac1 FDSC', 'mac3 FDSC', 'pc1 ANSC', 'pc2 ANSC', 'pc9 ANSC']);
	});

	it('takes a computer two sources list from the later import', () => {
		importText('sccm.csv', inventory(['PC1,ANSC,,']), { source: 'SCCM', asOf: '2020-11-01' });
		importText('jamf.csv', inventory(['PC1,FDSC,,']), { source: 'Jamf', asOf: '2020-11-01' });
		expect(managed()).toEqual(['pc1 FDSC']);
		importText('sccm-2.csv', inventory(['PC1,NTRES,,', 'PC2,ANSC,,']), {
			source: 'SCCM',
			asOf: '2020-11-30'
		});
		expect(managed()).toEqual(['pc1 NTRES', 'pc2 ANSC']);
		expect(kept()).toEqual(managed());
	});

	it('dates a list by its latest Last Seen or the as-of date given, and refuses one with neither', () => {
		const undated = importText('undated.csv', inventory(['PC1,ANSC,,', 'PC2,ANSC,,']));
		expect(undated).toMatchObject({ status: 'refused', errorCount: 1 });
		expect(undated.message).toBe(
			'undated.csv was not imported: none of its rows has a Last Seen date, so the day from which it lists the managed computers is unknown. Set its as-of date (the day the list was taken), then import it again.'
		);
		const seen = importText(
			'seen.csv',
			inventory(['PC1,ANSC,,2020-11-02', 'PC2,ANSC,,2020-11-29'])
		);
		expect(seen).toMatchObject({ status: 'imported', asOf: '2020-11-29' });
		const given = importText('given.csv', inventory(['PC1,ANSC,,2020-11-02']), {
			asOf: '2020-12-01'
		});
		expect(given).toMatchObject({ status: 'imported', asOf: '2020-12-01' });
		const dates = db.$client
			.prepare(`SELECT as_of FROM imports WHERE status = 'imported' ORDER BY id`)
			.pluck()
			.all();
		expect(dates).toEqual(['2020-11-29', '2020-12-01']);
	});

	it('compares a list imported late with the list in force on its date, and keeps the later one', () => {
		importText('august.csv', inventory(['PC1,ANSC,,', 'PC2,ANSC,,']), { asOf: '2020-08-01' });
		importText('november.csv', inventory(['PC1,FDSC,,', 'PC5,ANSC,,']), { asOf: '2020-11-30' });
		// October replaces August from its date, and November still holds from its own
		const october = importText('october.csv', inventory(['PC1,ANSC,,', 'PC3,ANSC,,']), {
			asOf: '2020-10-01'
		});
		expect(october).toMatchObject({
			inserted: 1,
			updated: 0,
			unchanged: 1,
			noLonger: [{ source: 'inventory', computers: 1 }]
		});
		expect(october.message).toMatch(/, 1 computer no longer in inventory as of Oct 1, 2020\.$/);
		expect(managed()).toEqual(['pc1 FDSC', 'pc5 ANSC']);
		expect(loadManaged(db, '2020-10-15').map((c) => c.shortName)).toEqual(['pc1', 'pc3']);
		expect(kept()).toEqual(managed());
	});

	it(`refuses a Source column naming more than ${MAX_SOURCES} sources`, () => {
		const rows = Array.from({ length: MAX_SOURCES + 2 }, (_, i) => `PC${i},ANSC,,,S${i}`);
		const outcome = importText('sources.csv', inventory(rows, true));
		expect(outcome).toMatchObject({ status: 'refused', errorCount: 2 });
		expect(outcome.errors[0]).toMatchObject({ line: MAX_SOURCES + 2, column: 'Source' });
		expect(outcome.errors[0].message).toContain(
			`sources.csv, line ${MAX_SOURCES + 2}, column "Source": "S${MAX_SOURCES}" would be source number ${MAX_SOURCES + 1} of this file`
		);
	});
});
