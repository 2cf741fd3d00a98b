import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { saveHealthSettings } from '../health-settings';
import { importFile, undoImport } from '../imports/pipeline';
import { sampleFile, type SampleFile } from '../imports/sample-file';
import { SAMPLES_DIR } from '../imports/samples';
import Papa from 'papaparse';
import { loadState } from '../state';
import { activeByReport, healthFigures } from './health';

// The history keeps each report's facts across data versions (health.ts, reportFactsInForce).
// Whatever happens to the imports, it must show what a connection reading every report afresh
// shows; and it must not read a report again once it has its facts.

let samples: SampleFile;
let db: Db;
const AS_OF = '2020-11-30';
const url = new URL('http://dashboard.test/health');

/** The health page's history, built on `on`. */
const history = (on: Db) => healthFigures({ db: on, asOf: AS_OF, scope: null }, url).history;

/** The same, read afresh by a connection of its own (no facts kept). */
const historyAfresh = () => samples.afresh(history);

const importIdOf = (asOf: string) => samples.lastImport('code42-devices', asOf);

beforeAll(() => {
	samples = sampleFile();
	db = samples.db;
}, 60_000);

afterAll(() => samples.remove());

describe('the health history with each report’s facts kept', () => {
	it('shows what reading every report afresh shows, through an undo, a new import and new thresholds', () => {
		const first = history(db);
		expect(first.points.map((p) => p.asOf)).toEqual(['2020-06-30', '2020-10-12', '2020-11-30']);
		expect(first).toEqual(historyAfresh());

		// the October report undone: its point goes, and the first-backup durations change
		undoImport(db, importIdOf('2020-10-12'), 'test');
		const undone = history(db);
		expect(undone.points.map((p) => p.asOf)).toEqual(['2020-06-30', '2020-11-30']);
		expect(undone).not.toEqual(first);
		expect(undone).toEqual(historyAfresh());

		// imported again (a new import of the same file): as before the undo
		const file = 'code42-devices-2020-10-12.csv';
		const outcome = importFile(db, {
			fileName: file,
			bytes: readFileSync(join(SAMPLES_DIR, file)),
			kind: 'code42-devices',
			asOf: '2020-10-12',
			uploadedBy: 'test'
		});
		expect(outcome.status).toBe('imported');
		expect(history(db)).toEqual(first);
		expect(history(db)).toEqual(historyAfresh());

		// stricter thresholds make more failures in every report
		saveHealthSettings(
			db,
			{ warningDays: 1, criticalDays: 2, firstBackupGraceDays: 3, uploadMbps: 10 },
			'test'
		);
		const strict = history(db);
		expect(strict.points.map((p) => p.failures)).not.toEqual(first.points.map((p) => p.failures));
		expect(strict).toEqual(historyAfresh());
	});

	it('does not read a report again once it has its facts', () => {
		const before = history(db);
		// Reports never change once imported; this one is changed behind the dashboard's back (every
		// completed backup of the June report erased), and a write elsewhere starts a new data version.
		samples.afresh((other) =>
			other.$client
				.prepare(`UPDATE device_rows SET last_completed_backup = NULL WHERE import_id = ?`)
				.run(importIdOf('2020-06-30'))
		);
		saveHealthSettings(
			db,
			{ warningDays: 1, criticalDays: 2, firstBackupGraceDays: 3, uploadMbps: 20 },
			'test'
		);
		// read afresh, June has no completed backup left; the kept facts still have them
		const afresh = historyAfresh();
		expect(afresh.points[0].never).toBeGreaterThan(before.points[0].never);
		expect(history(db)).toEqual(before);
	});
});

describe('active devices per report (the overview chart)', () => {
	it('are the distinct devices listed as active in each sample report file', () => {
		// counted straight from the files, as a person would: a device with any row Active
		const activeIn = (file: string) =>
			new Set(
				Papa.parse<Record<string, string>>(readFileSync(join(SAMPLES_DIR, file), 'utf8'), {
					header: true,
					skipEmptyLines: true
				})
					.data.filter((row) => row.status.trim().toLowerCase().startsWith('active'))
					.map((row) => row.deviceUid)
			).size;
		const fresh = sampleFile();
		try {
			expect(activeByReport(fresh.db, loadState(fresh.db, AS_OF))).toEqual(
				['2020-06-30', '2020-10-12', '2020-11-30'].map((asOf) => ({
					asOf,
					active: activeIn(`code42-devices-${asOf}.csv`)
				}))
			);
		} finally {
			fresh.remove();
		}
	});
});
