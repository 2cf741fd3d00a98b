import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import { openDatabase, type Db } from './db';
import {
	bearerToken,
	createToken,
	listTokens,
	revokeToken,
	TOKEN_PREFIX,
	tokenName,
	useToken
} from './tokens';
import { UserError } from './users';

let db: Db;
beforeEach(() => {
	db = openDatabase(':memory:');
});

const USE = { method: 'GET', path: '/api/v1/report', ip: '192.0.2.7' };

describe('API tokens', () => {
	it('are random, shown once and kept only as their SHA-256', () => {
		const a = createToken(db, { name: 'billing cron', role: 'uploader' }, 'erin@college.edu');
		const b = createToken(db, { name: 'board', role: 'leadership' }, 'erin@college.edu');
		expect(a).toMatchObject({ name: 'billing cron', role: 'uploader' });
		expect(a.token).toMatch(/^brd_[A-Za-z0-9_-]{43}$/);
		expect(b.token).not.toBe(a.token);
		const rows = db.$client.prepare('SELECT * FROM api_tokens ORDER BY name').all() as Record<
			string,
			unknown
		>[];
		expect(rows.map((r) => r.token_hash)).toEqual([
			createHash('sha256').update(a.token).digest('hex'),
			createHash('sha256').update(b.token).digest('hex')
		]);
		// nowhere in the database is the token itself
		const everything = JSON.stringify(db.$client.prepare('SELECT * FROM audit_log').all());
		expect(JSON.stringify(rows) + everything).not.toContain(a.token.slice(TOKEN_PREFIX.length));
	});

	it('say who they speak for and when they were last used, and audit each use', () => {
		const { token } = createToken(db, { name: 'board', role: 'leadership' }, 'erin@college.edu');
		expect(listTokens(db)).toEqual([
			{
				name: 'board',
				role: 'leadership',
				createdBy: 'erin@college.edu',
				createdAt: expect.any(String),
				lastUsedAt: null
			}
		]);
		const at = new Date('2020-12-07T07:00:00Z');
		expect(useToken(db, token, USE, at)).toEqual({ name: 'board', role: 'leadership' });
		expect(listTokens(db)[0].lastUsedAt).toBe('2020-12-07T07:00:00.000Z');
		expect(listAudit(db, { action: 'token.use' }).entries).toEqual([
			expect.objectContaining({
				at: '2020-12-07T07:00:00.000Z',
				actor: 'token:board',
				subject: 'board',
				details: USE
			})
		]);
		expect(listAudit(db, { action: 'token.create' }).entries[0]).toMatchObject({
			actor: 'erin@college.edu',
			subject: 'board',
			details: { role: 'leadership' }
		});
	});

	it('do not let a wrong, altered or revoked token through', () => {
		const { token } = createToken(db, { name: 'board', role: 'leadership' }, 'erin@college.edu');
		expect(useToken(db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), USE)).toBeNull();
		expect(useToken(db, token.slice(TOKEN_PREFIX.length), USE)).toBeNull();
		expect(useToken(db, '', USE)).toBeNull();
		expect(revokeToken(db, 'BOARD', 'erin@college.edu').name).toBe('board');
		expect(useToken(db, token, USE)).toBeNull();
		expect(listTokens(db)).toEqual([]);
		expect(listAudit(db, { action: 'token.' }).entries.map((e) => e.action)).toEqual([
			'token.revoke',
			'token.create'
		]);
	});

	it('refuse a name taken (in any case), a bad name, a role a token cannot have, an unknown token', () => {
		createToken(db, { name: 'billing cron', role: 'uploader' }, 'erin@college.edu');
		const refusal = (run: () => unknown) => {
			try {
				run();
			} catch (e) {
				if (e instanceof UserError) return [e.status, e.message];
				throw e;
			}
			throw new Error('expected a refusal');
		};
		expect(
			refusal(() => createToken(db, { name: 'Billing  Cron', role: 'uploader' }, 'x'))
		).toEqual([
			409,
			'A token named "Billing Cron" exists already: revoke it first, or choose another name.'
		]);
		expect(refusal(() => createToken(db, { name: 'a;b', role: 'uploader' }, 'x'))[0]).toBe(400);
		expect(refusal(() => createToken(db, { name: 'x', role: 'admin' }, 'x'))).toEqual([
			400,
			'A token\'s role is uploader or leadership, not "admin".'
		]);
		expect(refusal(() => revokeToken(db, 'nothing', 'x'))).toEqual([
			404,
			'There is no token named "nothing".'
		]);
		expect(tokenName('  nightly   upload ')).toBe('nightly upload');
		expect(listTokens(db)).toHaveLength(1);
	});
});

describe('bearerToken', () => {
	it('reads the token of an Authorization: Bearer header, and nothing else', () => {
		expect(bearerToken('Bearer brd_abc')).toBe('brd_abc');
		expect(bearerToken('bearer   brd_abc ')).toBe('brd_abc');
		expect(bearerToken('Basic YTpi')).toBeNull();
		expect(bearerToken('Bearer')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken(null)).toBeNull();
	});
});
