import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { audit } from '../audit';
import type { Db } from '../db';
import { defaultAsOf } from '../figures/at';
import { leadershipDigest, managerDigest, type Digest } from './content';
import { renderDigest } from './render';
import { digestRecipients, type DigestRecipient } from './subscription';

// The weekly digest's mails: one per person (manager or leadership), each a whole MIME message
// in plain text and HTML, composed once by nodemailer. The same bytes are written to a .eml file
// (`npm run digest -- --out DIR`) or sent through SMTP_URL (`--send`, DIGEST_SCHEDULE).

export interface DigestMail {
	to: DigestRecipient;
	digest: Digest;
	subject: string;
	/** the whole message (RFC 5322), as a .eml file holds it */
	message: Buffer;
}

export interface DigestRun {
	asOf: string;
	/** the From of every mail (DIGEST_FROM) */
	from: string;
	mails: DigestMail[];
	/** people who get no mail this time, and why */
	skipped: { email: string; reason: string }[];
}

export interface MailEnv {
	ORIGIN?: string;
	PORT?: string;
	DIGEST_FROM?: string;
	SMTP_URL?: string;
	[key: string]: string | undefined;
}

/** The dashboard's public address, which the mails link to: ORIGIN, as the server has it. */
export function digestOrigin(env: MailEnv): string {
	const origin = env.ORIGIN?.trim().replace(/\/+$/, '');
	return origin || `http://localhost:${env.PORT?.trim() || '3000'}`;
}

/** Who the mails come from: DIGEST_FROM, else the dashboard at ORIGIN's host. */
export function digestSender(env: MailEnv): string {
	const from = env.DIGEST_FROM?.trim();
	if (from) return from;
	return `"Backup rollout dashboard" <dashboard@${new URL(digestOrigin(env)).hostname}>`;
}

/** Every digest of a day (the latest report's by default), one mail per person who gets one. */
export async function composeDigests(
	db: Db,
	options: { asOf?: string; env?: MailEnv } = {}
): Promise<DigestRun> {
	const env = options.env ?? process.env;
	const asOf = options.asOf ?? defaultAsOf(db);
	const origin = digestOrigin(env);
	const from = digestSender(env);
	const { recipients, optedOut } = digestRecipients(db);
	const skipped = optedOut.map((email) => ({ email, reason: 'said no to the digest' }));
	const mails: DigestMail[] = [];
	let college: Digest | undefined;
	for (const to of recipients) {
		const digest =
			to.kind === 'leadership'
				? (college ??= await leadershipDigest(db, asOf))
				: await managerDigest(db, asOf, to.departments);
		if (digest === null) {
			skipped.push({
				email: to.email,
				reason: `none of their departments (${to.departments.join(', ') || 'none'}) is in the data`
			});
			continue;
		}
		const { subject, text, html } = renderDigest(digest, to, origin);
		mails.push({ to, digest, subject, message: await compose({ from, to, subject, text, html }) });
	}
	return { asOf, from, mails, skipped };
}

async function compose(mail: {
	from: string;
	to: DigestRecipient;
	subject: string;
	text: string;
	html: string;
}): Promise<Buffer> {
	const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
	const info = await composer.sendMail({
		from: mail.from,
		to: { name: mail.to.name, address: mail.to.email },
		subject: mail.subject,
		text: mail.text,
		html: mail.html
	});
	return info.message as Buffer;
}

/** A file name for a recipient's mail: their address, as `m@x.edu.eml`. */
export const emlName = (email: string): string => `${email.replace(/[\\/:*?"<>|]/g, '_')}.eml`;

/** Writes each mail to DIR/<email>.eml; returns the paths. */
export function writeDigests(run: DigestRun, dir: string): string[] {
	mkdirSync(dir, { recursive: true });
	return run.mails.map((mail) => {
		const path = join(dir, emlName(mail.to.email));
		writeFileSync(path, mail.message);
		return path;
	});
}

/**
 * Sends each mail through SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS from the start).
 * A mail that fails does not stop the others; the run is audited with what went out.
 */
export async function sendDigests(
	db: Db,
	run: DigestRun,
	smtpUrl: string,
	actor: string
): Promise<{ sent: string[]; failed: { email: string; message: string }[] }> {
	const transport = createTransport(smtpUrl);
	const sent: string[] = [];
	const failed: { email: string; message: string }[] = [];
	try {
		for (const mail of run.mails) {
			try {
				// with a raw message, `from` and `to` are the envelope only: the bytes go as written
				await transport.sendMail({ from: run.from, to: mail.to.email, raw: mail.message });
				sent.push(mail.to.email);
			} catch (error) {
				failed.push({ email: mail.to.email, message: (error as Error).message });
			}
		}
	} finally {
		transport.close();
	}
	audit(db, actor, 'digest.send', run.asOf, {
		sent: sent.length,
		failed: failed.map((f) => f.email)
	});
	return { sent, failed };
}
