// `npm run users -- COMMAND …`: manage who can sign in, from the shell (e.g. to add the first
// administrator on a server, or to get back in after losing the last admin password). A thin
// wrapper over src/lib/server/users.ts, which the admin page uses too.
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../src/lib/server/db';
import {
	addUser,
	isRole,
	listUsers,
	removeUserByEmail,
	resetPasswordByEmail,
	ROLES,
	setRoleByEmail,
	UserError,
	type Role
} from '../src/lib/server/users';

export const USAGE = `Usage: npm run users -- COMMAND [options]

  add --email E [--name N] [--password P] --role ROLE [--department CODE ...]
  list [--json]
  remove --email E
  set-role --email E --role ROLE|none [--department CODE ...]
  reset-password --email E --password P

ROLE is one of ${ROLES.join(', ')}; a manager needs at least one --department.
Without --password, "add" creates a user who signs in only through single sign-on.`;

export interface Io {
	out(line: string): void;
	err(line: string): void;
}

class UsageError extends Error {}

function parse(argv: string[]) {
	try {
		return parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				password: { type: 'string' },
				role: { type: 'string' },
				department: { type: 'string', multiple: true, default: [] },
				json: { type: 'boolean', default: false }
			}
		});
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
}

function required(value: string | undefined, option: string): string {
	if (value === undefined || value.trim() === '') throw new UsageError(`${option} is required.`);
	return value;
}

function role(value: string | undefined, allowNone: boolean): Role | null {
	const text = required(value, '--role').trim().toLowerCase();
	if (allowNone && text === 'none') return null;
	if (!isRole(text)) {
		throw new UsageError(`--role must be one of ${ROLES.join(', ')}${allowNone ? ', none' : ''}.`);
	}
	return text;
}

/** Runs one command; returns the exit code: 0 done, 1 refused, 2 usage error. */
export async function run(argv: string[], db: Db, io: Io, actor: string): Promise<number> {
	try {
		const { values, positionals } = parse(argv);
		const [command, ...extra] = positionals;
		if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
		switch (command) {
			case 'add': {
				// the first-run page (/setup) is offered only while no user exists
				const firstUser = listUsers(db).length === 0;
				const created = await addUser(
					db,
					{
						email: required(values.email, '--email'),
						name: values.name,
						password: values.password,
						role: role(values.role, false),
						departments: values.department
					},
					actor
				);
				io.out(`Added ${created.email} (${describe(created.role, created.departments)}).`);
				if (!listUsers(db).some((u) => u.role === 'admin')) io.err(noAdministrator(firstUser));
				return 0;
			}
			case 'list': {
				const users = listUsers(db);
				if (values.json) {
					io.out(JSON.stringify(users, null, 2));
				} else if (users.length === 0) {
					io.out('No users yet.');
				} else {
					for (const u of users) {
						const via = u.signIn.length > 0 ? u.signIn.join('+') : 'no sign-in';
						io.out(`${u.email}\t${describe(u.role, u.departments)}\t${via}`);
					}
				}
				return 0;
			}
			case 'remove': {
				const removed = removeUserByEmail(db, required(values.email, '--email'), actor);
				io.out(`Removed ${removed.email}.`);
				return 0;
			}
			case 'set-role': {
				const changed = setRoleByEmail(
					db,
					required(values.email, '--email'),
					role(values.role, true),
					values.department,
					actor
				);
				io.out(`${changed.email} is now ${describe(changed.role, changed.departments)}.`);
				return 0;
			}
			case 'reset-password': {
				const changed = await resetPasswordByEmail(
					db,
					required(values.email, '--email'),
					required(values.password, '--password'),
					actor
				);
				io.out(`Set a new password for ${changed.email}; their sessions were ended.`);
				return 0;
			}
			case undefined:
				throw new UsageError('Name a command.');
			default:
				throw new UsageError(`Unknown command "${command}".`);
		}
	} catch (e) {
		if (e instanceof UsageError) {
			io.err(`${e.message}\n\n${USAGE}`);
			return 2;
		}
		if (e instanceof UserError) {
			io.err(e.message);
			return 1;
		}
		throw e;
	}
}

/** The warning after adding a user while no administrator exists: nobody can manage users. */
function noAdministrator(firstUser: boolean): string {
	return (
		'Warning: there is no administrator, so nobody can add users or change settings in the ' +
		'browser' +
		(firstUser
			? ', and now that a user exists the first-run page /setup is no longer offered'
			: '') +
		'. Add one with: npm run users -- add --email E --password P --role admin'
	);
}

function describe(role: Role | null, departments: string[]): string {
	if (role === null) return 'no access';
	return role === 'manager' ? `manager of ${departments.join(', ')}` : role;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { openDatabase } = await import('../src/lib/server/db');
	const db = openDatabase();
	const code = await run(
		process.argv.slice(2),
		db,
		{ out: (line) => console.log(line), err: (line) => console.error(line) },
		`cli:${userInfo().username}`
	);
	db.$client.close();
	process.exit(code);
}
