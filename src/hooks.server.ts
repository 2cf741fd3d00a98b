import { building } from '$app/environment';
import { handleAuth } from '$lib/server/auth-handle';
import { handleBusy, handleBusyError } from '$lib/server/busy';
import { compressText } from '$lib/server/compress';
import { getDb } from '$lib/server/db';
import { startDigestSchedule } from '$lib/server/digest/schedule';
import { securityHeaders } from '$lib/server/security-headers';
import { sequence } from '@sveltejs/kit/hooks';

// Migrations run when the server starts, never while `vite build` analyses the routes; then the
// weekly digest starts if DIGEST_SCHEDULE asks for it.
if (!building) startDigestSchedule(getDb());

// Pages and CSV downloads go out gzipped to a browser that takes it (compress.ts), whatever
// answered them. A busy database answers 503 and a sentence wherever it was met (busy.ts), so that
// handle wraps all the others. Then sign-in and the route rules: nothing below runs for a request
// they refuse.
export const handle = sequence(compressText, handleBusy, handleAuth, securityHeaders);

export const handleError = handleBusyError;
