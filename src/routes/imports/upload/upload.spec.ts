// The upload endpoint: the body is streamed into the pipeline, the limit is answered with 413 and
// a sentence, a bad query with 400, a refusal with 422 and its errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from './+server';

// the guard reads the request SvelteKit is answering: here, the one post() makes
const answering = vi.hoisted(() => ({ event: null as unknown as RequestEvent }));
vi.mock('$app/server', () => ({ getRequestEvent: () => answering.event }));

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'upload-spec-'));
	// getDb() opens the database on first use
	process.env.DATABASE_URL = join(dir, 'upload.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UPLOADER = {
	id: 'u1',
	email: 'billing@example.edu',
	name: 'Billing',
	role: 'uploader',
	departments: []
};

function post(
	query: string,
	body: BodyInit | null,
	headers: Record<string, string> = {},
	user: object = UPLOADER
) {
	const url = new URL(`http://localhost/imports/upload?${query}`);
	const request = new Request(url, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/octet-stream', ...headers },
		// @ts-expect-error Node's fetch needs this for a streamed body
		duplex: 'half'
	});
	const event = { request, url, locals: { user } } as unknown as Parameters<typeof POST>[0];
	answering.event = event;
	return POST(event);
}

/** A body that arrives in small pieces, as a browser's upload does. */
function streamOf(bytes: Uint8Array, piece = 100): ReadableStream<Uint8Array> {
	let at = 0;
	return new ReadableStream({
		pull(controller) {
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.subarray(at, at + piece));
			at += piece;
		}
	});
}

describe('POST /imports/upload', () => {
	it('imports a streamed file and answers its outcome with links to what changed', async () => {
		const bytes = readFileSync('tests/fixtures/code42-devices.csv');
		const response = await post('name=devices.csv', streamOf(bytes));
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.outcome).toMatchObject({
			file: 'devices.csv',
			kind: 'code42-devices',
			status: 'imported',
			rows: 5
		});
		expect(body.links[0].href).toBe(`/?asOf=${body.outcome.asOf}`);
		const { getDb } = await import('$lib/server/db');
		const kept = getDb().$client.prepare('SELECT uploaded_by FROM imports WHERE id = ?');
		expect(kept.get(body.outcome.importId)).toEqual({ uploaded_by: 'billing@example.edu' });
		const again = await (await post('name=devices-again.csv', streamOf(bytes))).json();
		expect(again.outcome.status).toBe('duplicate');
	});

	it('answers a refused file with 422, its errors by line and column', async () => {
		const response = await post(
			'name=money.csv',
			streamOf(readFileSync('tests/fixtures/hostile/garbage-money.csv'))
		);
		expect(response.status).toBe(422);
		const { outcome } = await response.json();
		expect(outcome.status).toBe('refused');
		expect(outcome.errors[0]).toMatchObject({ line: 2, column: '$ Total' });
	});

	it('passes the as-of date, the billing month and the date order on', async () => {
		const summary = await post(
			'name=summary.txt&billingMonth=2020-12',
			readFileSync('tests/fixtures/ezbackup-summary.txt')
		);
		expect((await summary.json()).outcome).toMatchObject({
			status: 'imported',
			months: ['2020-12']
		});
		const ambiguous = 'Computer Name,Department,Last Seen\nA-PC1,ANSC,03/04/2020\n';
		const taken = await post('name=inv.csv&dateOrder=dmy', ambiguous);
		expect((await taken.json()).outcome.status).toBe('imported');
		const report = await post(
			'name=old.csv&asOf=2020-10-12',
			readFileSync('tests/fixtures/code42-devices-old-dates.csv')
		);
		expect((await report.json()).outcome).toMatchObject({ status: 'imported', asOf: '2020-10-12' });
	});

	it('passes the source of an inventory on', async () => {
		const list = (rows: string[]) => ['Computer Name,Department', ...rows, ''].join('\n');
		// without Last Seen, each list is dated by the uploader
		await post('name=jamf-1.csv&source=Jamf&asOf=2020-11-01', list(['MAC1,ANSC', 'MAC2,ANSC']));
		const answer = await post('name=jamf-2.csv&source=Jamf&asOf=2020-11-30', list(['MAC1,ANSC']));
		expect((await answer.json()).outcome).toMatchObject({
			status: 'imported',
			asOf: '2020-11-30',
			noLonger: [{ source: 'Jamf', computers: 1 }]
		});
	});

	it('answers 413 with a sentence past the upload limit, by length or while streaming', async () => {
		process.env.UPLOAD_LIMIT_MB = '0.001';
		try {
			const declared = await post('name=big.csv', 'x', { 'content-length': '5000' });
			expect(declared.status).toBe(413);
			expect((await declared.json()).message).toBe(
				'big.csv is larger than the upload limit of 0.001 MB, so it was not imported. Split it, or ask the administrator to raise UPLOAD_LIMIT_MB.'
			);
			const streamed = await post(
				'name=big.csv',
				streamOf(readFileSync('tests/fixtures/code42-devices.csv'))
			);
			expect(streamed.status).toBe(413);
		} finally {
			delete process.env.UPLOAD_LIMIT_MB;
		}
	});

	it('refuses a reader who may not upload', async () => {
		const leadership = { ...UPLOADER, role: 'leadership' };
		await expect(post('name=x.csv', 'a,b\n1,2\n', {}, leadership)).rejects.toMatchObject({
			status: 403
		});
	});

	it('answers 400 to a bad query or an empty body', async () => {
		for (const query of ['', 'name=x.csv&kind=spreadsheet', 'name=x.csv&asOf=30/11/2020']) {
			const response = await post(query, 'a,b\n1,2\n');
			expect(response.status, query).toBe(400);
			expect((await response.json()).message).toMatch(/\.$/);
		}
		expect((await post('name=x.csv', null)).status).toBe(400);
	});
});
