import { eq } from 'drizzle-orm';
import { audit } from '../audit';
import type { Db } from '../db';
import { digestOptOuts, type Role } from '../db/auth-schema';
import { listUsers } from '../users';

// Who gets the weekly digest: each department manager (about their departments) and each member
// of leadership (about the college), unless they said no on their account page. Administrators
// and uploaders get none: they work in the dashboard itself.

export type DigestKind = 'manager' | 'leadership';

/** The digest a role gets, or null. */
export const digestKindOf = (role: Role | null): DigestKind | null =>
	role === 'manager' || role === 'leadership' ? role : null;

export interface DigestRecipient {
	id: string;
	email: string;
	name: string;
	kind: DigestKind;
	/** a manager's departments */
	departments: string[];
}

export function wantsDigest(db: Db, userId: string): boolean {
	return (
		db
			.select({ userId: digestOptOuts.userId })
			.from(digestOptOuts)
			.where(eq(digestOptOuts.userId, userId))
			.get() === undefined
	);
}

/** Says yes or no to the digest for a person, as they asked on their account page. */
export function setWantsDigest(db: Db, userId: string, wants: boolean, actor: string): void {
	db.transaction((tx) => {
		if (wants) tx.delete(digestOptOuts).where(eq(digestOptOuts.userId, userId)).run();
		else
			tx.insert(digestOptOuts)
				.values({ userId, at: new Date().toISOString() })
				.onConflictDoNothing()
				.run();
		audit(tx, actor, wants ? 'digest.subscribe' : 'digest.unsubscribe', actor, null);
	});
}

/** The people a digest goes to, and the emails of those who said no to it. */
export function digestRecipients(db: Db): { recipients: DigestRecipient[]; optedOut: string[] } {
	const declined = new Set(
		db
			.select({ userId: digestOptOuts.userId })
			.from(digestOptOuts)
			.all()
			.map((r) => r.userId)
	);
	const recipients: DigestRecipient[] = [];
	const optedOut: string[] = [];
	for (const user of listUsers(db)) {
		const kind = digestKindOf(user.role);
		if (kind === null) continue;
		if (declined.has(user.id)) {
			optedOut.push(user.email);
			continue;
		}
		const { id, email, name, departments } = user;
		recipients.push({ id, email, name, kind, departments });
	}
	return { recipients, optedOut };
}
