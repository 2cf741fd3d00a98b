import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES, TOKEN_ROLES, type Role } from '../../roles';

// The tables better-auth reads and writes through its drizzle adapter (user, session, account,
// verification, rate_limit), then the dashboard's own: roles, department scopes, SSO mappings and
// the audit log. better-auth hands the adapter Date objects, so its instants are integer
// milliseconds (drizzle's timestamp_ms), unlike the ISO text of the dashboard's own tables.

const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const user = sqliteTable('user', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	email: text('email').notNull().unique(),
	emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
	image: text('image'),
	/** the group claim of the last single sign-on, as a JSON array: shown to administrators */
	ssoGroups: text('sso_groups'),
	createdAt: instant('created_at').notNull(),
	updatedAt: instant('updated_at').notNull()
});

export const session = sqliteTable(
	'session',
	{
		id: text('id').primaryKey(),
		expiresAt: instant('expires_at').notNull(),
		token: text('token').notNull().unique(),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [index('session_user_id').on(t.userId)]
);

export const account = sqliteTable(
	'account',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		/** 'credential' for a password, else the SSO provider id */
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: instant('access_token_expires_at'),
		refreshTokenExpiresAt: instant('refresh_token_expires_at'),
		scope: text('scope'),
		password: text('password'),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(t) => [index('account_user_id').on(t.userId)]
);

export const verification = sqliteTable(
	'verification',
	{
		id: text('id').primaryKey(),
		identifier: text('identifier').notNull(),
		value: text('value').notNull(),
		expiresAt: instant('expires_at').notNull(),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(t) => [index('verification_identifier').on(t.identifier)]
);

/** better-auth's rate limiter for its own endpoints (SSO start and callback), kept across restarts */
export const rateLimit = sqliteTable('rate_limit', {
	id: text('id').primaryKey(),
	key: text('key').notNull().unique(),
	count: integer('count').notNull(),
	lastRequest: integer('last_request').notNull()
});

// the roles live beside their names in the pages (the browser needs them too)
export { ROLES, TOKEN_ROLES, type Role };

/** At most one role per user; a user without a row signs in but has no access yet. */
export const userRoles = sqliteTable('user_roles', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	role: text('role', { enum: ROLES }).notNull(),
	/** 'sso' when the SSO mappings set it (they may change it at the next sign-on), 'local' by hand */
	source: text('source', { enum: ['local', 'sso'] })
		.notNull()
		.default('local'),
	updatedBy: text('updated_by').notNull(),
	updatedAt: text('updated_at').notNull()
});

/** The departments a manager reads; ignored for the other roles, which read everything. */
export const userDepartments = sqliteTable(
	'user_departments',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		department: text('department').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.department] })]
);

/** How a single sign-on user gets a role: by their email, or by a value of the group claim. */
export const ssoMappings = sqliteTable(
	'sso_mappings',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		match: text('match', { enum: ['email', 'group'] }).notNull(),
		/** compared without regard to case or surrounding spaces */
		value: text('value').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		/** for managers: the department codes, as a JSON array */
		departments: text('departments', { mode: 'json' }).$type<string[]>().notNull(),
		createdBy: text('created_by').notNull(),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('sso_mappings_match').on(t.match, t.value)]
);

export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** ISO-8601 UTC */
		at: text('at').notNull(),
		/** the email of who did it, or 'cli:<os user>', or 'system' */
		actor: text('actor').notNull(),
		action: text('action').notNull(),
		/** what it was done to: an email, a file, a setting key */
		subject: text('subject').notNull(),
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>()
	},
	(t) => [index('audit_log_at').on(t.at), index('audit_log_action_at').on(t.action, t.at)]
);

/**
 * The tokens scripts send instead of a session (`Authorization: Bearer`, the API under /api/v1).
 * Only a SHA-256 of each is kept: the token is shown once, when it is created (tokens.ts).
 */
export const apiTokens = sqliteTable('api_tokens', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** what the administrator calls it, such as "billing cron": unique, and how it is revoked */
	name: text('name').notNull().unique(),
	role: text('role', { enum: TOKEN_ROLES }).notNull(),
	/** SHA-256 of the token, hex */
	tokenHash: text('token_hash').notNull().unique(),
	createdBy: text('created_by').notNull(),
	/** ISO-8601 UTC */
	createdAt: text('created_at').notNull(),
	lastUsedAt: text('last_used_at')
});

/** The people who asked not to get the weekly digest (their account page, /account). */
export const digestOptOuts = sqliteTable('digest_opt_outs', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	/** ISO-8601 UTC */
	at: text('at').notNull()
});
