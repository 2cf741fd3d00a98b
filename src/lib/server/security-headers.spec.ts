import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { SECURITY_HEADERS, securityHeaders } from './security-headers';

const event = {} as RequestEvent;

describe('securityHeaders', () => {
	it('adds nosniff, the referrer policy and frame denial to every answer', async () => {
		const response = await securityHeaders({
			event,
			resolve: async () => new Response('x', { headers: { 'content-type': 'text/csv' } })
		});
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
			expect(response.headers.get(name)).toBe(value);
		}
	});

	it('keeps a header a route set itself, and passes immutable answers through', async () => {
		const own = await securityHeaders({
			event,
			resolve: async () => new Response('x', { headers: { 'referrer-policy': 'no-referrer' } })
		});
		expect(own.headers.get('referrer-policy')).toBe('no-referrer');
		const immutable = Response.redirect('http://127.0.0.1/', 302);
		const passed = await securityHeaders({ event, resolve: async () => immutable });
		expect(passed.status).toBe(302);
	});
});
