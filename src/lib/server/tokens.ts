import { asc, eq } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_ROLES, type TokenRole } from '../roles';
import { audit } from './audit';
import type { Db } from './db';
import { apiTokens } from './db/auth-schema';
import { UserError } from './users';

// API tokens: what a script sends instead of a session (`Authorization: Bearer TOKEN`, the
// routes under /api/v1). An administrator creates one with a name and a role on /admin/tokens or
// with `npm run tokens`, and sees the token once. Only its SHA-256 is kept: 32 random bytes
// (256 bits) need no salt or slow hash, as a password does, since nobody can guess them. The
// table is our own rather than better-auth's API-key plugin: see docs/api.md, "Tokens".
// Creating, using and revoking a token go to the audit log.

export { TOKEN_ROLES, type TokenRole };

/** Every token starts so: a secret scanner or a person reading a log can tell what it is. */
export const TOKEN_PREFIX = 'brd_';

/** Who a request's token speaks for: the hook puts it on `locals.token`. */
export interface TokenHolder {
	name: string;
	role: TokenRole;
}

export interface TokenSummary extends TokenHolder {
	createdBy: string;
	createdAt: string;
	lastUsedAt: string | null;
}

export const isTokenRole = (value: unknown): value is TokenRole =>
	typeof value === 'string' && (TOKEN_ROLES as readonly string[]).includes(value);

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A token's name: what it is for, 1 to 64 characters of letters, digits, spaces and . _ - */
export function tokenName(text: string): string {
	const name = text.trim().replace(/\s+/g, ' ');
	if (!/^[\p{L}\p{N} ._-]{1,64}$/u.test(name)) {
		throw new UserError(
			`"${text.trim()}" is not a token name: use 1 to 64 letters, digits, spaces, dots, dashes or underscores, such as "billing cron".`
		);
	}
	return name;
}

/** Creates a token; the answer holds the token itself, which is never shown again. */
export function createToken(
	db: Db,
	input: { name: string; role: string },
	actor: string,
	now: Date = new Date()
): TokenHolder & { token: string } {
	const name = tokenName(input.name);
	if (!isTokenRole(input.role)) {
		throw new UserError(`A token's role is ${TOKEN_ROLES.join(' or ')}, not "${input.role}".`);
	}
	const role = input.role;
	const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
	db.transaction((tx) => {
		const taken = tx
			.select({ name: apiTokens.name })
			.from(apiTokens)
			.all()
			.some((t) => t.name.toLowerCase() === name.toLowerCase());
		if (taken) {
			throw new UserError(
				`A token named "${name}" exists already: revoke it first, or choose another name.`,
				409
			);
		}
		tx.insert(apiTokens)
			.values({
				name,
				role,
				tokenHash: hashOf(token),
				createdBy: actor,
				createdAt: now.toISOString()
			})
			.run();
		audit(tx, actor, 'token.create', name, { role }, now);
	});
	return { name, role, token };
}

export function listTokens(db: Db): TokenSummary[] {
	return db
		.select({
			name: apiTokens.name,
			role: apiTokens.role,
			createdBy: apiTokens.createdBy,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt
		})
		.from(apiTokens)
		.orderBy(asc(apiTokens.name))
		.all();
}

/** Revokes (deletes) the token of that name: a script that still sends it gets 401. */
export function revokeToken(db: Db, name: string, actor: string): TokenSummary {
	const wanted = name.trim().toLowerCase();
	const found = listTokens(db).find((t) => t.name.toLowerCase() === wanted);
	if (!found) throw new UserError(`There is no token named "${name.trim()}".`, 404);
	db.transaction((tx) => {
		tx.delete(apiTokens).where(eq(apiTokens.name, found.name)).run();
		audit(tx, actor, 'token.revoke', found.name, { role: found.role });
	});
	return found;
}

/** The token of an `Authorization: Bearer TOKEN` header; null without one. */
export function bearerToken(header: string | null): string | null {
	const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
	return match ? match[1] : null;
}

/**
 * Who a presented token speaks for, or null for a token that is not (or no longer) one. A use is
 * noted: the token's last use, and an audit entry with what it was used for.
 */
export function useToken(
	db: Db,
	token: string,
	use: { method: string; path: string; ip: string },
	now: Date = new Date()
): TokenHolder | null {
	if (!token.startsWith(TOKEN_PREFIX)) return null;
	const hash = hashOf(token);
	return db.transaction((tx) => {
		const found = tx
			.update(apiTokens)
			.set({ lastUsedAt: now.toISOString() })
			.where(eq(apiTokens.tokenHash, hash))
			.returning({ name: apiTokens.name, role: apiTokens.role })
			.get();
		if (!found) return null;
		audit(tx, `token:${found.name}`, 'token.use', found.name, use, now);
		return found;
	});
}
