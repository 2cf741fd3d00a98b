// The import's speed and memory target: a 200,000-row Code42 device report (about 90 MB) must
// import through the streaming pipeline with a peak resident memory well under 300 MB.
//
//   npx tsx scripts/bench-import.ts [--rows 200000] [--keep FILE]
//
// It writes the report (rows of the sample report, renumbered so every device is new) to a
// temporary file, imports it into a throwaway database exactly as `npm run import` does, and prints
// one JSON line: rows, bytes, seconds, peak RSS in MB. Exit 1 when the peak passes 300 MB.
import {
	createReadStream,
	createWriteStream,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { openDatabase } from '../src/lib/server/db';
import { importStream } from '../src/lib/server/imports/pipeline';

const LIMIT_MB = 300;

const { values } = parseArgs({
	options: { rows: { type: 'string', default: '200000' }, keep: { type: 'string' } }
});
const wanted = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = values.keep ?? join(dir, 'code42-devices-200k.csv');

/** Writes `rows` report rows cycling through the sample's, each with a new device identity. */
export async function writeLargeReport(path: string, rows: number): Promise<void> {
	const sample = Papa.parse<string[]>(
		readFileSync('data/samples/code42-devices-2020-11-30.csv', 'utf8'),
		{ skipEmptyLines: true }
	).data;
	const [header, ...body] = sample;
	const at = (name: string) => header.indexOf(name);
	const uid = at('deviceUid');
	const guid = at('archiveGuid');
	const name = at('deviceName');
	const host = at('deviceOsHostname');
	const out = createWriteStream(path);
	const write = (line: string) =>
		new Promise<void>((done) => (out.write(line) ? done() : out.once('drain', () => done())));
	await write(Papa.unparse([header]) + '\r\n');
	let chunk: string[][] = [];
	for (let i = 0; i < rows; i++) {
		const row = [...body[i % body.length]];
		const n = String(i).padStart(6, '0');
		row[uid] = `9${n}${row[uid].slice(7)}`;
		row[guid] = `8${n}${row[guid].slice(7)}`;
		row[name] = `BENCH-${n}`;
		row[host] = `bench-${n}.cals.example.edu`;
		chunk.push(row);
		if (chunk.length === 5000) {
			await write(Papa.unparse(chunk, { newline: '\r\n' }) + '\r\n');
			chunk = [];
		}
	}
	if (chunk.length > 0) await write(Papa.unparse(chunk, { newline: '\r\n' }) + '\r\n');
	await new Promise<void>((done) => out.end(done));
}

await writeLargeReport(file, wanted);
const bytes = statSync(file).size;
const db = openDatabase(join(dir, 'bench.db'));
const started = performance.now();
const outcome = await importStream(db, createReadStream(file, { highWaterMark: 256 * 1024 }), {
	fileName: 'code42-devices-200k.csv',
	uploadedBy: 'bench'
});
const seconds = (performance.now() - started) / 1000;
db.$client.close();
// maxRSS is in kilobytes: the peak of the whole process, generator included
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
	JSON.stringify({
		status: outcome.status,
		rows: outcome.rows,
		megabytes: Math.round(bytes / 1e5) / 10,
		seconds: Math.round(seconds * 10) / 10,
		peakRssMb: peakMb,
		limitMb: LIMIT_MB
	})
);
rmSync(dir, { recursive: true, force: true });
if (outcome.status !== 'imported' || peakMb >= LIMIT_MB) process.exit(1);
