import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { figuresAt } from '../figures/at';
import { healthHistory } from '../figures/history';
import { departmentNames } from '../figures/rollout';
import { sampleFile } from '../imports/sample-file';
import { SAMPLES_DIR } from '../imports/samples';

const AS_OF = '2020-11-30';

describe('active devices per report (the overview chart)', () => {
	it(
		'are the distinct devices listed as active in each sample report file',
		{ timeout: 60_000 },
		() => {
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
				const at = figuresAt(fresh.db, AS_OF);
				const codes = departmentNames(fresh.db).map((d) => d.code);
				const { points } = healthHistory(fresh.db, at, { departments: codes, os: null });
				expect(points.map((p) => ({ asOf: p.asOf, active: p.active }))).toEqual(
					['2020-06-30', '2020-10-12', '2020-11-30'].map((asOf) => ({
						asOf,
						active: activeIn(`code42-devices-${asOf}.csv`)
					}))
				);
			} finally {
				fresh.remove();
			}
		}
	);
});
