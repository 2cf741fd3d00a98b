import type { ImportOutcome } from '../../imports/outcome';
import type { Db } from '../db';
import { ImportSession } from './session';
import type { ImportRequest } from './types';

// The one path every file takes, from the browser, the command line or the sample loader: the
// bytes come in chunks (a read stream, an HTTP request body, or one buffer) into one streaming
// session (session.ts), which writes each row once, straight to its table, invisible until the
// file is whole and good. So memory stays flat for any file, and no transaction holds the write
// lock for a whole file. The history (undo, sample data) is history.ts.

export { clearSampleData, hasSampleData, undoable, undoImport } from './history';
export { ImportSession } from './session';
export { DEFAULT_SOURCE, type ImportRequest } from './types';

/** A whole file in memory (the sample data, tests): the same steps as a stream. */
export function importFile(db: Db, request: ImportRequest & { bytes: Uint8Array }): ImportOutcome {
	const { bytes, ...rest } = request;
	const session = new ImportSession(db, rest);
	try {
		session.push(bytes);
	} catch (error) {
		session.abort();
		throw error;
	}
	return session.finish();
}

export class UploadTooLarge extends Error {
	constructor(readonly limitBytes: number) {
		super(`The file is larger than the upload limit of ${Math.round(limitBytes / 1e6)} MB.`);
	}
}

/**
 * A file read as a stream (a Node read stream, a request body). Past `limitBytes` the session is
 * dropped and UploadTooLarge thrown: nothing is recorded.
 */
export async function importStream(
	db: Db,
	source: AsyncIterable<Uint8Array>,
	request: ImportRequest,
	options: { limitBytes?: number } = {}
): Promise<ImportOutcome> {
	const session = new ImportSession(db, request);
	try {
		for await (const chunk of source) {
			session.push(chunk);
			if (options.limitBytes !== undefined && session.bytes > options.limitBytes) {
				throw new UploadTooLarge(options.limitBytes);
			}
		}
	} catch (error) {
		session.abort();
		throw error;
	}
	return session.finish();
}
