// `npm run digest -- [--as-of YYYY-MM-DD] [--out DIR] [--send]`: the weekly digest, one mail per
// department manager and per member of leadership (src/lib/server/digest/). --out writes each as
// DIR/<email>.eml; --send sends them through SMTP_URL. The running server can send them itself
// every week (DIGEST_SCHEDULE).
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../src/lib/server/db';
import {
	composeDigests,
	sendDigests,
	writeDigests,
	type MailEnv
} from '../src/lib/server/digest/mail';

export const USAGE = `Usage: npm run digest -- [--as-of YYYY-MM-DD] [--out DIR] [--send]

  --out DIR   write one .eml file per recipient, named after their address (m@x.edu.eml)
  --send      send them through SMTP_URL (smtp://user:password@host:587)
  --as-of     the figures' day (default: that of the latest Code42 report)
Give --out, --send or both. The mails link to the pages at ORIGIN; they come from DIGEST_FROM.`;

export interface Io {
	out(line: string): void;
	err(line: string): void;
}

class UsageError extends Error {}

/** Runs the command; returns the exit code: 0 done, 1 a mail could not be sent, 2 usage error. */
export async function run(
	argv: string[],
	db: Db,
	io: Io,
	env: MailEnv,
	actor: string
): Promise<number> {
	try {
		let values;
		try {
			({ values } = parseArgs({
				args: argv,
				options: {
					'as-of': { type: 'string' },
					out: { type: 'string' },
					send: { type: 'boolean', default: false }
				}
			}));
		} catch (e) {
			throw new UsageError((e as Error).message);
		}
		const asOf = values['as-of'];
		if (asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(asOf))
			throw new UsageError(`--as-of takes a day written YYYY-MM-DD, not "${asOf}".`);
		if (values.out === undefined && !values.send)
			throw new UsageError('Say where the mails go: --out DIR, --send, or both.');
		const smtpUrl = env.SMTP_URL?.trim();
		if (values.send && !smtpUrl)
			throw new UsageError(
				'--send needs SMTP_URL, such as smtp://user:password@mail.college.edu:587.'
			);

		const digests = await composeDigests(db, { asOf, env });
		for (const { email, reason } of digests.skipped) io.out(`No mail for ${email}: ${reason}.`);
		if (digests.mails.length === 0)
			io.out('Nobody gets the digest: no manager or leadership user wants it.');
		if (values.out !== undefined) {
			for (const path of writeDigests(digests, values.out)) io.out(`Wrote ${path}`);
		}
		if (values.send && smtpUrl) {
			const { sent, failed } = await sendDigests(db, digests, smtpUrl, actor);
			for (const email of sent) io.out(`Sent to ${email}`);
			for (const f of failed) io.err(`Could not send to ${f.email}: ${f.message}`);
			if (failed.length > 0) return 1;
		}
		return 0;
	} catch (e) {
		if (e instanceof UsageError) {
			io.err(`${e.message}\n\n${USAGE}`);
			return 2;
		}
		throw e;
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { openDatabase } = await import('../src/lib/server/db');
	const db = openDatabase();
	const code = await run(
		process.argv.slice(2),
		db,
		{ out: (line) => console.log(line), err: (line) => console.error(line) },
		process.env,
		`cli:${userInfo().username}`
	);
	db.$client.close();
	process.exit(code);
}
