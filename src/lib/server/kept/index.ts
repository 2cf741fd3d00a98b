import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { imported } from '../db/imported';
import {
	accountDepartments,
	adoptionWeeks,
	installDays,
	billedMonths,
	departmentList,
	departmentSpend,
	departmentNames,
	departmentDevices,
	deviceStates,
	devices,
	firstBackups,
	imports,
	inventoryLists,
	keptVersion,
	managed,
	nodeMonths,
	nodes,
	placements,
	reportDates,
	reportHealth,
	retiredSums,
	unnamedNodeMonths
} from '../db/schema';
import { loadHealthSettings } from '../health-settings';
import type { ExportKind as ImportKind } from '../../imports/formats';
import { keepAccounts, keepDepartments, keepPlacements } from './departments';
import { keepManaged, keepManagedDepartments } from './managed';
import { keepCodes, keepDeviceStates, keepReportDates } from './devices';
import { keepNodeMonths, keepSpend } from './nodes';

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
 * database kept by an earlier layout is rebuilt whole when it is next opened. 3: the inventory
 * in force is each source's latest list (issue 15). 4: every department's devices kept for each
 * report date (department_devices). 5: the inventory is dated, each list in force from its as-of
 * date until the next list of its source (managed.ts). 6: every report date's managed computers by
 * department and week of first install (adoption_weeks), and its installs by day (install_days);
 * the node months added up (retired_sums, unnamed_node_months).
 */
export const KEPT_LAYOUT = 6;

/**
 * Bench only: `KEEP_FIGURES=0` leaves the kept tables as they are and only bumps the version, so
 * that `npm run bench` can time an import's rows alone against sqlite3 loading the same file
 * (BENCHMARKS.md, "Method"). A database written so shows stale figures: never set it elsewhere.
 */
const keepsFigures = process.env.KEEP_FIGURES !== '0';

export function keep(db: Db, change: Change): void {
	if (keepsFigures) keepTables(db, change);
	bumpVersion(db);
}

function keepTables(db: Db, change: Change): void {
	const { thresholds } = loadHealthSettings(db);
	if (change.what === 'import' || change.what === 'undo') {
		switch (change.kind) {
			case 'departments':
				keepDepartments(db);
				keepManagedDepartments(db);
				keepPlacements(db);
				keepReportDates(db, thresholds, null);
				keepSpend(db);
				break;
			case 'inventory':
				keepManaged(db, change.importId);
				keepPlacements(db);
				keepReportDates(db, thresholds, null);
				break;
			case 'code42-devices':
			case 'code42cli-devices': {
				const from = keepDeviceStates(db, thresholds);
				if (from !== null) keepReportDates(db, thresholds, from);
				break;
			}
			case 'ezbackup-billing':
			case 'ezbackup-summary':
				keepNodeMonths(db, change.months);
				if (change.what === 'import') keepAccounts(db, change.importId);
				break;
		}
	} else if (change.what === 'thresholds') {
		keepCodes(db, thresholds, sql`1`);
		keepReportDates(db, thresholds, null, true);
	}
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
		departmentDevices,
		adoptionWeeks,
		installDays,
		departmentList,
		departmentNames,
		accountDepartments,
		inventoryLists,
		managed,
		placements,
		nodes,
		nodeMonths,
		billedMonths,
		departmentSpend,
		retiredSums,
		unnamedNodeMonths
	]) {
		db.delete(table).run();
	}
	db.run(
		sql`INSERT OR IGNORE INTO ${accountDepartments} (account)
			SELECT DISTINCT account FROM charges c WHERE ${sql.raw(imported('c.import_id'))}`
	);
	keepDepartments(db);
	keepManaged(db, null);
	const { thresholds } = loadHealthSettings(db);
	keepDeviceStates(db, thresholds);
	keepReportDates(db, thresholds, null);
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
			if (current()) return;
			// minutes on a large campus, while nothing answers: whoever started it is told why
			const tell = db.select({ id: imports.id }).from(imports).limit(1).get() !== undefined;
			const began = Date.now();
			if (tell)
				console.warn(
					'Building the tables the figures are read from, for this version of the dashboard: once, about a minute for every 20,000 computers...'
				);
			keepAll(db);
			if (tell) console.warn(`Built in ${Math.round((Date.now() - began) / 1000)} s.`);
		},
		{ behavior: 'immediate' }
	);
}
