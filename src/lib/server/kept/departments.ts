import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { importedSql } from '../db/imported';
import {
	accountDepartments,
	departmentList,
	departmentNames,
	departments,
	managed,
	managedComputers,
	placements
} from '../db/schema';
import {
	createDepartmentResolver,
	indexManaged,
	UNASSIGNED,
	type DepartmentResolver
} from '../metrics/departments';
import { qualified } from '../figures/sql';
import { nameKey } from '../metrics/names';
import type { Department, ManagedComputer } from '../metrics/types';

// The department rule's lookups, built by the rule itself (metrics/departments.ts) from the
// departments and inventory in force: every code, name and alias with the department it names,
// each billed account's department, and the inventory by short name with its department.

/** The departments in force: for each code, the latest import that lists it; by code. */
export function departmentsInForce(db: Db): Department[] {
	return db
		.select({ code: departments.code, name: departments.name, aliases: departments.aliases })
		.from(departments)
		.where(
			sql`${departments.importId} = (SELECT max(e.import_id) FROM ${departments} e
				WHERE e.code = ${qualified(departments.code)} AND ${importedSql(sql`e.import_id`)})`
		)
		.orderBy(departments.code)
		.all();
}

/** The resolver of the departments kept (department_list), for the rules run in JavaScript. */
export function keptResolver(db: Db): DepartmentResolver {
	return createDepartmentResolver(
		db
			.select({
				code: departmentList.code,
				name: departmentList.name,
				aliases: departmentList.aliases
			})
			.from(departmentList)
			.orderBy(departmentList.position)
			.all()
	);
}

/** Rebuilds the department list, the names they answer to and every account's department. */
export function keepDepartments(db: Db): void {
	const listed = departmentsInForce(db);
	const resolver = createDepartmentResolver(listed);
	db.delete(departmentList).run();
	db.delete(departmentNames).run();
	// as the rule reads them: codes trimmed, a code listed twice (with other spaces) once, the
	// later listing's name and aliases
	const byCode = new Map(
		listed
			.map((d) => ({ ...d, code: d.code.trim() }))
			.filter((d) => d.code !== '' && d.code !== UNASSIGNED)
			.map((d) => [d.code, d])
	);
	const rows = [...byCode.values()].map((d) => ({
		...d,
		position: resolver.codes.indexOf(d.code)
	}));
	for (let i = 0; i < rows.length; i += 500)
		db.insert(departmentList)
			.values(rows.slice(i, i + 500))
			.run();
	const names = new Map<string, string>();
	for (const d of listed) {
		for (const text of [d.code, d.name, ...d.aliases]) {
			const key = nameKey(text);
			const code = key === '' ? null : resolver.resolve(key);
			if (code !== null) names.set(key, code);
		}
	}
	const entries = [...names].map(([key, code]) => ({ key, code }));
	for (let i = 0; i < entries.length; i += 500)
		db.insert(departmentNames)
			.values(entries.slice(i, i + 500))
			.run();
	const accounts = db
		.select({ account: accountDepartments.account })
		.from(accountDepartments)
		.all();
	for (const { account } of accounts) {
		db.update(accountDepartments)
			.set({ code: resolver.resolveAccount(account) })
			.where(eq(accountDepartments.account, account))
			.run();
	}
}

/** Adds the accounts billed by an import, each with the department that lists it as an alias. */
export function keepAccounts(db: Db, importId: number): void {
	const resolver = keptResolver(db);
	const accounts = db.all<{ account: string }>(
		sql`SELECT DISTINCT account FROM charges WHERE import_id = ${importId}`
	);
	for (const { account } of accounts) {
		db.insert(accountDepartments)
			.values({ account, code: resolver.resolveAccount(account) })
			.onConflictDoNothing()
			.run();
	}
}

/**
 * The managed computers in force (domain.md): each source's computers are those of its latest
 * import; a computer two sources list is the later import's.
 */
function managedInForce(db: Db): ManagedComputer[] {
	return db.all<ManagedComputer>(sql`
		WITH latest AS (
			SELECT source, max(import_id) AS import_id FROM ${managedComputers} m
			WHERE ${importedSql(sql`m.import_id`)} GROUP BY source)
		SELECT computer_name AS computerName, short_name AS shortName, department, os,
			last_seen AS lastSeen
		FROM (SELECT m.*,
				row_number() OVER (PARTITION BY m.short_name ORDER BY m.import_id DESC) AS rank
			FROM ${managedComputers} m
			JOIN latest l ON l.source = m.source AND l.import_id = m.import_id)
		WHERE rank = 1
		ORDER BY short_name`);
}

/** Rebuilds the inventory as adoption counts it: one computer per short name, department resolved. */
export function keepManaged(db: Db): void {
	const resolver = keptResolver(db);
	const inForce = managedInForce(db);
	const index = indexManaged(inForce, resolver);
	db.delete(managed).run();
	const rows = [...index.values()].map((entry) => ({
		shortName: entry.shortName,
		computerName: entry.computer.computerName,
		departmentText: entry.computer.department,
		department: entry.department,
		known: entry.departmentKnown,
		os: entry.computer.os,
		lastSeen: entry.computer.lastSeen
	}));
	for (let i = 0; i < rows.length; i += 500)
		db.insert(managed)
			.values(rows.slice(i, i + 500))
			.run();
}

/** Places every (short name, org) pair again: after the departments or the inventory changed. */
export function keepPlacements(db: Db): void {
	db.run(sql`
		UPDATE ${placements} SET department =
			${departmentOf(sql.raw(`"placements".short_name`), sql.raw(`"placements".org_key`))}`);
}

/**
 * The department rule of a device state, from its short name and org key (written with their
 * table: figures/sql.ts's `qualified`): the inventory's department for its short name when that
 * names a department; else the department its Code42 org names; else UNASSIGNED.
 */
export const departmentOf = (shortName: SQL, orgKey: SQL): SQL<string> =>
	sql<string>`coalesce(
		(SELECT CASE WHEN inv.known THEN inv.department END FROM ${managed} inv
			WHERE inv.short_name = ${shortName}),
		(SELECT org.code FROM ${departmentNames} org WHERE org.key = ${orgKey}),
		${UNASSIGNED})`;
