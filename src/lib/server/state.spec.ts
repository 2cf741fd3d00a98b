import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from './db';
import { importFile, undoImport } from './imports/pipeline';
import { loadState } from './state';

const dir = mkdtempSync(join(tmpdir(), 'state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadState', () => {
	test('is computed once per as-of date until something is written', () => {
		const db = openDatabase(join(dir, 'cache.db'));
		const first = loadState(db, '2020-11-30');
		expect(loadState(db, '2020-11-30')).toBe(first);
		expect(loadState(db, '2020-06-30')).not.toBe(first);

		const outcome = importFile(db, {
			fileName: 'departments.csv',
			bytes: readFileSync('tests/fixtures/departments.csv'),
			uploadedBy: 'test'
		});
		expect(outcome.status).toBe('imported');
		const afterImport = loadState(db, '2020-11-30');
		expect(afterImport).not.toBe(first);
		expect(afterImport.departments.length).toBeGreaterThan(first.departments.length);

		undoImport(db, outcome.importId!, 'test');
		expect(loadState(db, '2020-11-30').departments).toEqual(first.departments);
	});

	test("sees another connection's writes", () => {
		const path = join(dir, 'two.db');
		const reader = openDatabase(path);
		const writer = openDatabase(path);
		const before = loadState(reader, '2020-11-30');
		importFile(writer, {
			fileName: 'departments.csv',
			bytes: readFileSync('tests/fixtures/departments.csv'),
			uploadedBy: 'test'
		});
		expect(loadState(reader, '2020-11-30').departments.length).toBeGreaterThan(
			before.departments.length
		);
	});
});
