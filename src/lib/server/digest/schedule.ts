import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { digestWeeks } from '../db/schema';
import { composeDigests, sendDigests, type MailEnv } from './mail';

// DIGEST_SCHEDULE: the running server sends the weekly digest itself, at a day and time of the
// server's time zone (TZ), such as "mon 07:00". Off unless set. Each week is claimed in the
// database (digest_weeks) before a mail goes out, so the digest goes at most once a week, however
// often the server restarts and however many processes run. A server that was down at the time
// sends on starting within the next 24 hours; later than that, the week is skipped.

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const CATCH_UP_MS = 24 * 60 * 60 * 1000;
const TICK_MS = 60 * 1000;

export interface Schedule {
	/** 0 Monday … 6 Sunday */
	day: number;
	hour: number;
	minute: number;
}

/** DIGEST_SCHEDULE read: null when unset or "off"; throws a sentence for anything else unreadable. */
export function parseSchedule(text: string | undefined): Schedule | null {
	const value = text?.trim().toLowerCase() ?? '';
	if (value === '' || value === 'off') return null;
	const match = /^([a-z]+)\s+(\d{1,2}):(\d{2})$/.exec(value);
	const day = match ? DAYS.indexOf(match[1]) : -1;
	const named = match ? DAY_NAMES.indexOf(match[1]) : -1;
	const hour = match ? Number(match[2]) : NaN;
	const minute = match ? Number(match[3]) : NaN;
	if (!match || (day < 0 && named < 0) || hour > 23 || minute > 59) {
		throw new Error(
			`DIGEST_SCHEDULE is "${text?.trim()}": write a day and a 24-hour time, such as "mon 07:00", or "off".`
		);
	}
	return { day: day >= 0 ? day : named, hour, minute };
}

/** The ISO week (2020-W49) of a day given as local year, month (0-11) and date. */
function isoWeek(year: number, month: number, date: number): string {
	// counted on UTC dates, so that a summer-time change in the week moves no day
	const day = Date.UTC(year, month, date);
	const weekday = (new Date(day).getUTCDay() + 6) % 7;
	const thursday = new Date(day + (3 - weekday) * 86_400_000);
	const firstOfYear = Date.UTC(thursday.getUTCFullYear(), 0, 1);
	const week = 1 + Math.floor((thursday.getTime() - firstOfYear) / (7 * 86_400_000));
	return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The week whose digest is due at `now`: that of this week's scheduled moment once it has come,
 * for the 24 hours after it (a server down at the time catches up); null otherwise.
 */
export function dueWeek(schedule: Schedule, now: Date): string | null {
	const weekday = (now.getDay() + 6) % 7;
	// this week's moment, or last week's while this week's is still to come (a Sunday evening's
	// digest caught up on Monday morning)
	const momentOf = (weeksBack: number) =>
		new Date(
			now.getFullYear(),
			now.getMonth(),
			now.getDate() - weekday + schedule.day - 7 * weeksBack,
			schedule.hour,
			schedule.minute
		);
	let moment = momentOf(0);
	if (moment > now) moment = momentOf(1);
	if (now.getTime() - moment.getTime() > CATCH_UP_MS) return null;
	return isoWeek(moment.getFullYear(), moment.getMonth(), moment.getDate());
}

/** Takes the week for this process: false when it was taken already (sent, or being sent). */
export function claimWeek(db: Db, week: string, now: Date = new Date()): boolean {
	return (
		db
			.insert(digestWeeks)
			.values({ week, startedAt: now.toISOString() })
			.onConflictDoNothing()
			.run().changes === 1
	);
}

/**
 * One look at the clock: when a week's digest is due and no process has taken it, takes it and
 * sends every mail. Returns the week sent, or null.
 */
export async function sendDueDigest(
	db: Db,
	schedule: Schedule,
	env: MailEnv & { SMTP_URL: string },
	now: Date = new Date()
): Promise<string | null> {
	const week = dueWeek(schedule, now);
	if (week === null || !claimWeek(db, week, now)) return null;
	const run = await composeDigests(db, { env });
	const { sent, failed } = await sendDigests(db, run, env.SMTP_URL, 'system');
	db.update(digestWeeks)
		.set({
			asOf: run.asOf,
			sent: sent.length,
			failed: failed.length,
			finishedAt: new Date().toISOString()
		})
		.where(eq(digestWeeks.week, week))
		.run();
	for (const f of failed)
		console.error(`Weekly digest: could not send to ${f.email}: ${f.message}`);
	console.log(`Weekly digest of ${week}: sent ${sent.length} mails as of ${run.asOf}.`);
	return week;
}

/**
 * Starts the weekly digest when DIGEST_SCHEDULE asks for it (a look every minute); returns what
 * stops it. A schedule without SMTP_URL, or one that does not read, is said once and stays off.
 */
export function startDigestSchedule(db: Db, env: MailEnv = process.env): () => void {
	let schedule: Schedule | null;
	try {
		schedule = parseSchedule(env.DIGEST_SCHEDULE);
	} catch (error) {
		console.error(`${(error as Error).message} The weekly digest stays off.`);
		return () => undefined;
	}
	if (schedule === null) return () => undefined;
	const smtpUrl = env.SMTP_URL?.trim();
	if (!smtpUrl) {
		console.error('DIGEST_SCHEDULE is set but SMTP_URL is not: the weekly digest stays off.');
		return () => undefined;
	}
	const due = schedule;
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await sendDueDigest(db, due, { ...env, SMTP_URL: smtpUrl });
		} catch (error) {
			console.error('Weekly digest: the run failed.', error);
		} finally {
			running = false;
		}
	};
	void tick();
	const timer = setInterval(tick, TICK_MS);
	// the digest never keeps a process alive that has nothing else to do
	timer.unref();
	return () => clearInterval(timer);
}
