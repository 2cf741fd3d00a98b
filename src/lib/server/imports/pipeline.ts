import Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount } from '../../format';
import type { DateOrder, ExportKind } from '../../imports/formats';
import type { ImportOutcome, ImportProblem } from '../../imports/outcome';
import { audit } from '../audit';
import { keep } from '../kept';
import type { Db } from '../db';
import { shortHostname } from '../metrics/names';
import { nodeKey } from '../metrics/savings';
import { priceCharge } from '../metrics/tariff';
import type { Tariff } from '../metrics/types';
import { readTariffs } from '../savings-settings';
import { ExportParser, MAX_ERRORS, type RecordSink } from './parse';
import { where } from './row';
import type {
	BillingCharge,
	Code42CliDeviceRecord,
	Code42DeviceRecord,
	DepartmentRecord,
	InventoryRecord
} from './types';

// The one path every file takes, from the browser or the command line. The bytes come in chunks
// (a read stream, an HTTP request body, or one buffer) and are hashed and parsed as they come;
// each good record is staged in a private temporary SQLite file, so an 80 MB report is never held
// in memory, whole or as 200,000 objects. Only when the whole file has been read and found good is
// it written, as one batch, in one transaction. A refused file changes no data table; it is kept
// in the history (with its errors) so the uploader can see why.

export interface ImportRequest {
	fileName: string;
	kind?: ExportKind;
	/** Code42 reports: the day it was exported; by default the latest activity in it */
	asOf?: string;
	/** Billing Summary (or a billing export without the column): the month, when the file does not state it */
	billingMonth?: string;
	dateOrder?: DateOrder;
	uploadedBy: string;
	sample?: boolean;
}

interface Counts {
	inserted: number;
	updated: number;
	unchanged: number;
	removed: number;
}

const now = () => new Date().toISOString();
// counts without Intl: its first use costs a command-line import 25 ms of start-up
const n = formatCount;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

const isDeviceKind = (kind: ExportKind) =>
	kind === 'code42-devices' || kind === 'code42cli-devices';

/**
 * Bytes handed to the parser at once. Text of this size is a young-generation string in V8; a
 * megabyte chunk is allocated as a large object every time, which cost the 200,000-row report a
 * third of a second of page faults in decoding and splitting alone.
 */
const SLICE = 64 * 1024;
/** Records staged in one transaction of the staging file. */
const STAGE_BATCH = 2000;

/**
 * One file on its way in: push() its bytes in order, then finish() once. Synchronous, so the CLI,
 * the upload endpoint and the sample loader drive the very same steps.
 */
export class ImportSession {
	private readonly hash: Hash = createHash('sha256');
	private readonly parser: ExportParser;
	/** a private temporary database file, deleted with its folder when the session ends */
	private readonly stageDir = mkdtempSync(join(tmpdir(), 'import-stage-'));
	private readonly stagePath = join(this.stageDir, 'stage.db');
	private readonly stage = new Database(this.stagePath);
	private readonly stageInsert: Database.Statement;
	private readonly stageDevice: Database.Statement;
	private pending: { line: number; record: unknown }[] = [];
	/** device rows, already in the columns of device_rows: they are moved by SQL alone */
	private pendingDevices: unknown[][] = [];
	private readonly problems: ImportProblem[] = [];
	private problemCount = 0;
	private readonly months = new Set<string>();
	private readonly tariffs: Tariff[];
	private size = 0;
	private done = false;

	constructor(
		private readonly db: Db,
		private readonly request: ImportRequest
	) {
		this.stage.pragma('journal_mode = OFF');
		this.stage.pragma('synchronous = OFF');
		this.stage.exec(
			'CREATE TABLE staged (seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, record TEXT NOT NULL)'
		);
		this.stage.exec(
			// a row's first line is unique in a file, and ordering by the key needs no sort
			`CREATE TABLE devices (line INTEGER PRIMARY KEY,
				short_hostname TEXT NOT NULL, ${DEVICE_COLUMNS})`
		);
		this.stageInsert = this.stage.prepare('INSERT INTO staged (line, record) VALUES (?, ?)');
		this.stageDevice = this.stage.prepare(
			`INSERT INTO devices (line, short_hostname, ${DEVICE_COLUMNS})
			VALUES (${Array(19).fill('?').join(', ')})`
		);
		this.tariffs = readTariffs(db).tariffs;
		const take = (record: unknown, line: number) => this.pending.push({ line, record });
		const device = (row: DeviceRow, line: number) =>
			this.pendingDevices.push([
				line,
				shortHostname(row.hostname, row.deviceName),
				...deviceValues(row)
			]);
		const charge = (record: BillingCharge, line: number) => this.charge(record, line);
		const sink: Required<RecordSink> = {
			'code42-devices': (record, line) => device(reportRow(record), line),
			'code42cli-devices': (record, line) => device(enrollmentRow(record), line),
			inventory: take,
			departments: take,
			'ezbackup-billing': charge,
			'ezbackup-summary': charge
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
			if (this.pending.length + this.pendingDevices.length >= STAGE_BATCH) this.flush();
		}
	}

	/** Drops what was staged; nothing is recorded (an upload broken off, a limit passed). */
	abort(): void {
		if (this.done) return;
		this.done = true;
		this.dropStage();
	}

	finish(): ImportOutcome {
		if (this.done) throw new Error('finish() called twice');
		try {
			return this.conclude();
		} finally {
			this.done = true;
			this.dropStage();
		}
	}

	private dropStage(): void {
		if (this.stage.open) this.stage.close();
		rmSync(this.stageDir, { recursive: true, force: true });
	}

	private flush(): void {
		if (this.pending.length === 0 && this.pendingDevices.length === 0) return;
		const batch = this.pending;
		const devices = this.pendingDevices;
		this.pending = [];
		this.pendingDevices = [];
		this.stage.transaction(() => {
			for (const { line, record } of batch) this.stageInsert.run(line, JSON.stringify(record));
			for (const values of devices) this.stageDevice.run(values);
		})();
	}

	/** The charge priced by the tariff rule (metrics/tariff.ts), or its problem. */
	private charge(r: BillingCharge, line: number): void {
		this.months.add(r.month);
		const priced = priceCharge(r, this.tariffs);
		if (!priced.ok) {
			const column = priced.lacking === 'size' ? 'Total' : 'Billing Month';
			this.problem({
				line,
				column,
				value: priced.lacking === 'size' ? '' : r.month,
				message:
					`${where(this.request.fileName, line, column)}: the charge of ${r.nodename} for ${r.month} has no $ columns and ` +
					(priced.lacking === 'size'
						? 'no Total size, so it cannot be computed from the tariff. Export the file again with its sizes or its $ columns, then import it.'
						: 'no EZ-Backup tariff is set for that month, so it cannot be computed. Add the tariff on the Admin page, or export the file again with its $ columns, then import it.')
			});
			return;
		}
		const { baseCents, extraCents, totalCents, fromTariff } = priced;
		this.pending.push({ line, record: { ...r, baseCents, extraCents, totalCents, fromTariff } });
	}

	private problem(problem: ImportProblem): void {
		this.problemCount++;
		if (this.problems.length < MAX_ERRORS) this.problems.push(problem);
	}

	private conclude(): ImportOutcome {
		const { db, request } = this;
		const parsed = this.parser.end();
		this.flush();
		const hash = this.hash.digest('hex');
		const base = {
			file: request.fileName,
			months: [...this.months].sort(),
			rows: 0,
			inserted: 0,
			updated: 0,
			unchanged: 0,
			removed: 0,
			errors: [] as ImportProblem[],
			errorCount: 0
		};

		const earlier = findImported(db, hash);
		if (earlier) return duplicate(request.fileName, earlier, base);

		const refuse = (
			kind: ExportKind | null,
			errors: ImportProblem[],
			errorCount: number,
			message: string,
			extra: Pick<ImportOutcome, 'ambiguousDateColumn' | 'dateOrderQuestion'> = {}
		): ImportOutcome => {
			const listed = errors.slice(0, MAX_ERRORS);
			const importId = recordImport(db, request, hash, {
				kind: kind ?? 'unknown',
				asOf: request.asOf ?? null,
				billingMonth: request.billingMonth ?? null,
				status: 'refused',
				rows: 0,
				counts: { inserted: 0, updated: 0, unchanged: 0 },
				errors: listed,
				errorCount
			});
			audit(db, request.uploadedBy, 'import.refused', request.fileName, {
				importId,
				kind,
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
		if (this.problemCount > 0) {
			const first = this.problems[0];
			const message =
				this.problemCount === 1
					? first.message
					: `${request.fileName} was not imported because of ${this.problemCount} problems; the first: ${first.message}`;
			return refuse(kind, this.problems, this.problemCount, message);
		}

		const asOf = isDeviceKind(kind) ? (request.asOf ?? parsed.asOf ?? null) : null;
		if (isDeviceKind(kind) && asOf === null) {
			const message = `${request.fileName} was not imported: none of its rows has a lastActivity or lastConnected date, so the day it was exported is unknown. Set its as-of date (the day you exported it), then import it again.`;
			return refuse(kind, [fileProblem(message)], 1, message);
		}
		const billingMonth =
			kind === 'ezbackup-summary'
				? (parsed.billingMonth ?? request.billingMonth ?? null)
				: (request.billingMonth ?? null);

		const rows = parsed.rowCount;
		// Device rows go from the stage to device_rows in one INSERT ... SELECT: the stage file is
		// attached to the main connection for the transaction (ATTACH cannot happen inside one).
		const devices = isDeviceKind(kind);
		if (devices) {
			this.stage.close();
			db.$client.prepare('ATTACH DATABASE ? AS import_stage').run(this.stagePath);
		}
		const write = db.$client.transaction(() => {
			// a concurrent upload of the same file may have won the race since the check above
			const raced = findImported(db, hash);
			if (raced) return { raced };
			const importId = recordImport(db, request, hash, {
				kind,
				asOf,
				billingMonth,
				status: 'imported',
				rows,
				counts: { inserted: 0, updated: 0, unchanged: 0 },
				errors: [],
				errorCount: 0
			});
			audit(db, request.uploadedBy, 'import', request.fileName, { importId, kind, asOf, rows });
			let counts: Counts;
			if (devices) counts = moveDeviceRows(db, kind, importId, asOf);
			else {
				const writer = createWriter(db, kind, importId);
				for (const { line, record } of this.staged()) writer.write(record, line);
				counts = writer.finish();
			}
			db.$client
				.prepare(`UPDATE imports SET inserted = ?, updated = ?, unchanged = ? WHERE id = ?`)
				.run(counts.inserted, counts.updated, counts.unchanged, importId);
			// the figures' kept tables follow in the same transaction: never a half-kept state
			keep(db, { what: 'import', kind, importId, months: [...this.months].sort() });
			return { importId, counts };
		});
		let written: ReturnType<typeof write.immediate>;
		try {
			written = write.immediate();
		} finally {
			if (devices) db.$client.exec('DETACH DATABASE import_stage');
		}
		if ('raced' in written && written.raced) {
			return duplicate(request.fileName, written.raced, base);
		}
		const { importId, counts } = written as { importId: number; counts: Counts };
		const removed = counts.removed > 0 ? `, ${n(counts.removed)} no longer in the report` : '';
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
				`${n(counts.inserted)} new, ${n(counts.updated)} replaced, ${n(counts.unchanged)} unchanged${removed}.`
		};
	}

	/** The staged records in file order, a page at a time. */
	private *staged(): Generator<{ line: number; record: unknown }> {
		const page = this.stage.prepare(
			`SELECT seq, line, record FROM staged WHERE (line, seq) > (?, ?) ORDER BY line, seq LIMIT 2000`
		);
		this.stage.exec('CREATE INDEX staged_order ON staged (line, seq)');
		let after = { line: -1, seq: -1 };
		for (;;) {
			const rows = page.all(after.line, after.seq) as {
				seq: number;
				line: number;
				record: string;
			}[];
			if (rows.length === 0) return;
			for (const row of rows) yield { line: row.line, record: JSON.parse(row.record) };
			after = rows[rows.length - 1];
		}
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

function duplicate(
	fileName: string,
	earlier: EarlierImport,
	base: Omit<ImportOutcome, 'kind' | 'status' | 'importId' | 'asOf' | 'message'>
): ImportOutcome {
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

function recordImport(
	db: Db,
	request: ImportRequest,
	hash: string,
	fields: {
		kind: string;
		asOf: string | null;
		billingMonth: string | null;
		status: 'imported' | 'refused';
		rows: number;
		counts: Omit<Counts, 'removed'>;
		errors: ImportProblem[];
		errorCount: number;
	}
): number {
	// The history keeps the first 100 problems and says how many more there were.
	const errors = [...fields.errors];
	if (fields.errorCount > errors.length) {
		const more = fields.errorCount - errors.length;
		errors.push({
			line: null,
			column: null,
			message: `… and ${n(more)} more ${more === 1 ? 'problem' : 'problems'}.`
		});
	}
	const result = db.$client
		.prepare(
			`INSERT INTO imports (kind, file_name, sha256, as_of, billing_month, uploaded_by, uploaded_at,
				status, rows, inserted, updated, unchanged, errors, sample)
			VALUES (@kind, @fileName, @hash, @asOf, @billingMonth, @uploadedBy, @at, @status, @rows,
				@inserted, @updated, @unchanged, @errors, @sample)`
		)
		.run({
			kind: fields.kind,
			fileName: request.fileName,
			hash,
			asOf: fields.asOf,
			billingMonth: fields.billingMonth,
			uploadedBy: request.uploadedBy,
			at: now(),
			status: fields.status,
			rows: fields.rows,
			...fields.counts,
			errors: JSON.stringify(errors),
			sample: request.sample ? 1 : 0
		});
	return Number(result.lastInsertRowid);
}

interface Writer {
	write(record: unknown, line: number): void;
	finish(): Counts;
}

function createWriter(db: Db, kind: ExportKind, importId: number): Writer {
	switch (kind) {
		case 'departments':
			return departmentWriter(db, importId);
		case 'inventory':
			return inventoryWriter(db, importId);
		case 'code42-devices':
		case 'code42cli-devices':
			throw new Error('device rows are moved by moveDeviceRows');
		case 'ezbackup-billing':
		case 'ezbackup-summary':
			return chargeWriter(db, importId, kind === 'ezbackup-summary');
	}
}

const zero = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0, removed: 0 });

/** Compares a new row with what was in force for its key before this import. */
function tally(counts: Counts, previous: readonly unknown[] | undefined, next: readonly unknown[]) {
	if (previous === undefined) counts.inserted++;
	else if (JSON.stringify(previous) === JSON.stringify(next)) counts.unchanged++;
	else counts.updated++;
}

function departmentWriter(db: Db, importId: number): Writer {
	const counts = zero();
	// the latest department of that code from an earlier import
	const previous = db.$client
		.prepare(
			`SELECT name, aliases FROM departments WHERE code = ? AND import_id < ?
			ORDER BY import_id DESC LIMIT 1`
		)
		.raw();
	// A department listed twice in one file: the later line wins.
	const insert = db.$client.prepare(
		`INSERT OR REPLACE INTO departments (import_id, code, name, aliases) VALUES (?, ?, ?, ?)`
	);
	return {
		write(record) {
			const r = record as DepartmentRecord;
			const row = [r.name, JSON.stringify(r.aliases)];
			insert.run(importId, r.code, ...row);
			tally(counts, previous.get(r.code, importId) as unknown[] | undefined, row);
		},
		finish: () => counts
	};
}

function inventoryWriter(db: Db, importId: number): Writer {
	const counts = zero();
	const previous = db.$client
		.prepare(
			`SELECT computer_name, department, os, last_seen FROM managed_computers
			WHERE short_name = ? AND import_id < ? ORDER BY import_id DESC LIMIT 1`
		)
		.raw();
	// A computer listed twice in one file: the later line wins.
	const insert = db.$client.prepare(
		`INSERT OR REPLACE INTO managed_computers (import_id, short_name, computer_name, department, os, last_seen)
		VALUES (?, ?, ?, ?, ?, ?)`
	);
	return {
		write(record) {
			const r = record as InventoryRecord;
			const short = shortHostname(r.computerName);
			const row = [r.computerName, r.department, r.os, r.lastSeen];
			insert.run(importId, short, ...row);
			tally(counts, previous.get(short, importId) as unknown[] | undefined, row);
		},
		finish: () => counts
	};
}

interface DeviceRow {
	deviceUid: string;
	deviceName: string;
	hostname: string | null;
	orgName: string | null;
	username: string | null;
	os: string | null;
	status: string;
	creationDate: string | null;
	lastConnected: string | null;
	archiveGuid: string | null;
	destinationName: string | null;
	alertStates: string | null;
	lastCompletedBackup: string | null;
	backupCompletePercentage: number | null;
	selectedBytes: number | null;
	archiveBytes: number | null;
	lastActivity: string | null;
}

const reportRow = (r: Code42DeviceRecord): DeviceRow => ({
	deviceUid: r.deviceUid,
	deviceName: r.deviceName,
	hostname: r.deviceOsHostname,
	orgName: r.orgName,
	username: r.username,
	os: r.os,
	status: r.status,
	creationDate: r.creationDate,
	lastConnected: r.lastConnectedDate,
	archiveGuid: r.archiveGuid ?? r.destinationUid,
	destinationName: r.destinationName,
	alertStates: r.alertStates,
	lastCompletedBackup: r.lastCompletedBackupDate,
	backupCompletePercentage: r.backupCompletePercentage,
	selectedBytes: r.selectedBytes,
	archiveBytes: r.archiveBytes,
	lastActivity: r.lastActivity
});

const enrollmentRow = (r: Code42CliDeviceRecord): DeviceRow => ({
	deviceUid: r.deviceUid,
	deviceName: r.deviceName,
	hostname: r.deviceOsHostname,
	orgName: null,
	username: r.username,
	os: r.osName,
	status: r.status,
	creationDate: r.creationDate,
	lastConnected: r.lastConnectedDate,
	archiveGuid: null,
	destinationName: null,
	alertStates: null,
	lastCompletedBackup: null,
	backupCompletePercentage: null,
	selectedBytes: null,
	archiveBytes: r.totalStorageBytes,
	lastActivity: null
});

const DEVICE_COLUMNS = `device_uid, device_name, hostname, org_name, username, os, status,
	creation_date, last_connected, archive_guid, destination_name, alert_states,
	last_completed_backup, backup_complete_percentage, selected_bytes, archive_bytes, last_activity`;

const deviceValues = (row: DeviceRow): unknown[] => [
	row.deviceUid,
	row.deviceName,
	row.hostname,
	row.orgName,
	row.username,
	row.os,
	row.status,
	row.creationDate,
	row.lastConnected,
	row.archiveGuid,
	row.destinationName,
	row.alertStates,
	row.lastCompletedBackup,
	row.backupCompletePercentage,
	row.selectedBytes,
	row.archiveBytes,
	row.lastActivity
];

/**
 * A Code42 export is a snapshot of its as-of date: a re-export of the same kind for the same date
 * replaces the earlier one whole (state.ts reads the latest import per kind and date). Its rows are
 * counted against that earlier snapshot, row by row (device and destination). The staged rows are
 * moved and counted by SQL alone, in file order: 200,000 rows take a second or two.
 */
function moveDeviceRows(db: Db, kind: ExportKind, importId: number, asOf: string | null): Counts {
	const counts = zero();
	db.$client
		.prepare(
			`INSERT INTO device_rows (import_id, short_hostname, ${DEVICE_COLUMNS})
			SELECT ?, short_hostname, ${DEVICE_COLUMNS} FROM import_stage.devices ORDER BY line`
		)
		.run(importId);
	const { total } = db.$client
		.prepare('SELECT count(*) AS total FROM import_stage.devices')
		.get() as { total: number };
	const replaced = db.$client
		.prepare(
			`SELECT max(id) AS id FROM imports
			WHERE status = 'imported' AND kind = ? AND as_of = ? AND id < ?`
		)
		.get(kind, asOf, importId) as { id: number | null };
	if (replaced.id === null) {
		counts.inserted = total;
		return counts;
	}
	const same = DEVICE_COLUMNS.split(',')
		.map((c) => c.trim())
		.map((c) => `p.${c} IS s.${c}`)
		.join(' AND ');
	const { matched, unchanged } = db.$client
		.prepare(
			`SELECT count(p.id) AS matched, coalesce(sum(${same}), 0) AS unchanged
			FROM import_stage.devices s
			LEFT JOIN device_rows p ON p.id = (
				SELECT q.id FROM device_rows q
				WHERE q.device_uid = s.device_uid AND q.import_id = ?
					AND coalesce(q.archive_guid, q.destination_name, '') =
						coalesce(s.archive_guid, s.destination_name, '')
				ORDER BY q.id LIMIT 1)`
		)
		.get(replaced.id) as { matched: number; unchanged: number };
	const { before } = db.$client
		.prepare('SELECT count(*) AS before FROM device_rows WHERE import_id = ?')
		.get(replaced.id) as { before: number };
	counts.inserted = total - matched;
	counts.unchanged = unchanged;
	counts.updated = matched - unchanged;
	counts.removed = Math.max(0, before - matched);
	return counts;
}

interface PricedCharge extends BillingCharge {
	baseCents: number;
	extraCents: number;
	totalCents: number;
	fromTariff: boolean;
}

/**
 * Charges are keyed by (month, nodename): a later import's charge replaces an earlier one's.
 * The Billing Summary cuts node names to 20 characters with a trailing '-': where exactly one node
 * already billed to the same account starts with the cut name, it is that node, so the summary's
 * charge replaces the CSV's instead of counting a second node.
 */
function chargeWriter(db: Db, importId: number, cutNames: boolean): Writer {
	const counts = zero();
	const known = db.$client.prepare(
		`SELECT DISTINCT nodename FROM charges WHERE account = ? AND nodename LIKE ? ESCAPE '\\'
			AND length(nodename) > ? AND import_id < ?`
	);
	const previous = db.$client
		.prepare(
			`SELECT account, department, backup_bytes, archive_bytes, total_bytes, extra_bytes,
				base_cents, extra_cents, total_cents FROM charges
			WHERE month = ? AND nodename = ? AND import_id < ? ORDER BY import_id DESC LIMIT 1`
		)
		.raw();
	// The same node twice in one month of one file: the later line wins.
	const insert = db.$client.prepare(
		`INSERT OR REPLACE INTO charges (import_id, month, nodename, node_key, account, department,
			backup_bytes, archive_bytes, total_bytes, extra_bytes, base_cents, extra_cents, total_cents,
			from_tariff)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const fullName = (r: PricedCharge): string => {
		if (!cutNames || r.nodename.length !== 20 || !r.nodename.endsWith('-')) return r.nodename;
		const prefix = r.nodename.slice(0, -1);
		const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
		const matches = known.all(r.account, like, prefix.length, importId) as { nodename: string }[];
		return matches.length === 1 ? matches[0].nodename : r.nodename;
	};
	return {
		write(record) {
			const r = record as PricedCharge;
			const nodename = fullName(r);
			const before = previous.get(r.month, nodename, importId) as unknown[] | undefined;
			// A file without a Department column (the Billing Summary) keeps the department an
			// earlier file gave the same node, month and account: it lacks it, it does not deny it.
			const department =
				r.department ?? (before && before[0] === r.account ? (before[1] as string | null) : null);
			const row = [
				r.account,
				department,
				r.backupBytes,
				r.archiveBytes,
				r.totalBytes,
				r.extraBytes,
				r.baseCents,
				r.extraCents,
				r.totalCents
			];
			insert.run(importId, r.month, nodename, nodeKey(nodename), ...row, r.fromTariff ? 1 : 0);
			tally(counts, before, row);
		},
		finish: () => counts
	};
}

const DATA_TABLES = ['departments', 'managed_computers', 'device_rows', 'charges'] as const;

/** Whether an import can be undone (it exists and is in force), and its file's name. */
export function undoable(
	db: Db,
	importId: number
): { ok: true; fileName: string; kind: ExportKind } | { ok: false; message: string } {
	const row = db.$client
		.prepare(`SELECT file_name AS fileName, status, kind FROM imports WHERE id = ?`)
		.get(importId) as { fileName: string; status: string; kind: ExportKind } | undefined;
	if (!row) return { ok: false, message: `There is no import #${importId}.` };
	if (row.status !== 'imported') {
		return {
			ok: false,
			message: `Import #${importId} (${row.fileName}) was ${row.status === 'undone' ? 'undone already' : 'refused'}: there is nothing to undo.`
		};
	}
	return { ok: true, fileName: row.fileName, kind: row.kind };
}

/** Takes an import back: its rows go, and what it had replaced shows through again. */
export function undoImport(
	db: Db,
	importId: number,
	undoneBy: string
): { ok: boolean; message: string } {
	const row = undoable(db, importId);
	if (!row.ok) return row;
	db.$client
		.transaction(() => {
			const months = (
				db.$client
					.prepare(`SELECT DISTINCT month FROM charges WHERE import_id = ? ORDER BY month`)
					.all(importId) as { month: string }[]
			).map((m) => m.month);
			for (const table of DATA_TABLES)
				db.$client.prepare(`DELETE FROM ${table} WHERE import_id = ?`).run(importId);
			db.$client
				.prepare(`UPDATE imports SET status = 'undone', undone_at = ?, undone_by = ? WHERE id = ?`)
				.run(now(), undoneBy, importId);
			keep(db, { what: 'undo', kind: row.kind, importId, months });
			audit(db, undoneBy, 'import.undo', row.fileName, { importId });
		})
		.immediate();
	return {
		ok: true,
		message: `Import #${importId} (${row.fileName}) was undone: every figure is as if it had never come.`
	};
}

export function hasSampleData(db: Db): boolean {
	return (
		db.$client
			.prepare(`SELECT 1 FROM imports WHERE sample = 1 AND status = 'imported' LIMIT 1`)
			.get() !== undefined
	);
}

/** Undoes every sample import, so real exports start from an empty dashboard. */
export function clearSampleData(db: Db, by: string): number {
	const ids = db.$client
		.prepare(`SELECT id FROM imports WHERE sample = 1 AND status = 'imported' ORDER BY id DESC`)
		.all() as { id: number }[];
	db.$client.transaction(() => {
		for (const { id } of ids) undoImport(db, id, by);
	})();
	return ids.length;
}
