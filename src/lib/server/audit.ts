import { and, count, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './db';
import { auditLog } from './db/auth-schema';
import { csvCell as cell, type CsvValue } from './csv';

// Who did what, when: sign-ins (and failed ones), user and role changes, SSO mappings, settings,
// and (through the lead's code) imports, undos and link edits. Rows are only ever added.

export type AuditDetails = Record<string, unknown> | null;

/** The database or a transaction on it: what these synchronous queries need. */
export type Queries = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete'>;

export interface AuditEntry {
	id: number;
	at: string;
	actor: string;
	action: string;
	subject: string;
	details: AuditDetails;
}

/** Records one event. `actor` is an email, `cli:<os user>` or `system`. */
export function audit(
	db: Queries,
	actor: string,
	action: string,
	subject: string,
	details: AuditDetails = null,
	at: Date = new Date()
): void {
	db.insert(auditLog).values({ at: at.toISOString(), actor, action, subject, details }).run();
}

export interface AuditQuery {
	/** an action name, or a prefix ending in '.' such as 'user.' */
	action?: string;
	/** matches part of the actor or the subject */
	search?: string;
	limit?: number;
	offset?: number;
}

function where(query: AuditQuery): SQL | undefined {
	const conditions: SQL[] = [];
	if (query.action) {
		conditions.push(
			query.action.endsWith('.')
				? contains(auditLog.action, query.action, 'prefix')
				: eq(auditLog.action, query.action)
		);
	}
	if (query.search) {
		conditions.push(
			or(contains(auditLog.actor, query.search), contains(auditLog.subject, query.search))!
		);
	}
	return conditions.length > 0 ? and(...conditions) : undefined;
}

// A search for '%' or '_' means those characters, not LIKE's wildcards.
function contains(
	column: AnySQLiteColumn,
	text: string,
	at: 'anywhere' | 'prefix' = 'anywhere'
): SQL {
	const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
	const pattern = at === 'prefix' ? `${escaped}%` : `%${escaped}%`;
	return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/** The newest entries first. */
export function listAudit(
	db: Queries,
	query: AuditQuery = {}
): { total: number; entries: AuditEntry[] } {
	const condition = where(query);
	const total = db.select({ n: count() }).from(auditLog).where(condition).get()?.n ?? 0;
	// the table's own row type: the compiler checks it is an AuditEntry
	const entries: AuditEntry[] = db
		.select()
		.from(auditLog)
		.where(condition)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(query.limit ?? 100)
		.offset(query.offset ?? 0)
		.all();
	return { total, entries };
}

/** The distinct actions recorded, for the filter of the audit page. */
export function auditActions(db: Queries): string[] {
	return db
		.selectDistinct({ action: auditLog.action })
		.from(auditLog)
		.orderBy(auditLog.action)
		.all()
		.map((r) => r.action);
}

/** How many entries of an action match since an instant: the failed sign-in limit counts with it. */
export function countAuditSince(
	db: Queries,
	action: string,
	since: Date,
	match: { subject?: string; ip?: string }
): number {
	const conditions: SQL[] = [eq(auditLog.action, action), gte(auditLog.at, since.toISOString())];
	if (match.subject !== undefined) conditions.push(eq(auditLog.subject, match.subject));
	if (match.ip !== undefined) {
		conditions.push(sql`json_extract(${auditLog.details}, '$.ip') = ${match.ip}`);
	}
	return (
		db
			.select({ n: count() })
			.from(auditLog)
			.where(and(...conditions))
			.get()?.n ?? 0
	);
}

/** An audit cell: details (an object) as JSON text, then the one CSV cell writer of csv.ts. */
export function csvCell(value: unknown): string {
	return cell(
		value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as CsvValue)
	);
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'actor', 'action', 'subject', 'details'];

export function auditCsvLine(entry: AuditEntry): string {
	return (
		[entry.id, entry.at, entry.actor, entry.action, entry.subject, entry.details]
			.map(csvCell)
			.join(',') + '\r\n'
	);
}

/** Every matching entry, oldest first, as CSV lines, read in pages so a long log never sits in memory. */
export function* auditCsv(
	db: Queries,
	query: Omit<AuditQuery, 'limit' | 'offset'> = {}
): Generator<string> {
	yield AUDIT_CSV_HEADER.join(',') + '\r\n';
	const condition = where(query);
	const page = 1000;
	let afterId = 0;
	for (;;) {
		const rows: AuditEntry[] = db
			.select()
			.from(auditLog)
			.where(
				condition ? and(condition, gte(auditLog.id, afterId + 1)) : gte(auditLog.id, afterId + 1)
			)
			.orderBy(auditLog.id)
			.limit(page)
			.all();
		for (const row of rows) yield auditCsvLine(row);
		if (rows.length < page) return;
		afterId = rows[rows.length - 1].id;
	}
}
