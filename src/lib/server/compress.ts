// adapter-node serves the built assets gzipped but sends rendered pages and CSV downloads as they
// are: a campus overview is 47 KB of HTML, 9 KB gzipped, which is what a slow connection waits
// for before the first paint. A handle, so hooks.server.ts adds it to its `sequence`.
import type { Handle } from '@sveltejs/kit';

/** Under this, compressing saves less than it costs. */
const MIN_BYTES = 1024;
const TYPES = /^(text\/html|text\/csv|application\/json)\b/;

/** Whether the request takes gzip: listed in Accept-Encoding, and not with q=0. */
export function acceptsGzip(header: string | null): boolean {
	if (!header) return false;
	return header.split(',').some((part) => {
		const [coding, ...params] = part.trim().split(';');
		if (coding.trim().toLowerCase() !== 'gzip') return false;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		return q === undefined || Number(q.slice(2)) > 0;
	});
}

export const compressText: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	if (
		!TYPES.test(type) ||
		!response.body ||
		response.headers.has('content-encoding') ||
		event.request.method === 'HEAD' ||
		!acceptsGzip(event.request.headers.get('accept-encoding'))
	) {
		return response;
	}
	const length = Number(response.headers.get('content-length') ?? Infinity);
	const headers = new Headers(response.headers);
	headers.append('vary', 'accept-encoding');
	if (length < MIN_BYTES) return new Response(response.body, { status: response.status, headers });
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	// a strong ETag names the uncompressed bytes: the compressed ones get a weak one
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	// streamed, so a download written page by page (the audit log) is never held whole
	const zipped = response.body.pipeThrough(new CompressionStream('gzip'));
	return new Response(zipped, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
};
