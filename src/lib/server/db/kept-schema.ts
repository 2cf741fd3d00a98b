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

// What the figures are read from, kept up to date from the imported rows (schema.ts) in the same
// transaction as every import, undo, setting and hand link (src/lib/server/kept/). Nothing here is
// typed in: each table can be rebuilt from the imported rows at any time (`keepAll`), and a test
// checks that the upkeep after any change leaves exactly what a rebuild would.

/** The Code42 reports in force, by as-of date: the latest import of each kind for the day. */
export const reportDates = sqliteTable('report_dates', {
	asOf: text('as_of').primaryKey(),
	/** the device backup report of the day (import id), if any */
	deviceReport: integer('device_report'),
	/** the enrollment list (code42cli) of the day, if any */
	enrollmentList: integer('enrollment_list')
});

/** One row per device ever seen in a report in force. */
export const devices = sqliteTable(
	'devices',
	{
		id: integer('id').primaryKey(),
		uid: text('uid').notNull().unique(),
		/** the earliest creationDate of any of its imported rows, ms: its install when a row lacks one */
		firstCreationMs: integer('first_creation_ms'),
		/**
		 * its states do not all give the same short name, org and OS family, so the department and OS
		 * it is counted under in a report's history may differ from those of another day
		 */
		varies: integer('varies', { mode: 'boolean' }).notNull().default(false)
	},
	// the history reads the few that vary: 18 ms a scan at 100,000 computers, none this way
	(t) => [
		index('devices_varies')
			.on(t.id)
			.where(sql`${t.varies}`)
	]
);

/**
 * Where a device is counted: each (short name, org) pair a device state has given, with the
 * department the rule gives it (inventory first, then the org). A new inventory or departments
 * file changes these few rows, not every state.
 */
export const placements = sqliteTable(
	'placements',
	{
		id: integer('id').primaryKey(),
		shortName: text('short_name').notNull(),
		orgKey: text('org_key').notNull(),
		department: text('department').notNull()
	},
	(t) => [uniqueIndex('placements_names').on(t.shortName, t.orgKey)]
);

/**
 * Every device's state as of every report date: its rows of the latest report on or before that
 * date that holds it (domain.md), a device that a report lacks carried forward as it was. The
 * state as of any day D is that of the latest report date on or before D.
 */
export const deviceStates = sqliteTable(
	'device_states',
	{
		asOf: text('as_of').notNull(),
		deviceId: integer('device_id').notNull(),
		/** the device_rows row its state comes from (names, user, OS, status as written) */
		rowId: integer('row_id').notNull(),
		/** it is in the device backup report of that date (a point of the health history) */
		inDeviceReport: integer('in_device_report', { mode: 'boolean' }).notNull(),
		/** domain.md's short hostname (deviceOsHostname, else deviceName) */
		shortName: text('short_name').notNull(),
		/** the device name as names are compared (nameKey): the node link matches it too */
		nameKey: text('name_key').notNull(),
		/** the Code42 orgName as names are compared */
		orgKey: text('org_key').notNull(),
		/** its (short name, org): the department it is counted in */
		placement: integer('placement').notNull(),
		/**
		 * its place in the health counts (metrics/health.ts, healthCodeOf) as of the end of this
		 * report date, with the thresholds in force: the figures of a report date read it as it is
		 */
		code: integer('code').notNull(),
		/** index into OS_FAMILIES */
		osFamily: integer('os_family').notNull(),
		active: integer('active', { mode: 'boolean' }).notNull(),
		/** it has backup state: it was in a device backup report (enrollment lists carry none) */
		hasBackup: integer('has_backup', { mode: 'boolean' }).notNull(),
		/** its install as its row gives it, ms (the state reads devices.firstCreationMs without) */
		creationMs: integer('creation_ms'),
		/** its most recent completed backup over all destinations, ms */
		lastCompletedMs: integer('last_completed_ms'),
		/** its alerts over all destinations (ALERT bits of metrics/health.ts) */
		alerts: integer('alerts').notNull(),
		/** the furthest destination's backupCompletePercentage */
		bestPercent: real('best_percent'),
		/** the device_rows row of the destination with the least still to send (first backups) */
		progressRow: integer('progress_row'),
		/** what that destination still has to send, bytes */
		toSend: integer('to_send')
	},
	(t) => [
		primaryKey({ columns: [t.asOf, t.deviceId] }),
		index('device_states_short').on(t.asOf, t.shortName, t.active),
		index('device_states_name').on(t.asOf, t.nameKey),
		// the few states whose install comes from the device's other rows
		index('device_states_install')
			.on(t.deviceId)
			.where(sql`${t.creationMs} IS NULL`)
	]
);

/** How long each device's first backup took, as the reports show it (metrics/firstbackup.ts). */
export const firstBackups = sqliteTable('first_backups', {
	deviceId: integer('device_id').primaryKey(),
	/** the device backup report that first showed a completed backup */
	asOf: text('as_of').notNull(),
	/** null when the reports did not see it happen: not measured */
	durationMs: integer('duration_ms')
});

/**
 * A group's devices, its active ones and their health counts: the columns of figures/sql.ts's
 * healthTally, kept by report_health and department_devices (a builder each, as drizzle wants).
 */
const healthCounts = () => ({
	devices: integer('devices').notNull(),
	active: integer('active').notNull(),
	ok: integer('ok').notNull(),
	warning: integer('warning').notNull(),
	critical: integer('critical').notNull(),
	never: integer('never').notNull(),
	failures: integer('failures').notNull(),
	unknown: integer('unknown').notNull()
});

/**
 * Each device backup report's own devices, counted as of the report's own day with today's
 * thresholds, by the department and OS family their row in that report gives them.
 */
export const reportHealth = sqliteTable(
	'report_health',
	{
		asOf: text('as_of').notNull(),
		department: text('department').notNull(),
		osFamily: integer('os_family').notNull(),
		...healthCounts()
	},
	(t) => [primaryKey({ columns: [t.asOf, t.department, t.osFamily] })]
);

/**
 * Every department's devices as of each report date (figures/rollout.ts, deviceTallies): what the
 * rollout figures of a report date, the common case, read instead of counting that date's states.
 */
export const departmentDevices = sqliteTable(
	'department_devices',
	{
		asOf: text('as_of').notNull(),
		department: text('department').notNull(),
		...healthCounts(),
		/** the earliest install of its devices before the end of the date, ms */
		firstInstall: integer('first_install')
	},
	(t) => [primaryKey({ columns: [t.asOf, t.department] })]
);

/**
 * The computers managed on each report date, by department and by the week of their first install
 * (figures/rollout.ts, adoptionWeekQuery), with how many of them are adopted: what adoption and
 * pace as of a report date read, and as of any later day the same inventory is in force.
 */
export const adoptionWeeks = sqliteTable(
	'adoption_weeks',
	{
		asOf: text('as_of').notNull(),
		department: text('department').notNull(),
		/**
		 * the Monday-to-Sunday week of the earliest install of any device of their short name
		 * (deactivated ones too), counted from EPOCH_MONDAY_MS; null when none has one
		 */
		week: integer('week'),
		managed: integer('managed').notNull(),
		adopted: integer('adopted').notNull()
	},
	(t) => [index('adoption_weeks_date').on(t.asOf, t.department, t.week)]
);

/**
 * The devices with an install as of each report date, by department and UTC day of install
 * (figures/rollout.ts, installDayQuery), with the active ones among them: what the 1,000th
 * install and the installs by week as of any day read.
 */
export const installDays = sqliteTable(
	'install_days',
	{
		asOf: text('as_of').notNull(),
		department: text('department').notNull(),
		/** days since 1970-01-01 */
		day: integer('day').notNull(),
		installs: integer('installs').notNull(),
		active: integer('active').notNull()
	},
	(t) => [primaryKey({ columns: [t.asOf, t.department, t.day] })]
);

/** The departments in force, in the order the department rule lists them. */
export const departmentList = sqliteTable('department_list', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull(),
	position: integer('position').notNull()
});

/** Every code, name and alias as names are compared, with the department it names. */
export const departmentNames = sqliteTable('department_names', {
	key: text('key').primaryKey(),
	code: text('code').notNull()
});

/** The department each billed account names through an alias (whole, or a '-' prefix). */
export const accountDepartments = sqliteTable('account_departments', {
	account: text('account').primaryKey(),
	code: text('code')
});

/** The until_day of what is in force now: after any day figures are asked for. */
export const STILL_IN_FORCE = '9999-12-31';
/** The from_day of a source's first list: before any day figures are asked for. */
export const FIRST_DAY = '0000-01-01';

/**
 * Each source's inventory lists (kept/managed.ts), ordered by their as-of date, then import: a
 * list is in force from its date until the next list's date ('9999-12-31' for the latest), and
 * the list of a source's first date also for the days before it, as nothing earlier is known. A
 * list replaced on its own date holds no day (from_day = until_day).
 */
export const inventoryLists = sqliteTable(
	'inventory_lists',
	{
		source: text('source').notNull(),
		importId: integer('import_id').notNull(),
		/** the list's own date: its import's as-of date */
		asOf: text('as_of').notNull(),
		fromDay: text('from_day').notNull(),
		untilDay: text('until_day').notNull()
	},
	(t) => [primaryKey({ columns: [t.source, t.importId] })]
);

/**
 * The inventory as adoption counts it, by date: a computer is managed on the days from_day <= D <
 * until_day of its rows, which never overlap; each row is that of the computer in the list in
 * force then (of two sources listing it, the later import's), its department resolved. The rows
 * whose until_day is '9999-12-31' are the inventory in force now.
 */
export const managed = sqliteTable(
	'managed',
	{
		shortName: text('short_name').notNull(),
		fromDay: text('from_day').notNull(),
		untilDay: text('until_day').notNull(),
		/** the import whose row it is */
		importId: integer('import_id').notNull(),
		computerName: text('computer_name').notNull(),
		/** the Department cell as written */
		departmentText: text('department_text'),
		/** its code, or UNASSIGNED when the text names no department */
		department: text('department').notNull(),
		/** the text named a department: only then does the inventory decide a device's department */
		known: integer('known', { mode: 'boolean' }).notNull(),
		os: text('os'),
		lastSeen: text('last_seen')
	},
	(t) => [
		primaryKey({ columns: [t.shortName, t.fromDay] }),
		index('managed_days').on(t.untilDay, t.fromDay),
		// a short name's row in force now (a device's department, its inventory columns) is one
		// lookup: without it SQLite answered each from managed_days, every row in force scanned
		// for each device (2.4 s for the health page at 20,000 computers)
		index('managed_now').on(t.shortName, t.untilDay),
		index('managed_import').on(t.importId)
	]
);

/** One row per EZ-Backup node (nodenames that differ only in case and spaces are one). */
export const nodes = sqliteTable('nodes', {
	id: integer('id').primaryKey(),
	key: text('key').notNull().unique(),
	firstMonth: text('first_month').notNull(),
	/**
	 * the department its latest charge names (its Department cell, else its account), '' when
	 * neither does: what department_spend adds its charges up under
	 */
	spendDepartment: text('spend_department').notNull().default('')
});

/** The next billed month of a node month billed no more (node_months.next_month). */
export const NOT_BILLED_AGAIN = '9999-99';

/** Each node's charge in force for each month it was billed, and its savings facts as of then. */
export const nodeMonths = sqliteTable(
	'node_months',
	{
		nodeId: integer('node_id').notNull(),
		month: text('month').notNull(),
		/** the month as a count of months (metrics/asof.ts monthNumber): months subtract */
		monthNumber: integer('month_number').notNull(),
		/** as written on the charge */
		nodename: text('nodename').notNull(),
		account: text('account').notNull(),
		/** the Department cell as written */
		department: text('department'),
		/** the Department cell as names are compared (department_names resolves it) */
		departmentKey: text('department_key').notNull(),
		totalBytes: integer('total_bytes'),
		totalCents: integer('total_cents').notNull(),
		/** months billed up to this one */
		billedMonths: integer('billed_months').notNull(),
		/** the baseline if this month is its last bill: mean of its last three, half up */
		baselineCents: integer('baseline_cents').notNull(),
		/** its next billed month, '9999-99' when none: this row holds for months before it */
		nextMonth: text('next_month').notNull(),
		/** the name the node link compares with devices (nodeMatchKey) */
		matchKey: text('match_key').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.nodeId, t.month] }),
		// the nodes as of a month (figures/nodes.ts, withNodesAt) are a range of this index; it holds
		// every column they read, so the range is read in order and no row is looked up at random:
		// 13,237 nodes at 20,000 computers took 65 ms of CPU through the table, 10 ms through this
		index('node_months_next').on(
			t.nextMonth,
			t.month,
			t.nodeId,
			t.monthNumber,
			t.nodename,
			t.account,
			t.department,
			t.departmentKey,
			t.totalBytes,
			t.totalCents,
			t.billedMonths,
			t.baselineCents,
			t.matchKey
		)
	]
);

/**
 * Every month's charges added up by the department each node's latest charge names
 * (nodes.spendDepartment): the spend chart of a day reads these, and moves the few nodes whose
 * department that day is another (figures/savings.ts).
 */
export const departmentSpend = sqliteTable(
	'department_spend',
	{
		month: text('month').notNull(),
		department: text('department').notNull(),
		cents: integer('cents').notNull(),
		/** how many charges: a month of charges of $0.00 is still a billed month */
		charges: integer('charges').notNull()
	},
	(t) => [primaryKey({ columns: [t.month, t.department] })]
);

/**
 * The node months added up by their month, the node's next billed month ('9999-99': none) and the
 * department their charge names (its Department cell, else its account; those that name none are
 * left out: a device names theirs, by the day). As of a latest billed month L, the nodes retired
 * are those whose row in force has month < L < next_month: pages that only add up their savings
 * read them here instead of working out each node (figures/savings.ts, daySavingsOf).
 */
export const retiredSums = sqliteTable(
	'retired_sums',
	{
		month: text('month').notNull(),
		nextMonth: text('next_month').notNull(),
		department: text('department').notNull(),
		nodes: integer('nodes').notNull(),
		baselineCents: integer('baseline_cents').notNull(),
		/** Σ baseline × the month's number: realized savings as of L are L × baseline_cents − this */
		baselineMonthCents: integer('baseline_month_cents').notNull()
	},
	(t) => [primaryKey({ columns: [t.nextMonth, t.month, t.department] })]
);

/**
 * The node months whose charge names no department (neither its Department cell nor its account):
 * the rest of retired_sums, one row each, as their node's department is a device's, by the day.
 */
export const unnamedNodeMonths = sqliteTable(
	'unnamed_node_months',
	{
		nextMonth: text('next_month').notNull(),
		month: text('month').notNull(),
		nodeId: integer('node_id').notNull()
	},
	(t) => [primaryKey({ columns: [t.nextMonth, t.month, t.nodeId] })]
);

/** The months that have any charge: the latest billed month of a day is read from here. */
export const billedMonths = sqliteTable('billed_months', {
	month: text('month').primaryKey()
});

/** A counter bumped by every commit that changes a figure: the one cache's key (cache.ts). */
export const keptVersion = sqliteTable('kept_version', {
	id: integer('id').primaryKey(),
	version: integer('version').notNull(),
	/** the KEPT_LAYOUT the tables were built by (kept/index.ts) */
	layout: integer('layout').notNull()
});
