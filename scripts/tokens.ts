// `npm run tokens -- COMMAND …`: the API tokens scripts send (docs/api.md), from the shell. A thin
// wrapper over src/lib/server/tokens.ts, which the admin page (/admin/tokens) uses too.
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../src/lib/server/db';
import { createToken, listTokens, revokeToken, type TokenSummary } from '../src/lib/server/tokens';
import { UserError } from '../src/lib/server/users';

export const USAGE = `Usage: npm run tokens -- COMMAND [options]

  create --name NAME --role ROLE [--json]   prints the token, once: keep it where the script runs
  list [--json]
  revoke --name NAME

ROLE is uploader (imports, and reads the report) or leadership (reads the report).`;

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
				name: { type: 'string' },
				role: { type: 'string' },
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

const lastUse = (t: TokenSummary) => (t.lastUsedAt ? `last used ${t.lastUsedAt}` : 'never used');

/** Runs one command; returns the exit code: 0 done, 1 refused, 2 usage error. */
export function run(argv: string[], db: Db, io: Io, actor: string): number {
	try {
		const { values, positionals } = parse(argv);
		const [command, ...extra] = positionals;
		if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
		switch (command) {
			case 'create': {
				const role = required(values.role, '--role').trim().toLowerCase();
				const created = createToken(db, { name: required(values.name, '--name'), role }, actor);
				if (values.json) {
					io.out(JSON.stringify(created));
				} else {
					io.out(
						`Created the ${created.role} token "${created.name}". It is shown only this once:`
					);
					io.out(created.token);
				}
				return 0;
			}
			case 'list': {
				const tokens = listTokens(db);
				if (values.json) io.out(JSON.stringify(tokens, null, 2));
				else if (tokens.length === 0) io.out('No API tokens.');
				else for (const t of tokens) io.out(`${t.name}\t${t.role}\t${lastUse(t)}`);
				return 0;
			}
			case 'revoke': {
				const revoked = revokeToken(db, required(values.name, '--name'), actor);
				io.out(`Revoked the token "${revoked.name}": scripts that send it now get 401.`);
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { openDatabase } = await import('../src/lib/server/db');
	const db = openDatabase();
	const code = run(
		process.argv.slice(2),
		db,
		{ out: (line) => console.log(line), err: (line) => console.error(line) },
		`cli:${userInfo().username}`
	);
	db.$client.close();
	process.exit(code);
}
