// A busy database is an answer, not a failure. SQLite has one writer at a time: while an import
// from the command line, a backup, or another process holds the write lock longer than the
// connection's busy timeout (5 s, db/index.ts), any write of the server (a setting saved, a hand
// link, an undo, a sign-in's session) throws SQLITE_BUSY. Nothing was written, and trying again
// later works, so the answer is 503 with Retry-After and a sentence, wherever the write was.
// hooks.server.ts wires the two halves: `handleError` recognizes the error thrown in a load, an
// action or an endpoint and gives the page the sentence; `handleBusy` (the outermost handle)
// turns that 500 into a 503, and answers one itself when the error came from a handle
// (signing in reads and refreshes the session there).
import type { Handle, HandleServerError } from '@sveltejs/kit';

export const RETRY_AFTER_SECONDS = 30;

export const BUSY_MESSAGE =
	'The database is busy with an import or a backup, so nothing was changed. Try again in a minute.';

/** better-sqlite3's SqliteError for a lock it waited for in vain, also when wrapped as a cause. */
export function isDatabaseBusy(error: unknown): boolean {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
		e = (e as { cause?: unknown }).cause;
	}
	return false;
}

// keyed by the request's `locals`: SvelteKit hands loads and actions a copy of the event, with the
// same `locals` object
const busyRequests = new WeakSet<App.Locals>();

/** The `handleError` hook: the sentence for a busy database, SvelteKit's own for the rest. */
export const handleBusyError: HandleServerError = ({ error, event, message }) => {
	if (isDatabaseBusy(error)) {
		busyRequests.add(event.locals);
		console.warn(`${event.request.method} ${event.url.pathname}: the database was busy (503)`);
		return { message: BUSY_MESSAGE, status: 503 };
	}
	// what SvelteKit does without a handleError hook
	console.error(error);
	return { message };
};

function wantsJson(request: Request): boolean {
	const accept = request.headers.get('accept') ?? '';
	return (
		request.headers.has('x-sveltekit-action') ||
		(accept.includes('application/json') && !accept.includes('text/html'))
	);
}

/** The outermost handle: a busy database answers 503, Retry-After, and the sentence. */
export const handleBusy: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isDatabaseBusy(error)) throw error;
		console.warn(`${event.request.method} ${event.url.pathname}: the database was busy (503)`);
		const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
		if (wantsJson(event.request)) {
			return Response.json(
				event.request.headers.has('x-sveltekit-action')
					? { type: 'error', error: { message: BUSY_MESSAGE } }
					: { message: BUSY_MESSAGE },
				{ status: 503, headers }
			);
		}
		return new Response(BUSY_MESSAGE, {
			status: 503,
			headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	if (response.status !== 500 || !busyRequests.has(event.locals)) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, headers });
};
