import { building } from '$app/environment';
import { handleAuth } from '$lib/server/auth-handle';
import { handleBusy, handleBusyError } from '$lib/server/busy';
import { compressText } from '$lib/server/compress';
import { getDb } from '$lib/server/db';
import { warmOverview } from '$lib/server/pages/overview';
import { securityHeaders } from '$lib/server/security-headers';
import { sequence } from '@sveltejs/kit/hooks';

// Migrations run when the server starts, never while `vite build` analyses the routes.
if (!building) {
	getDb();
	// `npm run import` in another process changes the data with no request here to notice: every
	// 10 s the overview is rebuilt if the data changed (microseconds when it did not), so the next
	// reader finds it ready instead of paying the seconds it takes at campus scale.
	setInterval(() => warmOverview(getDb()), 10_000).unref();
}

// Pages and CSV downloads go out gzipped to a browser that takes it (compress.ts), whatever
// answered them. A busy database answers 503 and a sentence wherever it was met (busy.ts), so that
// handle wraps all the others. Then sign-in and the route rules: nothing below runs for a request
// they refuse.
export const handle = sequence(compressText, handleBusy, handleAuth, securityHeaders);

export const handleError = handleBusyError;
