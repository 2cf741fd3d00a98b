import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { imported } from '../db/imported';
import {
	accountDepartments,
	departmentList,
	departmentNames,
	deviceStates,
	devices,
	firstBackups,
	keptVersion,
	managed,
	nodeMonths,
	nodes,
	reportDates,
	reportHealth
} from '../db/schema';
import { loadHealthSettings } from '../health-settings';
import type { ExportKind as ImportKind } from '../../imports/formats';
import { keepAccounts, keepDepartments, keepManaged } from './departments';
import { keepDeviceStates, keepReportHealth } from './devices';
import { keepNodeMonths } from './nodes';

// The one way the kept tables (db/kept-schema.ts) follow the imported rows: every import, undo,
// setting and hand link calls keep() inside its own transaction, so a figure is never read from
// a half-kept state, and bumps the version the page cache is keyed by (cache.ts).

/** What changed, as the upkeep needs to know it. */
export type Change =
	| { what: 'import' | 'undo'; kind: ImportKind; importId: number; months: string[] }
	| { what: 'thresholds' }
	/** any other setting or a hand link: no kept table reads them, the figures do */
	| { what: 'setting' };

/**
 * What the kept tables are built like. Raise it with any change to how they are built: a
 * database kept by an earlier layout is rebuilt whole when it is next opened.
 */
export const KEPT_LAYOUT = 1;

export function keep(db: Db, change: Change): void {
	if (change.what === 'import' || change.what === 'undo') {
		switch (change.kind) {
			case 'departments':
				keepDepartments(db);
				keepManaged(db);
				keepReportHealth(db, loadHealthSettings(db).thresholds, null);
				break;
			case 'inventory':
				keepManaged(db);
				keepReportHealth(db, loadHealthSettings(db).thresholds, null);
				break;
			case 'code42-devices':
			case 'code42cli-devices': {
				const from = keepDeviceStates(db);
				if (from !== null) keepReportHealth(db, loadHealthSettings(db).thresholds, from);
				break;
			}
			case 'ezbackup-billing':
			case 'ezbackup-summary':
				keepNodeMonths(db, change.months);
				if (change.what === 'import') keepAccounts(db, change.importId);
				break;
		}
	} else if (change.what === 'thresholds') {
		keepReportHealth(db, loadHealthSettings(db).thresholds, null);
	}
	bumpVersion(db);
}

function bumpVersion(db: Db): void {
	db.insert(keptVersion)
		.values({ id: 1, version: 1, layout: KEPT_LAYOUT })
		.onConflictDoUpdate({ target: keptVersion.id, set: { version: sql`version + 1` } })
		.run();
}

/** The version of the kept figures: changes with every commit that changes a figure. */
export function keptVersionOf(db: Db): number {
	return db.select({ version: keptVersion.version }).from(keptVersion).get()?.version ?? 0;
}

/** Builds every kept table from the imported rows, from nothing. */
export function keepAll(db: Db): void {
	for (const table of [
		reportDates,
		devices,
		deviceStates,
		firstBackups,
		reportHealth,
		departmentList,
		departmentNames,
		accountDepartments,
		managed,
		nodes,
		nodeMonths
	]) {
		db.delete(table).run();
	}
	db.run(
		sql`INSERT OR IGNORE INTO ${accountDepartments} (account)
			SELECT DISTINCT account FROM charges c WHERE ${sql.raw(imported('c.import_id'))}`
	);
	keepDepartments(db);
	keepManaged(db);
	keepDeviceStates(db);
	keepReportHealth(db, loadHealthSettings(db).thresholds, null);
	keepNodeMonths(db, null);
	db.insert(keptVersion)
		.values({ id: 1, version: 1, layout: KEPT_LAYOUT })
		.onConflictDoUpdate({
			target: keptVersion.id,
			set: { version: sql`version + 1`, layout: KEPT_LAYOUT }
		})
		.run();
}

/**
 * Rebuilds the kept tables when they were never built (a database from before them) or were built
 * by another layout. Runs when a connection opens, in one transaction that waits for any import.
 */
export function ensureKept(db: Db): void {
	const current = () =>
		db.select({ layout: keptVersion.layout }).from(keptVersion).get()?.layout === KEPT_LAYOUT;
	if (current()) return;
	db.transaction(
		() => {
			if (!current()) keepAll(db);
		},
		{ behavior: 'immediate' }
	);
}
