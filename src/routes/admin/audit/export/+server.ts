import { requireRole } from '$lib/server/guard';
import { auditCsv } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The audit log (or the filtered part of it) as CSV, oldest first, streamed page by page. */
export const GET: RequestHandler = (event) => {
	requireRole('admin');
	const action = event.url.searchParams.get('action')?.slice(0, 100) || undefined;
	const search = event.url.searchParams.get('q')?.trim().slice(0, 200) || undefined;
	const lines = auditCsv(getDb(), { action, search });
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			// a few hundred lines per chunk: small enough to stream, large enough to be quick
			let chunk = '';
			for (let i = 0; i < 500; i++) {
				const next = lines.next();
				if (next.done) {
					if (chunk) controller.enqueue(encoder.encode(chunk));
					controller.close();
					return;
				}
				chunk += next.value;
			}
			controller.enqueue(encoder.encode(chunk));
		}
	});
	const day = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
