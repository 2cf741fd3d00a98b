// The import history as the Imports page lists it, on a real SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db';
import { listImports } from './history';
import { importFile, undoImport } from './pipeline';

let dir: string;
let db: Db;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'history-spec-'));
	db = openDatabase(join(dir, 'test.db'));
});

afterEach(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const importFixture = (name: string) =>
	importFile(db, {
		fileName: name,
		bytes: readFileSync(join(process.cwd(), 'tests/fixtures', name)),
		uploadedBy: 'spec'
	});

describe('the import history', () => {
	it("gives a billing file's first and last months, and none to other kinds", () => {
		const billing = importFixture('ezbackup-billing-months.csv'); // Jan to May 2020, one per row
		const report = importFixture('code42-devices.csv');
		const [latest, earlier] = listImports(db).entries;
		expect(latest).toMatchObject({ id: report.importId, firstMonth: null, lastMonth: null });
		expect(earlier).toMatchObject({
			id: billing.importId,
			kind: 'ezbackup-billing',
			firstMonth: '2020-01',
			lastMonth: '2020-05'
		});
	});

	it('has no months for an undone billing file: its charges are gone', () => {
		const billing = importFixture('ezbackup-billing-months.csv');
		expect(undoImport(db, billing.importId!, 'spec').ok).toBe(true);
		expect(listImports(db).entries[0]).toMatchObject({
			status: 'undone',
			firstMonth: null,
			lastMonth: null
		});
	});
});
