import { createHash, type Hash } from 'node:crypto';
import { formatCount } from '../../format';
import type { DateOrder, ExportKind } from '../../imports/formats';
import { noLongerPhrase, type ImportOutcome, type ImportProblem } from '../../imports/outcome';
import { audit } from '../audit';
import type { Db } from '../db';
import { keep, keptVersionOf } from '../kept';
import type { Tariff } from '../metrics/types';
import { readTariffs } from '../savings-settings';
import { ExportParser, MAX_ERRORS, type RecordSink } from './parse';
import { clearAbandoned, deleteRows, dropPending, letGo, openPending, settle } from './pending';
import type { ExportRecord } from './types';
import { createWriter, type Writer } from './writers';

// The one path every file takes, from the browser, the command line or the sample loader. The
// bytes come in chunks (a read stream, an HTTP request body, or one buffer) and are hashed and
// parsed as they come; each record goes straight to its table, a batch of records per
// transaction, under an import that stays 'pending' (invisible to every reader) until the whole
// file has been read and found good. Then one short transaction makes it 'imported' and brings
// the figures' kept tables up to date. So a file's rows are written once, memory stays flat for
// any file, and no transaction holds the write lock for a whole file. A refused file's rows are
// deleted and the refusal kept in the history, with its errors, so the uploader can see why.

export { clearSampleData, hasSampleData, undoable, undoImport } from './history';

export interface ImportRequest {
	fileName: string;
	kind?: ExportKind;
	/** Code42 reports: the day it was exported; by default the latest activity in it */
	asOf?: string;
	/** Billing Summary (or a billing export without the column): the month, when the file does not state it */
	billingMonth?: string;
	dateOrder?: DateOrder;
	/** inventory: the system listing the computers, when the file has no Source column */
	source?: string;
	uploadedBy: string;
	sample?: boolean;
}

/** The source of an inventory that names none (domain.md). */
export const DEFAULT_SOURCE = 'inventory';

const n = formatCount;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Bytes handed to the parser at once. Text of this size is a young-generation string in V8; a
 * megabyte chunk is allocated as a large object every time, which cost the 200,000-row report a
 * third of a second of page faults in decoding and splitting alone.
 */
const SLICE = 64 * 1024;
/** Records written per transaction: tens of milliseconds of the write lock. */
const BATCH = 5000;

const isDeviceKind = (kind: ExportKind) =>
	kind === 'code42-devices' || kind === 'code42cli-devices';

/**
 * One file on its way in: push() its bytes in order, then finish() once (or abort()).
 * Synchronous, and no transaction outlives a call: the server's other requests, served between
 * an upload's chunks on the same connection, never write inside an import's transaction.
 */
export class ImportSession {
	private readonly hash: Hash = createHash('sha256');
	private readonly parser: ExportParser;
	private readonly tariffs: Tariff[];
	private kind: ExportKind | null = null;
	private records: { record: ExportRecord; line: number }[] = [];
	private importId: number | null = null;
	private writer: Writer | null = null;
	private size = 0;
	private done = false;

	constructor(
		private readonly db: Db,
		private readonly request: ImportRequest
	) {
		clearAbandoned(db);
		this.tariffs = readTariffs(db).tariffs;
		const take = (kind: ExportKind) => (record: ExportRecord, line: number) =>
			this.take(kind, record, line);
		const sink: RecordSink = {
			'code42-devices': take('code42-devices'),
			'code42cli-devices': take('code42cli-devices'),
			'ezbackup-billing': take('ezbackup-billing'),
			'ezbackup-summary': take('ezbackup-summary'),
			inventory: take('inventory'),
			departments: take('departments'),
			end: () => this.write()
		};
		this.parser = new ExportParser(
			{
				fileName: request.fileName,
				kind: request.kind,
				dateOrder: request.dateOrder,
				billingMonth: request.billingMonth
			},
			sink
		);
	}

	/** Bytes read so far. */
	get bytes(): number {
		return this.size;
	}

	push(bytes: Uint8Array): void {
		if (this.done) throw new Error('push() after finish()');
		this.size += bytes.length;
		this.hash.update(bytes);
		// once refused, the rest is only hashed: a duplicate is told by the whole content
		for (let at = 0; at < bytes.length && !this.parser.refused; at += SLICE) {
			this.parser.push(bytes.subarray(at, Math.min(bytes.length, at + SLICE)));
		}
	}

	/** Takes back what was written; nothing is recorded (an upload broken off, a limit passed). */
	abort(): void {
		if (this.done) return;
		this.done = true;
		this.records = [];
		if (this.importId === null) return;
		try {
			dropPending(this.db, this.importId);
		} finally {
			// if the database was busy, the next import or start clears it (clearAbandoned)
			letGo(this.importId);
		}
	}

	finish(): ImportOutcome {
		if (this.done) throw new Error('finish() called twice');
		this.done = true;
		try {
			return this.conclude();
		} catch (error) {
			// a busy database, say: what was written goes now, or at the next import or start
			if (this.importId !== null) {
				try {
					dropPending(this.db, this.importId);
				} catch {
					/* left to clearAbandoned() */
				}
			}
			throw error;
		} finally {
			if (this.importId !== null) letGo(this.importId);
		}
	}

	private take(kind: ExportKind, record: ExportRecord, line: number): void {
		this.kind = kind;
		this.records.push({ record, line });
		if (this.records.length >= BATCH) this.write();
	}

	/** Writes the records read since the last batch, in one transaction. */
	private write(): void {
		if (this.records.length === 0 || this.kind === null) return;
		const { db, request, parser } = this;
		const records = this.records;
		this.records = [];
		const opened = this.importId === null;
		try {
			db.$client
				.transaction(() => {
					if (this.importId === null) {
						this.importId = openPending(db, {
							kind: this.kind!,
							fileName: request.fileName,
							uploadedBy: request.uploadedBy,
							sample: request.sample ?? false
						});
						this.writer = createWriter(db, this.kind!, this.importId, {
							fileName: request.fileName,
							tariffs: this.tariffs,
							source: request.source?.trim() || DEFAULT_SOURCE
						});
					}
					for (const { record, line } of records) {
						const written = this.writer!.write(record as never, line);
						if (typeof written === 'number') parser.twice(record, line, written);
						else if (written !== null) parser.problem(written);
					}
				})
				.immediate();
		} catch (error) {
			// the first batch's transaction opened the import: rolled back, it never was
			if (opened && this.importId !== null) {
				letGo(this.importId);
				this.importId = null;
				this.writer = null;
			}
			throw error;
		}
	}

	private conclude(): ImportOutcome {
		const { db, request } = this;
		const parsed = this.parser.end();
		const hash = this.hash.digest('hex');
		const base = {
			file: request.fileName,
			months: this.writer?.months() ?? [],
			rows: 0,
			inserted: 0,
			updated: 0,
			unchanged: 0,
			removed: 0,
			errors: [] as ImportProblem[],
			errorCount: 0
		};

		const earlier = findImported(db, hash);
		if (earlier) return this.duplicate(earlier, base);

		const refuse = (
			kind: ExportKind | null,
			errors: ImportProblem[],
			errorCount: number,
			message: string,
			extra: Pick<ImportOutcome, 'ambiguousDateColumn' | 'dateOrderQuestion'> = {}
		): ImportOutcome => {
			const listed = errors.slice(0, MAX_ERRORS);
			const written = this.importId;
			const importId = db.$client
				.transaction(() => {
					const id =
						written ??
						openPending(db, {
							kind: kind ?? 'unknown',
							fileName: request.fileName,
							uploadedBy: request.uploadedBy,
							sample: request.sample ?? false
						});
					settle(db, id, {
						status: 'refused',
						kind: kind ?? 'unknown',
						sha256: hash,
						asOf: request.asOf ?? null,
						billingMonth: request.billingMonth ?? null,
						rows: 0,
						inserted: 0,
						updated: 0,
						unchanged: 0,
						errors: listed,
						errorCount
					});
					audit(db, request.uploadedBy, 'import.refused', request.fileName, {
						importId: id,
						kind,
						errorCount
					});
					return id;
				})
				.immediate();
			letGo(importId);
			// out of sight already: its rows go a batch at a time
			if (written !== null) deleteRows(db, written);
			return {
				...base,
				kind,
				status: 'refused',
				importId,
				asOf: null,
				errors: listed,
				errorCount,
				message,
				...extra
			};
		};
		const fileProblem = (message: string): ImportProblem => ({ line: null, column: null, message });

		if (request.asOf !== undefined && !DAY.test(request.asOf)) {
			const message = `${request.fileName} was not imported: the as-of date "${request.asOf}" is not a day written YYYY-MM-DD. Give the day the report was exported, such as 2020-11-30.`;
			return refuse(request.kind ?? null, [fileProblem(message)], 1, message);
		}
		if (request.billingMonth !== undefined && !MONTH.test(request.billingMonth)) {
			const message = `${request.fileName} was not imported: the billing month "${request.billingMonth}" is not a month written YYYY-MM. Give the month the charges are for, such as 2020-12.`;
			return refuse(request.kind ?? null, [fileProblem(message)], 1, message);
		}
		if (!parsed.ok) {
			return refuse(
				parsed.kind ?? request.kind ?? null,
				parsed.errors,
				parsed.errorCount,
				parsed.message,
				parsed.dateOrderQuestion
					? {
							ambiguousDateColumn: parsed.ambiguousDateColumn,
							dateOrderQuestion: parsed.dateOrderQuestion
						}
					: {}
			);
		}
		const kind = parsed.kind;
		const asOf = isDeviceKind(kind) ? (request.asOf ?? parsed.asOf ?? null) : null;
		if (isDeviceKind(kind) && asOf === null) {
			const message = `${request.fileName} was not imported: none of its rows has a lastActivity or lastConnected date, so the day it was exported is unknown. Set its as-of date (the day you exported it), then import it again.`;
			return refuse(kind, [fileProblem(message)], 1, message);
		}
		const billingMonth =
			kind === 'ezbackup-summary'
				? (parsed.billingMonth ?? request.billingMonth ?? null)
				: (request.billingMonth ?? null);
		const { importId, writer } = this;
		if (importId === null || writer === null) throw new Error('a good file wrote no row');

		const rows = parsed.rowCount;
		// counted before the last transaction, and again in it if anything changed meanwhile
		const version = keptVersionOf(db);
		let counts = writer.counts(asOf);
		const raced = db.$client
			.transaction(() => {
				// a concurrent upload of the same file may have won the race since the check above
				const raced = findImported(db, hash);
				if (raced) return raced;
				if (keptVersionOf(db) !== version) counts = writer.counts(asOf);
				settle(db, importId, {
					status: 'imported',
					kind,
					sha256: hash,
					asOf,
					billingMonth,
					rows,
					...counts,
					errors: [],
					errorCount: 0
				});
				audit(db, request.uploadedBy, 'import', request.fileName, { importId, kind, asOf, rows });
				// the figures' kept tables follow in the same transaction: never a half-kept state
				keep(db, { what: 'import', kind, importId, months: base.months });
				return null;
			})
			.immediate();
		if (raced) return this.duplicate(raced, base);
		return {
			...base,
			...counts,
			kind,
			status: 'imported',
			importId,
			asOf,
			rows,
			message:
				`${request.fileName}: ${n(rows)} ${rows === 1 ? 'row' : 'rows'} imported as import #${importId}: ` +
				`${n(counts.inserted)} new, ${n(counts.updated)} replaced, ${n(counts.unchanged)} unchanged${noLongerPhrase(counts)}.`
		};
	}

	/** The same content as an import in force: what this session wrote is taken back. */
	private duplicate(
		earlier: EarlierImport,
		base: Omit<ImportOutcome, 'kind' | 'status' | 'importId' | 'asOf' | 'message'>
	): ImportOutcome {
		if (this.importId !== null) dropPending(this.db, this.importId);
		const { fileName } = this.request;
		return {
			...base,
			kind: earlier.kind,
			status: 'duplicate',
			importId: earlier.id,
			asOf: earlier.asOf,
			rows: earlier.rows,
			message: `${fileName} has the same content as import #${earlier.id}, so nothing changed. To import it again, undo import #${earlier.id} first.`
		};
	}
}

interface EarlierImport {
	id: number;
	kind: ExportKind;
	asOf: string | null;
	rows: number;
}

function findImported(db: Db, hash: string): EarlierImport | undefined {
	return db.$client
		.prepare(
			`SELECT id, kind, as_of AS asOf, rows FROM imports
			WHERE sha256 = ? AND status = 'imported' ORDER BY id LIMIT 1`
		)
		.get(hash) as EarlierImport | undefined;
}

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
