// A file posted as a request's body (not a form), `?name=FILE[&kind=&asOf=&billingMonth=&dateOrder=&source=]`:
// the body is read as a stream, straight into the same pipeline as `npm run import`, so an 80 MB
// report is never held whole. Shared by the upload page's endpoint (/imports/upload) and the
// scripts' API (/api/v1/imports), which answer the outcome each in their own shape.
import { EXPORT_KINDS, type ExportKind } from '../../imports/formats';
import type { ImportOutcome } from '../../imports/outcome';
import { isDatabaseBusy, RETRY_AFTER_SECONDS } from '../busy';
import { getDb } from '../db';
import { tooLargeMessage, uploadLimitBytes, uploadLimitMb } from './history';
import { importStream, UploadTooLarge } from './pipeline';
import { z } from 'zod';

const Query = z.object({
	name: z
		.string({ error: 'Name the file in the query (?name=FILE).' })
		.trim()
		.min(1, 'Name the file (?name=).')
		.max(255, 'The file name is too long.')
		.transform((n) => n.replace(/^.*[\\/]/, '')),
	kind: z
		.enum(EXPORT_KINDS as [string, ...string[]], {
			error: `The kind must be one of ${EXPORT_KINDS.join(', ')}.`
		})
		.optional(),
	asOf: z
		.string()
		.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Write the as-of date as YYYY-MM-DD.')
		.optional(),
	billingMonth: z
		.string()
		.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Write the billing month as YYYY-MM.')
		.optional(),
	dateOrder: z
		.enum(['mdy', 'dmy'], { error: 'The date order is mdy (month first) or dmy (day first).' })
		.optional(),
	source: z.string().trim().max(100, 'The source is at most 100 characters.').optional()
});

/** What came of a posted file: the pipeline's outcome, or a sentence and the status to answer. */
export type Received =
	| { outcome: ImportOutcome; name: string }
	| { outcome?: undefined; status: number; message: string; headers?: Record<string, string> };

/** Reads the file a request carries into the import pipeline, as `uploadedBy`. */
export async function receiveFile(
	request: Request,
	url: URL,
	uploadedBy: string
): Promise<Received> {
	const params = Object.fromEntries(
		[...url.searchParams.entries()].filter(([, value]) => value !== '')
	);
	const query = Query.safeParse(params);
	if (!query.success) return { status: 400, message: query.error.issues[0].message };
	const { name, kind, asOf, billingMonth, dateOrder, source } = query.data;
	const limitMb = uploadLimitMb();
	const limit = uploadLimitBytes();
	const length = Number(request.headers.get('content-length'));
	if (Number.isFinite(length) && length > limit) {
		return { status: 413, message: tooLargeMessage(limitMb, name) };
	}
	if (!request.body) {
		return { status: 400, message: `${name} arrived empty: pick the file again, then import it.` };
	}
	// the pipeline stops reading past the limit; the rest of the body is read and dropped before
	// answering, or the connection would close under a client still sending (chunked uploads saw
	// ECONNRESET, never the 413 and its sentence). adapter-node's BODY_SIZE_LIMIT (the limit plus
	// 1 MB, set by `npm start`) bounds what is read, Node drops whatever comes after that; without
	// it, at most `limit` more bytes are read before the connection is cut.
	const reader = request.body.getReader();
	try {
		const outcome = await importStream(
			getDb(),
			chunksOf(reader),
			{
				fileName: name,
				kind: kind as ExportKind | undefined,
				asOf,
				billingMonth,
				dateOrder,
				source,
				uploadedBy
			},
			{ limitBytes: limit }
		);
		return { outcome, name };
	} catch (error) {
		// adapter-node's own BODY_SIZE_LIMIT ends the stream with a 413 as well
		const status = (error as { status?: number }).status;
		if (error instanceof UploadTooLarge || status === 413) {
			return { status: 413, message: tooLargeMessage(limitMb, name) };
		}
		if (request.signal.aborted) {
			return {
				status: 400,
				message: `The upload of ${name} was broken off; nothing was imported.`
			};
		}
		// another import held the database past the busy timeout: nothing of this file was written
		if (isDatabaseBusy(error)) {
			return {
				status: 503,
				message: `The database is busy with another import; nothing of ${name} was imported. Try again in a minute.`,
				headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }
			};
		}
		throw error;
	} finally {
		await discardRest(reader, limit);
	}
}

/** The body's chunks, without cancelling the stream when the reader stops early. */
async function* chunksOf(reader: ReadableStreamDefaultReader<Uint8Array>) {
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return;
		yield value;
	}
}

/** Reads and drops what is left of the body, up to `most` bytes; past that the client is cut off. */
async function discardRest(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	most: number
): Promise<void> {
	try {
		for (let dropped = 0; dropped <= most;) {
			const { done, value } = await reader.read();
			if (done) return;
			dropped += value.byteLength;
		}
		await reader.cancel();
	} catch {
		// past BODY_SIZE_LIMIT, or the client went away: nothing more to read
	} finally {
		reader.releaseLock();
	}
}
