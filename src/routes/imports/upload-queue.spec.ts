// The upload queue through each of its steps. Files are read as the preview worker reads them
// (the same CsvPreview and previewSummary), and sent to the real upload endpoint on a real SQLite
// file; only the browser's progress events are driven by hand, and each answer is held until the
// test lets it through, so every step in between can be seen.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DELIMITERS, looksLikeBillingSummary } from '$lib/imports/formats';
import { CsvPreview, decoderLabel, previewSummary, sniffBytes } from '$lib/imports/preview';
import { getDb } from '$lib/server/db';
import { undoImport } from '$lib/server/imports/pipeline';
import type { PreviewRequest } from './preview.worker';
import { undoQuestion } from './undo';
import { POST } from './upload/+server';
import { UploadQueue, type QueueOptions, type SendResult } from './upload-queue.svelte';

// the endpoint's guard reads the request SvelteKit is answering: here, the one endpoint() makes
const answering = vi.hoisted(() => ({ event: null as unknown as RequestEvent }));
vi.mock('$app/server', () => ({ getRequestEvent: () => answering.event }));

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'upload-queue-spec-'));
	// getDb() opens the database on first use
	process.env.DATABASE_URL = join(dir, 'queue.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string, as = name) =>
	new File([readFileSync(join('tests/fixtures', name))], as, { type: 'text/csv' });
const text = (name: string, content: string) => new File([content], name, { type: 'text/csv' });

/** What the preview worker makes of a file, read whole instead of a megabyte at a time. */
async function preview(request: PreviewRequest, dateOrder = request.dateOrder) {
	const bytes = new Uint8Array(await request.file.arrayBuffer());
	const { encoding } = sniffBytes(bytes.subarray(0, 64 * 1024));
	const content = new TextDecoder(decoderLabel(encoding)).decode(bytes);
	if (request.kind === 'ezbackup-summary' || (!request.kind && looksLikeBillingSummary(content))) {
		return previewSummary(request.file.name, content, encoding, bytes.length);
	}
	const collector = new CsvPreview(request.file.name, { ...request, dateOrder });
	const parsed = Papa.parse<string[]>(content, { delimitersToGuess: [...DELIMITERS] });
	parsed.data.forEach((row, i) => collector.row(row, i + 1));
	return collector.result(encoding, parsed.meta.delimiter, bytes.length);
}

/** A file on its way to the server, held until `answer()` lets the endpoint answer it. */
interface Upload {
	file: File;
	query: string;
	progress: { sending(fraction: number): void; sent(): void };
	answer(): Promise<void>;
	unreachable(): Promise<void>;
}

const UPLOADER = { id: 'u1', email: 'billing@example.edu', role: 'uploader', departments: [] };

async function endpoint(query: string, file: File): Promise<SendResult> {
	const url = new URL(`http://localhost/imports/upload?${query}`);
	const request = new Request(url, {
		method: 'POST',
		body: file,
		headers: { 'content-type': 'application/octet-stream' }
	});
	const event = { request, url, locals: { user: UPLOADER } } as unknown as Parameters<
		typeof POST
	>[0];
	answering.event = event as unknown as RequestEvent;
	const response = await POST(event);
	return { status: response.status, body: await response.json() };
}

function setUp(limitMb = 200) {
	const reads: PreviewRequest[] = [];
	const uploads: Upload[] = [];
	const asked: string[] = [];
	const said = { yes: true, refreshed: 0 };
	const options: QueueOptions = {
		limitMb,
		send(file, query, progress) {
			let settle!: (result: SendResult) => void;
			const result = new Promise<SendResult>((resolve) => (settle = resolve));
			uploads.push({
				file,
				query,
				progress,
				answer: async () => {
					settle(await endpoint(query, file));
					await settled();
				},
				unreachable: async () => {
					settle('unreachable');
					await settled();
				}
			});
			return { result, abort: () => settle('aborted') };
		},
		confirm: (question) => {
			asked.push(question);
			return said.yes;
		},
		undo: async (id) => undoImport(getDb(), id, UPLOADER.email),
		refresh: async () => {
			said.refreshed++;
		}
	};
	const queue = new UploadQueue(options);
	queue.readerStarted((request) => reads.push(request));
	/** The reader answers every request made so far. */
	const read = async (dateOrder?: 'mdy' | 'dmy') => {
		for (const request of reads.splice(0)) {
			queue.received({ id: request.id, type: 'done', preview: await preview(request, dateOrder) });
		}
	};
	return { queue, reads, uploads, asked, said, read };
}

/** Lets the queue's own awaits run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

const AMBIGUOUS = 'Computer Name,Department,OS,Last Seen\nNEW-LAB01,ANSC,Windows 10,03/04/2020\n';

describe('the upload queue', () => {
	it('is reading each file in the browser, then ready, and sends nothing yet', async () => {
		const { queue, reads, uploads, read } = setUp();
		expect(queue.started).toBe(true);
		queue.add([fixture('code42-devices.csv'), fixture('departments.csv')]);
		const [report, departments] = queue.files;
		expect(report.step).toBe('reading');
		expect(reads.map((r) => r.file.name)).toEqual(['code42-devices.csv', 'departments.csv']);
		queue.received({ id: report.key, type: 'progress', fraction: 0.42 });
		expect(report.progress).toEqual({ value: 0.42, label: 'Reading in the browser: 42%' });
		expect(report.canImport).toBe(false);
		await read();
		expect([report.step, departments.step]).toEqual(['ready', 'ready']);
		expect(report.preview?.kind).toBe('code42-devices');
		expect(report.asOf).toBe(report.preview?.asOf);
		expect(report.progress).toBeNull();
		expect(queue.ready).toEqual([report, departments]);
		expect(uploads).toEqual([]);
	});

	it("sends an inventory's source when the file names none, and only then", async () => {
		const { queue, read } = setUp();
		queue.add([
			text('sccm.csv', 'Computer Name,Department\nPC1,ANSC\n'),
			text('both.csv', 'Computer Name,Department,Source\nPC1,ANSC,SCCM\n'),
			fixture('departments.csv')
		]);
		await read();
		const [plain, named, departments] = queue.files;
		expect([plain.sourceColumn, named.sourceColumn]).toEqual([false, true]);
		expect(plain.query).toBe('name=sccm.csv');
		for (const file of queue.files) file.source = ' SCCM ';
		expect(plain.query).toBe('name=sccm.csv&source=SCCM');
		expect(named.query).toBe('name=both.csv');
		expect(departments.query).toBe('name=departments.csv');
	});

	it('says so on each card when the reader cannot start, and when a file is over the limit', () => {
		const { queue } = setUp(0.001);
		queue.add([text('small.csv', 'Code,Name\n'), text('big.csv', 'x'.repeat(2000))]);
		const [small, big] = queue.files;
		expect(big.step).toBe('failed');
		expect(big.message).toContain('big.csv is 2.0 KB, larger than the upload limit of 0.001 MB');
		queue.readerFailed();
		expect(small.step).toBe('failed');
		expect(small.message).toBe(
			'The browser could not start reading small.csv. Reload the page and try again.'
		);
		queue.add([text('later.csv', 'Code,Name\n')]);
		expect(queue.files[2].step).toBe('failed');
		queue.remove(small);
		expect(queue.files.map((f) => f.file.name)).toEqual(['big.csv', 'later.csv']);
	});

	it('queues the files whose Import was pressed and sends them one at a time, in that order', async () => {
		const { queue, uploads, read, said } = setUp();
		queue.add([fixture('inventory.csv'), fixture('departments.csv')]);
		await read();
		const [inventory, departments] = queue.files;
		void queue.import(departments);
		void queue.import(inventory);
		expect(departments.step).toBe('sending');
		expect(departments.editable).toBe(false);
		expect(inventory.step).toBe('queued');
		expect(inventory.progress?.label).toBe('Waiting for the files before it to be sent');
		expect(uploads.map((u) => u.query)).toEqual(['name=departments.csv']);

		uploads[0].progress.sending(0.25);
		expect(departments.progress).toEqual({ value: 0.25, label: 'Uploading: 25%' });
		expect(departments.canCancel).toBe(true);
		uploads[0].progress.sent();
		expect(departments.step).toBe('importing');
		expect(departments.canCancel || departments.canRemove).toBe(false);
		await uploads[0].answer();
		expect(departments.step).toBe('done');
		expect(departments.outcome).toMatchObject({ status: 'imported', kind: 'departments' });
		expect(departments.links.map((l) => l.href)).toEqual(['/departments']);
		expect(said.refreshed).toBe(0);

		expect(inventory.step).toBe('sending');
		await uploads[1].answer();
		expect(inventory.outcome).toMatchObject({
			status: 'imported',
			rows: inventory.preview?.rowCount
		});
		expect(said.refreshed).toBe(1);
		// the same content again is a duplicate, and cannot be undone from here
		queue.add([fixture('departments.csv', 'departments-again.csv')]);
		await read();
		const again = queue.files[2];
		await Promise.all([queue.import(again), uploads[2].answer()]);
		expect(again.step).toBe('done');
		expect(again.outcome?.status).toBe('duplicate');
		expect(again.canUndo).toBe(false);
	});

	it('sends only the choices the uploader changed: the as-of date, the billing month', async () => {
		const { queue, uploads, read } = setUp();
		queue.add([fixture('code42-devices.csv', 'report.csv'), fixture('ezbackup-summary.txt')]);
		await read();
		const [report, summary] = queue.files;
		expect(summary.blocker).toBe('Set the billing month first.');
		expect(summary.canImport).toBe(false);
		summary.billingMonth = '2020-12';
		// the as-of date the preview found is the server's own default: not sent
		expect(report.query).toBe('name=report.csv');
		report.asOf = '2020-11-15';
		const both = queue.import(report, summary);
		await uploads[0].answer();
		await uploads[1].answer();
		await both;
		expect(uploads.map((u) => u.query)).toEqual([
			'name=report.csv&asOf=2020-11-15',
			'name=ezbackup-summary.txt&billingMonth=2020-12'
		]);
		expect(report.outcome).toMatchObject({ status: 'imported', asOf: '2020-11-15' });
		expect(summary.outcome).toMatchObject({ status: 'imported', months: ['2020-12'] });
	});

	it('is refused with the server’s problems, and cannot be sent again as it is', async () => {
		const { queue, uploads, read } = setUp();
		queue.add([fixture('hostile/billing-not-adding-up.csv', 'billing.csv')]);
		await read();
		const [file] = queue.files;
		await Promise.all([queue.import(file), uploads[0].answer()]);
		expect(file.step).toBe('refused');
		expect(file.outcome?.errors.map((e) => [e.line, e.column])).toEqual([
			[3, '$ Total'],
			[4, '$ Total']
		]);
		expect(file.canImport).toBe(false);
		expect(file.canRemove).toBe(true);
	});

	it('asks the date order before sending, and sends the answer', async () => {
		const { queue, uploads, read } = setUp();
		queue.add([text('lab.csv', AMBIGUOUS)]);
		await read();
		const [file] = queue.files;
		expect(file.step).toBe('ready');
		expect(file.askingDateOrder).toBe(true);
		expect(file.questions).toEqual([
			expect.objectContaining({ column: 'Last Seen', monthFirst: '2020-03-04' })
		]);
		expect(file.blocker).toBe('Choose the date order first.');
		await queue.import(file);
		expect(uploads).toEqual([]);
		file.dateOrder = 'dmy';
		expect(file.canImport).toBe(true);
		await Promise.all([queue.import(file), uploads[0].answer()]);
		expect(uploads[0].query).toBe('name=lab.csv&dateOrder=dmy');
		expect(file.step).toBe('done');
		const seen = getDb()
			.$client.prepare('SELECT last_seen FROM managed_computers WHERE import_id = ?')
			.get(file.outcome?.importId);
		expect(seen).toEqual({ last_seen: '2020-04-03' });
	});

	it('asks the date order again when the server does, and imports with the answer', async () => {
		const { queue, uploads, read } = setUp();
		queue.add([text('lab2.csv', AMBIGUOUS.replace('NEW-LAB01', 'NEW-LAB02'))]);
		// a preview that took the column as settled: the server is the authority, and asks
		await read('mdy');
		const [file] = queue.files;
		expect(file.askingDateOrder).toBe(false);
		await Promise.all([queue.import(file), uploads[0].answer()]);
		expect(file.step).toBe('refused');
		expect(file.askingDateOrder).toBe(true);
		expect(file.questions.map((q) => [q.column, q.dayFirst])).toEqual([
			['Last Seen', '2020-04-03']
		]);
		expect(file.canImport).toBe(false);
		file.dateOrder = 'mdy';
		await Promise.all([queue.import(file), uploads[1].answer()]);
		expect(uploads[1].query).toBe('name=lab2.csv&dateOrder=mdy');
		expect(file.step).toBe('done');
		expect(file.questions).toEqual([]);
	});

	it('is cancelled while it waits or is sent, with nothing imported, and can be sent again', async () => {
		const { queue, uploads, read } = setUp();
		const imports = () =>
			(getDb().$client.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;
		const before = imports();
		queue.add([
			text('first.csv', 'Code,Name\nCNA,Cancel A\n'),
			text('second.csv', 'Code,Name\nCNB,Cancel B\n')
		]);
		await read();
		const [first, second] = queue.files;
		const sending = queue.import(first, second);
		expect([first.step, second.step]).toEqual(['sending', 'queued']);
		queue.cancel(second);
		expect(second.step).toBe('cancelled');
		expect(second.message).toBe('second.csv was not sent, so nothing of it was imported.');
		uploads[0].progress.sending(0.5);
		queue.cancel(first);
		await sending;
		expect(first.step).toBe('cancelled');
		expect(first.message).toBe(
			'The upload of first.csv was cancelled before the server had all of it, so nothing of it was imported.'
		);
		expect(uploads).toHaveLength(1);
		expect(imports()).toBe(before);

		expect(second.canImport && second.editable).toBe(true);
		await Promise.all([queue.import(second), uploads[1].answer()]);
		expect(second.step).toBe('done');
		expect(second.message).toBeNull();
	});

	it('fails with a sentence when the server cannot be reached or answers without an outcome', async () => {
		const { queue, uploads, read } = setUp();
		queue.add([text('one.csv', 'Code,Name\nFLA,Fail A\n')]);
		await read();
		const [file] = queue.files;
		await Promise.all([queue.import(file), uploads[0].unreachable()]);
		expect(file.step).toBe('failed');
		expect(file.message).toBe('The upload broke off: the server could not be reached. Try again.');
		// the server's own limit, lower than the page's
		process.env.UPLOAD_LIMIT_MB = '0.00001';
		try {
			await Promise.all([queue.import(file), uploads[1].answer()]);
		} finally {
			delete process.env.UPLOAD_LIMIT_MB;
		}
		expect(file.step).toBe('failed');
		expect(file.message).toBe(
			'one.csv is larger than the upload limit of 0.00001 MB, so it was not imported. Split it, or ask the administrator to raise UPLOAD_LIMIT_MB.'
		);
	});

	it('is undone from its card after asking first, and the history says so', async () => {
		const { queue, uploads, read, asked, said } = setUp();
		queue.add([text('undo-me.csv', 'Code,Name\nUND,Undo me\n')]);
		await read();
		const [file] = queue.files;
		await Promise.all([queue.import(file), uploads[0].answer()]);
		const id = file.outcome!.importId!;
		expect(file.canUndo).toBe(true);

		said.yes = false;
		await queue.undo(file);
		expect(asked).toEqual([undoQuestion(id, 'undo-me.csv')]);
		expect(file.step).toBe('done');

		said.yes = true;
		await queue.undo(file);
		expect(file.step).toBe('undone');
		expect(file.message).toBe(
			`Import #${id} (undo-me.csv) was undone: every figure is as if it had never come.`
		);
		expect(file.canUndo || file.canImport).toBe(false);
		const status = getDb().$client.prepare('SELECT status FROM imports WHERE id = ?').get(id);
		expect(status).toEqual({ status: 'undone' });
		expect(said.refreshed).toBe(2);
	});
});
