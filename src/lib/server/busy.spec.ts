import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BUSY_MESSAGE, handleBusy, handleBusyError, isDatabaseBusy } from './busy';

/** The real SqliteError of a write while another connection holds the lock. */
function busyError(): unknown {
	const dir = mkdtempSync(join(tmpdir(), 'busy-'));
	const holder = new Database(join(dir, 'db'));
	holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE');
	const writer = new Database(join(dir, 'db'), { timeout: 10 });
	try {
		writer.exec('INSERT INTO t VALUES (1)');
		return null;
	} catch (error) {
		return error;
	} finally {
		writer.close();
		holder.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

function event(headers: Record<string, string> = {}) {
	return {
		locals: {},
		request: new Request('http://x/admin/settings?/tariff', { method: 'POST', headers }),
		url: new URL('http://x/admin/settings?/tariff')
	} as unknown as RequestEvent;
}

type Resolve = (event: RequestEvent, opts?: ResolveOptions) => Promise<Response>;

describe('a busy database', () => {
	it('is recognized from better-sqlite3, also as the cause of another error', () => {
		const error = busyError();
		expect((error as { code: string }).code).toBe('SQLITE_BUSY');
		expect(isDatabaseBusy(error)).toBe(true);
		expect(isDatabaseBusy(new Error('wrapped', { cause: error }))).toBe(true);
		expect(isDatabaseBusy(new Error('database is locked'))).toBe(false);
		expect(isDatabaseBusy(null)).toBe(false);
	});

	it('met in a load or an action: the 500 page goes out as 503 with Retry-After', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const e = event();
		const resolve: Resolve = async (ev) => {
			const body = handleBusyError({ error: busyError(), event: ev, status: 500, message: 'x' });
			expect(body).toEqual({ message: BUSY_MESSAGE, status: 503 });
			return new Response('<p>page</p>', { status: 500, headers: { 'x-kept': 'yes' } });
		};
		const response = await handleBusy({ event: e, resolve });
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('30');
		expect(response.headers.get('x-kept')).toBe('yes');
		expect(await response.text()).toBe('<p>page</p>');
	});

	it('thrown from a handle (the session): 503 and the sentence, as JSON for enhanced forms', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const resolve: Resolve = () => Promise.reject(busyError());
		const page = await handleBusy({ event: event({ accept: 'text/html' }), resolve });
		expect(page.status).toBe(503);
		expect(await page.text()).toBe(BUSY_MESSAGE);
		const enhanced = await handleBusy({ event: event({ 'x-sveltekit-action': 'true' }), resolve });
		expect(enhanced.status).toBe(503);
		expect(await enhanced.json()).toEqual({ type: 'error', error: { message: BUSY_MESSAGE } });
	});

	it('other errors and answers are left alone', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const e = event();
		expect(
			handleBusyError({
				error: new Error('boom'),
				event: e,
				status: 500,
				message: 'Internal Error'
			})
		).toEqual({ message: 'Internal Error' });
		const plain = await handleBusy({
			event: e,
			resolve: async () => new Response('oops', { status: 500 })
		});
		expect(plain.status).toBe(500);
		await expect(
			handleBusy({ event: event(), resolve: () => Promise.reject(new Error('boom')) })
		).rejects.toThrow('boom');
	});
});
