// A 1,000,000-line file (about 40 MB), written at test time: streamed from disk through the real
// pipeline and refused at its very last line, in bounded memory, leaving every data table as it
// was. (The 10 MB single line is in src/lib/server/imports/hostile.spec.ts.)
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { dataDigest } from '../../src/lib/server/db/digest';
import { importStream } from '../../src/lib/server/imports/pipeline';

const INVENTORY_HEADER = 'Computer Name,Department,OS,Last Seen\n';
let dir: string;
let db: Db;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'limits-'));
	db = openDatabase(join(dir, 'test.db'));
});

afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const digest = () => dataDigest(db.$client);
const importCount = () =>
	(db.$client.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;

it(
	'a 1,000,000-line file is streamed from disk and refused at its last line, memory bounded',
	{ timeout: 60_000 },
	async () => {
		const path = join(dir, 'million.csv');
		// written in 64 KB pieces, so the test itself never holds the file
		const fd = openSync(path, 'w');
		let chunk = INVENTORY_HEADER;
		for (let i = 1; i < 1_000_000; i++) {
			chunk += `HOST-${String(i).padStart(7, '0')},ANSC,Windows 10,2020-11-30\n`;
			if (chunk.length > 1 << 16) {
				writeSync(fd, chunk);
				chunk = '';
			}
		}
		// the very last row has an impossible date: everything before it must be thrown away
		writeSync(fd, chunk + 'HOST-LAST,ANSC,Windows 10,2020-02-30\n');
		closeSync(fd);
		const before = digest();
		const count = importCount();
		global.gc?.();
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
		const started = performance.now();
		const outcome = await importStream(db, createReadStream(path), {
			fileName: 'million.csv',
			uploadedBy: 'limits-test'
		});
		clearInterval(timer);
		peak = Math.max(peak, process.memoryUsage().rss);
		const seconds = (performance.now() - started) / 1000;
		expect(outcome.status).toBe('refused');
		expect(outcome.errors[0]).toMatchObject({ line: 1_000_001, column: 'Last Seen' });
		expect(importCount()).toBe(count + 1);
		expect(digest()).toBe(before);
		// staged in a temporary SQLite file, not in memory: far less than the 1M records as objects
		expect(peak - rssBefore).toBeLessThan(400 * 1024 * 1024);
		console.log(
			`1,000,000-line file: refused in ${seconds.toFixed(1)} s, RSS grew ${Math.round((peak - rssBefore) / 1048576)} MB`
		);
	}
);
