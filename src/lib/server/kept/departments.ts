import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { importedSql } from '../db/imported';
import {
	accountDepartments,
	charges,
	departmentList,
	departmentNames,
	departments,
	managed,
	placements,
	STILL_IN_FORCE
} from '../db/schema';
import {
	createDepartmentResolver,
	UNASSIGNED,
	type DepartmentResolver
} from '../metrics/departments';
import { qualified } from '../figures/sql';
import { nameKey } from '../metrics/names';
import type { Department } from '../metrics/types';

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
	const accounts = db
		.selectDistinct({ account: charges.account })
		.from(charges)
		.where(eq(charges.importId, importId))
		.all();
	for (const { account } of accounts) {
		db.insert(accountDepartments)
			.values({ account, code: resolver.resolveAccount(account) })
			.onConflictDoNothing()
			.run();
	}
}

/** Places every (short name, org) pair again: after the departments or the inventory changed. */
export function keepPlacements(db: Db): void {
	db.run(sql`
		UPDATE ${placements} SET department =
			${departmentOf(sql.raw(`"placements".short_name`), sql.raw(`"placements".org_key`))}`);
}

/**
 * The department rule of a device state, from its short name and org key (written with their
 * table: figures/sql.ts's `qualified`): the department of the inventory in force now for its
 * short name when that names a department (not dated: docs/rules.md); else the department its
 * Code42 org names; else UNASSIGNED.
 */
export const departmentOf = (shortName: SQL, orgKey: SQL): SQL<string> =>
	sql<string>`coalesce(
		(SELECT CASE WHEN inv.known THEN inv.department END FROM ${managed} inv
			WHERE inv.short_name = ${shortName} AND inv.until_day = ${STILL_IN_FORCE}),
		(SELECT org.code FROM ${departmentNames} org WHERE org.key = ${orgKey}),
		${UNASSIGNED})`;
