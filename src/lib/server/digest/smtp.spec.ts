// The weekly digest sent for real: through nodemailer to an SMTP server this test starts
// (smtp-server), read back as a mail program would (mailparser). `npm run digest -- --send
// --out DIR` mails each manager and member of leadership and writes the same mails as .eml files;
// DIGEST_SCHEDULE's run sends a week's mails once, whatever restarts.
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../../scripts/digest';
import { listAudit } from '../audit';
import { sampleFile, type SampleFile } from '../imports/sample-file';
import { addUser, findUserByEmail } from '../users';
import { foreignAmountsIn, otherCodesIn } from './leaks';
import { claimWeek, dueWeek, parseSchedule, sendDueDigest } from './schedule';
import { setWantsDigest } from './subscription';

const ORIGIN = 'https://backup.example.edu';
const FROM = '"Backup rollout" <rollout@example.edu>';

interface Received {
	from: string;
	to: string[];
	raw: Buffer;
}

let smtp: SMTPServer;
let port: number;
let received: Received[];
let samples: SampleFile;
let dir: string;

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const envelope = session.envelope;
				received.push({
					from: envelope.mailFrom ? envelope.mailFrom.address : '',
					to: envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks)
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	port = (smtp.server.address() as AddressInfo).port;

	samples = sampleFile();
	const { db } = samples;
	await addUser(
		db,
		{ email: 'dana@example.edu', name: 'Dana', role: 'manager', departments: ['ANSC'] },
		't'
	);
	await addUser(
		db,
		{ email: 'eli@example.edu', name: 'Eli', role: 'manager', departments: ['EAS', 'MBG'] },
		't'
	);
	await addUser(db, { email: 'lee@example.edu', name: 'Lee', role: 'leadership' }, 't');
	await addUser(db, { email: 'erin@example.edu', name: 'Erin', role: 'admin' }, 't');
	await addUser(
		db,
		{ email: 'quiet@example.edu', name: 'Quiet', role: 'manager', departments: ['BEE'] },
		't'
	);
	setWantsDigest(db, findUserByEmail(db, 'quiet@example.edu')!.id, false, 'quiet@example.edu');
	dir = mkdtempSync(join(tmpdir(), 'digest-out-'));
});

afterAll(async () => {
	await new Promise<void>((resolve) => smtp.close(resolve));
	samples.remove();
	rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
	received = [];
});

const env = () => ({ ORIGIN, DIGEST_FROM: FROM, SMTP_URL: `smtp://127.0.0.1:${port}` });

async function digest(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await run(
		argv,
		samples.db,
		{ out: (l) => out.push(l), err: (l) => err.push(l) },
		env(),
		'cli:tester'
	);
	return { code, out, err };
}

const mailTo = async (email: string): Promise<ParsedMail> => {
	const found = received.filter((r) => r.to.includes(email));
	expect(found, `one mail to ${email}`).toHaveLength(1);
	return simpleParser(found[0].raw);
};

describe('npm run digest -- --send --out DIR', () => {
	it('mails each manager and member of leadership, and writes the same mails as files', async () => {
		const { code, out, err } = await digest('--as-of', '2020-11-30', '--send', '--out', dir);
		expect(err).toEqual([]);
		expect(code).toBe(0);
		const recipients = ['dana@example.edu', 'eli@example.edu', 'lee@example.edu'];
		expect(
			received
				.map((r) => r.to)
				.flat()
				.sort()
		).toEqual(recipients);
		expect(received.every((r) => r.from === 'rollout@example.edu')).toBe(true);
		expect(out).toContain('No mail for quiet@example.edu: said no to the digest.');
		expect(readdirSync(dir).sort()).toEqual(recipients.map((e) => `${e}.eml`));

		for (const email of recipients) {
			const mail = await mailTo(email);
			expect(mail.from?.text).toBe('"Backup rollout" <rollout@example.edu>');
			expect(mail.text).toBeTruthy();
			expect(mail.html).toBeTruthy();
			// the file is the mail that was sent
			const file = await simpleParser(readFileSync(join(dir, `${email}.eml`)));
			expect([file.subject, file.text, file.html]).toEqual([mail.subject, mail.text, mail.html]);
			// every link goes to the dashboard at ORIGIN
			const links = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
			expect(links.length).toBeGreaterThan(3);
			expect(links.every((l) => l.startsWith(`${ORIGIN}/`))).toBe(true);
		}

		const lee = await mailTo('lee@example.edu');
		expect(lee.subject).toBe(
			'Backup rollout of the college as of Nov 30, 2020: 89.5% adopted, 16 failing backups (14 new)'
		);
		expect(lee.text).toContain('Adoption: 89.5% of 1,290 managed computers (+');
		expect(lee.text).toContain('Realized: $33,268.61');

		const dana = await mailTo('dana@example.edu');
		expect(dana.subject).toMatch(/^Backup rollout of ANSC as of Nov 30, 2020: /);
		expect(dana.text).toContain('Saved $3,178.91');
		expect(listAudit(samples.db, { action: 'digest.send' }).entries[0]).toMatchObject({
			actor: 'cli:tester',
			subject: '2020-11-30',
			details: { sent: 3, failed: [] }
		});
	});

	it("sends a manager no other department's code or money", async () => {
		await digest('--as-of', '2020-11-30', '--send');
		for (const [email, own] of [
			['dana@example.edu', ['ANSC']],
			['eli@example.edu', ['EAS', 'MBG']]
		] as const) {
			const mail = await mailTo(email);
			for (const text of [mail.subject ?? '', mail.text ?? '', String(mail.html)]) {
				expect(otherCodesIn(text, samples.db, own)).toEqual([]);
				expect(await foreignAmountsIn(text, samples.db, '2020-11-30', own)).toEqual([]);
			}
			for (const code of own) expect(mail.text).toContain(code);
		}
	});

	it('says which mails could not be sent, and exits 1', async () => {
		const closed = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'] });
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const deadPort = (closed.server.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(resolve));
		const out: string[] = [];
		const err: string[] = [];
		const code = await run(
			['--send'],
			samples.db,
			{ out: (l) => out.push(l), err: (l) => err.push(l) },
			{ ...env(), SMTP_URL: `smtp://127.0.0.1:${deadPort}` },
			'cli:tester'
		);
		expect(code).toBe(1);
		expect(err).toHaveLength(3);
		expect(err[0]).toMatch(/^Could not send to \S+@example\.edu: /);
	});

	it('answers a usage error with 2', async () => {
		expect((await digest()).code).toBe(2);
		expect((await digest('--as-of', '30/11/2020', '--out', dir)).code).toBe(2);
		const noSmtp = await run(
			['--send'],
			samples.db,
			{ out: () => {}, err: () => {} },
			{ ORIGIN },
			'x'
		);
		expect(noSmtp).toBe(2);
		expect(received).toEqual([]);
	});
});

describe('DIGEST_SCHEDULE', () => {
	it('sends a week once, across restarts and processes, and again the next week', async () => {
		const schedule = parseSchedule('mon 07:00')!;
		// Monday 30 November 2020, 07:00:30 in the server's time zone
		const monday = new Date(2020, 10, 30, 7, 0, 30);
		const config = env();
		expect(
			await sendDueDigest(samples.db, schedule, config, new Date(2020, 10, 30, 6, 59))
		).toBeNull();
		expect(await sendDueDigest(samples.db, schedule, config, monday)).toBe('2020-W49');
		expect(received).toHaveLength(3);
		// a minute later, and after a restart (another connection to the same database file)
		expect(
			await sendDueDigest(samples.db, schedule, config, new Date(2020, 10, 30, 7, 1))
		).toBeNull();
		const again = await samples.afresh((db) =>
			sendDueDigest(db, schedule, config, new Date(2020, 10, 30, 9, 0))
		);
		expect(again).toBeNull();
		expect(received).toHaveLength(3);
		// the next Monday
		expect(await sendDueDigest(samples.db, schedule, config, new Date(2020, 11, 7, 7, 5))).toBe(
			'2020-W50'
		);
		expect(received).toHaveLength(6);
		expect(
			samples.db.$client.prepare('SELECT week, sent, failed FROM digest_weeks ORDER BY week').all()
		).toEqual([
			{ week: '2020-W49', sent: 3, failed: 0 },
			{ week: '2020-W50', sent: 3, failed: 0 }
		]);
		expect(listAudit(samples.db, { action: 'digest.send' }).entries[0].actor).toBe('system');
		// a week claimed by another process is not sent here
		expect(claimWeek(samples.db, dueWeek(schedule, new Date(2020, 11, 14, 8))!)).toBe(true);
		expect(await sendDueDigest(samples.db, schedule, config, new Date(2020, 11, 14, 8))).toBeNull();
		expect(received).toHaveLength(6);
	});
});
