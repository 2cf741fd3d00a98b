import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { undoImport } from './imports/pipeline';
import { sampleFile, type SampleFile } from './imports/sample-file';
import { loadState } from './state';

// loadState keeps the devices and the charges per connection with the imports they came from
// (state.ts, keptPart). A state must always equal one loaded afresh, and a part whose imports did
// not change must be the very one loaded before.

let samples: SampleFile;
let db: Db;
const stateAfresh = (asOf?: string) => samples.afresh((fresh) => loadState(fresh, asOf));
const lastImport = (kind: string) => samples.lastImport(kind);

beforeAll(() => {
	samples = sampleFile();
	db = samples.db;
}, 60_000);

afterAll(() => samples.remove());

describe('the state with its devices and charges kept', () => {
	it('takes the part whose imports did not change as it is, and loads the other again', () => {
		const before = loadState(db);
		expect(loadState(db).devices).toBe(before.devices);
		expect(loadState(db).charges).toBe(before.charges);

		// a Code42 report undone: new devices, the same charges
		undoImport(db, lastImport('code42-devices'), 'test');
		const noReport = loadState(db, before.asOf);
		expect(noReport.devices).not.toBe(before.devices);
		expect(noReport.devices).not.toEqual(before.devices);
		expect(noReport.charges).toBe(before.charges);
		expect(noReport).toEqual(stateAfresh(before.asOf));

		// a billing file undone: new charges, the same devices
		undoImport(db, lastImport('ezbackup-billing'), 'test');
		const noSummary = loadState(db, before.asOf);
		expect(noSummary.devices).toBe(noReport.devices);
		expect(noSummary.charges).not.toBe(before.charges);
		expect(noSummary.charges.length).toBeLessThan(before.charges.length);
		expect(noSummary).toEqual(stateAfresh(before.asOf));
	});

	it('keeps the parts of two as-of dates, each equal to one loaded afresh', () => {
		const latest = loadState(db);
		const october = loadState(db, '2020-10-12');
		expect(october.devices.length).toBeLessThan(latest.devices.length);
		expect(loadState(db).devices).toBe(latest.devices);
		expect(loadState(db, '2020-10-12').devices).toBe(october.devices);
		expect(october).toEqual(stateAfresh('2020-10-12'));
		expect(latest).toEqual(stateAfresh());
	});
});
