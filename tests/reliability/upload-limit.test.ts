// An upload past UPLOAD_LIMIT_MB gets 413 and a sentence, however it is sent: with a
// Content-Length (what browsers send), or chunked with no length (curl -T -, scripts), where the
// endpoint used to answer while the body was still arriving and the client saw a reset instead.
// Against a production server of its own started with UPLOAD_LIMIT_MB=1 (tests/reliability/server.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { buildIfStale, startServer, type ProductionServer } from './server';

const BUILD_DIR = resolve(process.env.RELIABILITY_BUILD_DIR ?? 'tmp/reliability-build');
const PORT = Number(process.env.RELIABILITY_PORT ?? 4383) + 1;
let dir: string;
let server: ProductionServer;

beforeAll(async () => {
	buildIfStale(BUILD_DIR);
	mkdirSync('tmp', { recursive: true });
	dir = mkdtempSync(resolve('tmp/reliability-limit-'));
	const database = join(dir, 'dashboard.db');
	openDatabase(database).$client.close();
	server = await startServer({
		buildDir: BUILD_DIR,
		port: PORT,
		database,
		env: { UPLOAD_LIMIT_MB: '1' }
	});
}, 300_000);

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** Sends `bytes` of an inventory in 64 KB writes, chunked unless `withLength`. */
function upload(bytes: number, withLength: boolean) {
	return new Promise<{ status: number; body: string; sent: number }>((done, fail) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: PORT,
				method: 'POST',
				path: '/imports/upload?name=big.csv',
				headers: {
					'content-type': 'text/csv',
					origin: server.origin,
					cookie: server.cookie,
					...(withLength ? { 'content-length': String(bytes) } : {})
				}
			},
			(res) => {
				let body = '';
				res.on('data', (d) => (body += d));
				res.on('end', () => done({ status: res.statusCode!, body, sent }));
			}
		);
		req.on('error', fail);
		let sent = 0;
		let n = 0;
		// unique computers, so that a file under the limit imports
		const nextPiece = () => {
			let text = n === 0 ? 'Computer Name,Department,OS,Last Seen\n' : '';
			while (text.length < 65536)
				text += `LIMIT-PC${String(n++).padStart(8, '0')},ANSC,Windows 10,2020-11-30\n`;
			return Buffer.from(text);
		};
		const write = () => {
			while (sent < bytes) {
				// chunked: whole pieces, so the file ends with a whole row
				const next = withLength ? nextPiece().subarray(0, bytes - sent) : nextPiece();
				sent += next.length;
				if (!req.write(next)) return void req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

for (const [what, bytes, withLength] of [
	['chunked, 3.5 MB (past the limit, under adapter-node’s BODY_SIZE_LIMIT)', 3.5 * 2 ** 20, false],
	['chunked, 20 MB (past BODY_SIZE_LIMIT as well)', 20 * 2 ** 20, false],
	['with Content-Length, 3.5 MB', 3.5 * 2 ** 20, true]
] as const) {
	it(`an upload past the limit, ${what}, gets 413 and the sentence`, async () => {
		const started = Date.now();
		const { status, body } = await upload(bytes, withLength);
		console.log(`${what}: ${status} after ${Date.now() - started} ms`);
		expect(status, body).toBe(413);
		expect((JSON.parse(body) as { message: string }).message).toBe(
			'big.csv is larger than the upload limit of 1 MB, so it was not imported. Split it, or ask the administrator to raise UPLOAD_LIMIT_MB.'
		);
	});
}

it('an upload under the limit, chunked, still lands', async () => {
	const { status, body } = await upload(512 * 1024, false);
	expect(status, body).toBe(200);
	expect(JSON.parse(body)).toMatchObject({ outcome: { status: 'imported' } });
});
