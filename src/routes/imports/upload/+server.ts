// POST /imports/upload?name=FILE[&kind=&asOf=&billingMonth=&dateOrder=&source=] with the file's bytes as
// the body (not a form): the body is read as a stream, straight into the same pipeline as
// `npm run import`, so an 80 MB report is never held whole. Answers the import's outcome as JSON.
import { EXPORT_KINDS, type ExportKind } from '$lib/imports/formats';
import { changeLinks } from '$lib/imports/links';
import type { UploadAnswer } from '$lib/imports/outcome';
import { isDatabaseBusy, RETRY_AFTER_SECONDS } from '$lib/server/busy';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import { tooLargeMessage, uploadLimitBytes, uploadLimitMb } from '$lib/server/imports/history';
import { importStream, UploadTooLarge } from '$lib/server/imports/pipeline';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';

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

/** Every answer is an UploadAnswer: the page's upload queue reads it. */
const reply = (body: UploadAnswer, init?: ResponseInit) => json(body, init);

export const POST: RequestHandler = async (event) => {
	const uploadedBy = requireRole('uploader').email;
	const { request, url } = event;
	const params = Object.fromEntries(
		[...url.searchParams.entries()].filter(([, value]) => value !== '')
	);
	const query = Query.safeParse(params);
	if (!query.success) {
		return reply({ message: query.error.issues[0].message }, { status: 400 });
	}
	const { name, kind, asOf, billingMonth, dateOrder, source } = query.data;
	const limitMb = uploadLimitMb();
	const limit = uploadLimitBytes();
	const length = Number(request.headers.get('content-length'));
	if (Number.isFinite(length) && length > limit) {
		return reply({ message: tooLargeMessage(limitMb, name) }, { status: 413 });
	}
	if (!request.body) {
		return reply(
			{ message: `${name} arrived empty: pick the file again, then import it.` },
			{ status: 400 }
		);
	}
	// the pipeline stops reading past the limit; the rest of the body is read and dropped before
	// answering, or the connection would close under a client still sending (chunked uploads saw
	// ECONNRESET, never the 413 and its sentence). adapter-node's BODY_SIZE_LIMIT (the limit plus
	// 1 MB, set by `npm start`) bounds what is read, Node drops whatever comes after that; without
	// it, at most `limit` more bytes are read before the connection is cut.
	const reader = request.body.getReader();
	try {
		return await answer(reader, name, limitMb, limit, request.signal, {
			fileName: name,
			kind: kind as ExportKind | undefined,
			asOf,
			billingMonth,
			dateOrder,
			source,
			uploadedBy
		});
	} finally {
		await discardRest(reader, limit);
	}
};

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

async function answer(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	name: string,
	limitMb: number,
	limit: number,
	signal: AbortSignal,
	request: Parameters<typeof importStream>[2]
): Promise<Response> {
	try {
		const outcome = await importStream(getDb(), chunksOf(reader), request, { limitBytes: limit });
		return reply(
			{ outcome, links: outcome.status === 'imported' ? changeLinks(outcome) : [] },
			{ status: outcome.status === 'refused' ? 422 : 200 }
		);
	} catch (error) {
		// adapter-node's own BODY_SIZE_LIMIT ends the stream with a 413 as well
		const status = (error as { status?: number }).status;
		if (error instanceof UploadTooLarge || status === 413) {
			return reply({ message: tooLargeMessage(limitMb, name) }, { status: 413 });
		}
		if (signal.aborted) {
			return reply(
				{ message: `The upload of ${name} was broken off; nothing was imported.` },
				{ status: 400 }
			);
		}
		// another import held the database past the busy timeout: nothing of this file was written
		if (isDatabaseBusy(error)) {
			return reply(
				{
					message: `The database is busy with another import; nothing of ${name} was imported. Try again in a minute.`
				},
				{ status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } }
			);
		}
		throw error;
	}
}
