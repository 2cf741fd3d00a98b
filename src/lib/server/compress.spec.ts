import type { RequestEvent } from '@sveltejs/kit';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressText } from './compress';

const html = `<!doctype html><p>${'Backup rollout '.repeat(500)}</p>`;

async function answer(
	body: string,
	type: string,
	acceptEncoding: string | null,
	method = 'GET'
): Promise<Response> {
	const headers = new Headers();
	if (acceptEncoding !== null) headers.set('accept-encoding', acceptEncoding);
	const event = { request: new Request('http://x/', { method, headers }) } as RequestEvent;
	return compressText({
		event,
		resolve: async () =>
			new Response(method === 'HEAD' ? null : body, {
				headers: {
					'content-type': type,
					'content-length': String(Buffer.byteLength(body)),
					etag: '"abc"'
				}
			})
	});
}

describe('acceptsGzip', () => {
	it('reads Accept-Encoding as browsers send it', () => {
		expect(acceptsGzip('gzip, deflate, br')).toBe(true);
		expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
		expect(acceptsGzip('gzip;q=0')).toBe(false);
		expect(acceptsGzip('br')).toBe(false);
		expect(acceptsGzip(null)).toBe(false);
	});
});

describe('compressText', () => {
	it('gzips a page for a browser that takes gzip, the same bytes once unzipped', async () => {
		const response = await answer(html, 'text/html; charset=utf-8', 'gzip, br');
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toContain('accept-encoding');
		expect(response.headers.get('etag')).toBe('W/"abc"');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(html.length / 10);
		expect(gunzipSync(bytes).toString('utf8')).toBe(html);
	});

	it('leaves alone a client without gzip, a small answer, other types and HEAD', async () => {
		expect((await answer(html, 'text/html', null)).headers.get('content-encoding')).toBeNull();
		expect(
			(await answer('<p>hi</p>', 'text/html', 'gzip')).headers.get('content-encoding')
		).toBeNull();
		expect((await answer(html, 'image/png', 'gzip')).headers.get('content-encoding')).toBeNull();
		expect(
			(await answer(html, 'text/html', 'gzip', 'HEAD')).headers.get('content-encoding')
		).toBeNull();
		expect(await (await answer(html, 'text/html', null)).text()).toBe(html);
	});
});
