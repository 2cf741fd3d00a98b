import { createHash, type Hash } from 'node:crypto';
import { formatCount } from '../../format';
import type { ExportKind } from '../../imports/formats';
import { noLongerPhrase, type ImportOutcome, type ImportProblem } from '../../imports/outcome';
import type { Db } from '../db';
import type { Tariff } from '../metrics/types';
import { readTariffs } from '../savings-settings';
import { ExportParser, MAX_ERRORS, type RecordSink } from './parse';
import {
	clearAbandoned,
	commitPending,
	dropPending,
	findImported,
	type EarlierImport,
	letGo,
	openPending,
	refusePending
} from './pending';
import { DEFAULT_SOURCE, type ExportRecord, type ImportRequest } from './types';
import { createWriter, type Writer } from './writers';

// The streaming session: a file's bytes are hashed and parsed as they come, and each record goes
// straight to its table through the writer of its kind (writers/), a batch of records per
// transaction, under an import that stays 'pending' (pending.ts) until the whole file has been
// read and found good. Then one short transaction makes it 'imported' and brings the figures'
// kept tables up to date (keep()). A refused file's rows are deleted and the refusal kept in the
// history, with its errors, so the uploader can see why.

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

/**
 * The kinds whose file is dated (its as-of date): a Code42 report is the state of the devices on
 * the day it was exported; an inventory lists the computers managed from its date on, until the
 * next list of its source (kept/managed.ts).
 */
const isDatedKind = (kind: ExportKind) =>
	kind === 'code42-devices' || kind === 'code42cli-devices' || kind === 'inventory';

/** Why a dated file without a date is refused, and what to do. */
function undatedMessage(fileName: string, kind: ExportKind): string {
	return kind === 'inventory'
		? `${fileName} was not imported: none of its rows has a Last Seen date, so the day from which it lists the managed computers is unknown. Set its as-of date (the day the list was taken), then import it again.`
		: `${fileName} was not imported: none of its rows has a lastActivity or lastConnected date, so the day it was exported is unknown. Set its as-of date (the day you exported it), then import it again.`;
}

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
			const importId = refusePending(db, this.importId, {
				kind: kind ?? 'unknown',
				fileName: request.fileName,
				uploadedBy: request.uploadedBy,
				sample: request.sample ?? false,
				sha256: hash,
				asOf: request.asOf ?? null,
				billingMonth: request.billingMonth ?? null,
				errors: listed,
				errorCount
			});
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
		const asOf = isDatedKind(kind) ? (request.asOf ?? parsed.asOf ?? null) : null;
		if (isDatedKind(kind) && asOf === null) {
			const message = undatedMessage(request.fileName, kind);
			return refuse(kind, [fileProblem(message)], 1, message);
		}
		const billingMonth =
			kind === 'ezbackup-summary'
				? (parsed.billingMonth ?? request.billingMonth ?? null)
				: (request.billingMonth ?? null);
		const { importId, writer } = this;
		if (importId === null || writer === null) throw new Error('a good file wrote no row');

		const rows = parsed.rowCount;
		const committed = commitPending(db, importId, writer, {
			kind,
			sha256: hash,
			asOf,
			billingMonth,
			rows,
			fileName: request.fileName,
			uploadedBy: request.uploadedBy,
			months: base.months
		});
		if ('id' in committed) return this.duplicate(committed, base);
		const counts = committed;
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
				`${n(counts.inserted)} new, ${n(counts.updated)} replaced, ${n(counts.unchanged)} unchanged${noLongerPhrase({ ...counts, asOf })}.`
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
