// What the sample data implies, worked out straight from the committed sample files with
// PapaParse, independently of the dashboard's own import and rules code, so the end-to-end tests
// compare the pages against the files and not against themselves.
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';

const read = (file: string) =>
	Papa.parse<Record<string, string>>(readFileSync(`data/samples/${file}`, 'utf8'), {
		header: true,
		skipEmptyLines: true
	}).data;

export function sampleFigures() {
	const latest = read('code42-devices-2020-11-30.csv');
	const everySeen = new Set<string>();
	for (const file of [
		'code42-devices-2020-06-30.csv',
		'code42-devices-2020-10-12.csv',
		'code42-devices-2020-11-30.csv'
	])
		for (const row of read(file)) everySeen.add(row.deviceUid);
	for (const row of read('code42cli-devices-2020-11-30.csv')) everySeen.add(row.guid);

	const active = new Set(
		latest.filter((r) => r.status.startsWith('Active')).map((r) => r.deviceUid)
	);
	const created = new Map(latest.map((r) => [r.deviceUid, r.creationDate]));
	const installDays = [...created.values()].map((d) => new Date(d).toISOString()).sort();
	const managed = read('inventory.csv').length;
	return {
		asOf: '2020-11-30',
		installed: everySeen.size,
		active: active.size,
		managed,
		milestone1000: installDays[999].slice(0, 10)
	};
}
