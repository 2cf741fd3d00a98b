import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { ImportProblem } from '../../imports/outcome';

// What the figures are read from is kept beside these, in kept-schema.ts.
export * from './kept-schema';

// Every imported row belongs to the import (batch) that brought it. The current state is derived
// from the batches (later imports win for the same key), so undoing an import is deleting its rows:
// what it had replaced shows through again. A file's rows are written as they are read, under an
// import whose status is 'pending', and only its last short transaction makes it 'imported': every
// reader takes the rows of imported imports alone (db/imported.ts).

export const imports = sqliteTable(
	'imports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		fileName: text('file_name').notNull(),
		sha256: text('sha256').notNull(),
		/** Code42 reports: the day the report was exported (YYYY-MM-DD) */
		asOf: text('as_of'),
		/** EZ-Backup Billing Summary: the month set by the uploader */
		billingMonth: text('billing_month'),
		uploadedBy: text('uploaded_by').notNull(),
		uploadedAt: text('uploaded_at').notNull(),
		/** 'pending' while its rows are written; a refused or undone import's rows are deleted after */
		status: text('status', { enum: ['pending', 'imported', 'refused', 'undone'] }).notNull(),
		/** while pending: the process writing it (`pid:token`), so a later start tells it abandoned */
		owner: text('owner'),
		rows: integer('rows').notNull().default(0),
		inserted: integer('inserted').notNull().default(0),
		updated: integer('updated').notNull().default(0),
		unchanged: integer('unchanged').notNull().default(0),
		errors: text('errors', { mode: 'json' }).$type<ImportProblem[]>(),
		/** loaded by `npm start` into an empty database; an administrator can clear it */
		sample: integer('sample', { mode: 'boolean' }).notNull().default(false),
		undoneAt: text('undone_at'),
		undoneBy: text('undone_by')
	},
	(t) => [index('imports_sha256').on(t.sha256), index('imports_kind_as_of').on(t.kind, t.asOf)]
);

const importId = () =>
	integer('import_id')
		.notNull()
		.references(() => imports.id, { onDelete: 'cascade' });

export const departments = sqliteTable(
	'departments',
	{
		importId: importId(),
		code: text('code').notNull(),
		name: text('name').notNull(),
		/** other spellings, as a JSON array */
		aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull()
	},
	(t) => [primaryKey({ columns: [t.importId, t.code] })]
);

export const managedComputers = sqliteTable(
	'managed_computers',
	{
		importId: importId(),
		shortName: text('short_name').notNull(),
		computerName: text('computer_name').notNull(),
		/** as written in the file (code, name or alias): resolved when the figures are computed */
		department: text('department'),
		os: text('os'),
		lastSeen: text('last_seen'),
		/**
		 * the system that lists it (the file's Source column, else the one named on upload): a
		 * source's latest import holds all its computers
		 */
		source: text('source').notNull().default('inventory'),
		/** the line of the file it came from */
		line: integer('line').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.importId, t.shortName] }),
		index('managed_short').on(t.shortName),
		index('managed_source').on(t.source, t.importId)
	]
);

/** One row per device per destination per report (Code42 device report or code42cli list). */
export const deviceRows = sqliteTable(
	'device_rows',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		importId: importId(),
		deviceUid: text('device_uid').notNull(),
		deviceName: text('device_name').notNull(),
		hostname: text('hostname'),
		shortHostname: text('short_hostname').notNull(),
		orgName: text('org_name'),
		username: text('username'),
		os: text('os'),
		status: text('status').notNull(),
		creationDate: text('creation_date'),
		lastConnected: text('last_connected'),
		/** null for enrollment lists (code42cli), which carry no backup state */
		archiveGuid: text('archive_guid'),
		destinationName: text('destination_name'),
		alertStates: text('alert_states'),
		lastCompletedBackup: text('last_completed_backup'),
		backupCompletePercentage: real('backup_complete_percentage'),
		selectedBytes: integer('selected_bytes'),
		archiveBytes: integer('archive_bytes'),
		lastActivity: text('last_activity'),
		/** the line of the file it came from */
		line: integer('line').notNull().default(0)
	},
	(t) => [
		// a report has one row per device and destination: a second one in a file is refused
		uniqueIndex('device_rows_key').on(
			t.importId,
			t.deviceUid,
			sql`coalesce(${t.archiveGuid}, ${t.destinationName}, '')`
		),
		index('device_rows_device').on(t.deviceUid, t.importId)
	]
);

/** EZ-Backup charges: one per billed node per month. The key is (month, nodename); a later import wins. */
export const charges = sqliteTable(
	'charges',
	{
		importId: importId(),
		month: text('month').notNull(),
		nodename: text('nodename').notNull(),
		/** the node it bills: nodenames that differ only in case and spaces are one (nodeKey) */
		nodeKey: text('node_key').notNull(),
		account: text('account').notNull(),
		department: text('department'),
		backupBytes: integer('backup_bytes'),
		archiveBytes: integer('archive_bytes'),
		totalBytes: integer('total_bytes'),
		extraBytes: integer('extra_bytes'),
		baseCents: integer('base_cents').notNull(),
		extraCents: integer('extra_cents').notNull(),
		totalCents: integer('total_cents').notNull(),
		/** true when the money came from the tariff because the file had no $ columns */
		fromTariff: integer('from_tariff', { mode: 'boolean' }).notNull().default(false),
		/** the line of the file it came from */
		line: integer('line').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.importId, t.month, t.nodename] }),
		index('charges_key').on(t.month, t.nodename),
		index('charges_node').on(t.nodeKey, t.month)
	]
);

/** Links between EZ-Backup nodes and Code42 devices made or removed by hand; they win over the name rule. */
export const handLinks = sqliteTable(
	'hand_links',
	{
		nodename: text('nodename').notNull(),
		/** the node the link is for (nodeKey of the nodename) */
		nodeKey: text('node_key').notNull(),
		deviceUid: text('device_uid').notNull(),
		linked: integer('linked', { mode: 'boolean' }).notNull(),
		createdBy: text('created_by').notNull(),
		createdAt: text('created_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.nodename, t.deviceUid] }),
		index('hand_links_node').on(t.nodeKey, t.deviceUid)
	]
);

/** Settings with an effective month (tariff, central cost) or without one ('0000-00'). */
export const settings = sqliteTable(
	'settings',
	{
		key: text('key').notNull(),
		effectiveMonth: text('effective_month').notNull().default('0000-00'),
		value: text('value', { mode: 'json' }).notNull(),
		updatedBy: text('updated_by').notNull(),
		updatedAt: text('updated_at')
			.notNull()
			.default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
	},
	(t) => [primaryKey({ columns: [t.key, t.effectiveMonth] })]
);

/**
 * The weeks the running server sent the weekly digest (DIGEST_SCHEDULE). A week is claimed by
 * inserting its row before any mail goes out, so it is sent at most once, across restarts and
 * by however many processes.
 */
export const digestWeeks = sqliteTable('digest_weeks', {
	/** the ISO week of the scheduled moment, such as 2020-W49 */
	week: text('week').primaryKey(),
	/** ISO-8601 UTC */
	startedAt: text('started_at').notNull(),
	/** the figures' as-of date */
	asOf: text('as_of'),
	sent: integer('sent'),
	failed: integer('failed'),
	finishedAt: text('finished_at')
});
