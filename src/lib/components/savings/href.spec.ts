import { describe, expect, it } from 'vitest';
import { withQuery } from './href';

describe('withQuery', () => {
	it('keeps the parameters given, in order, encoded, and leaves out the empty ones', () => {
		expect(withQuery('/savings', { asOf: null, department: 'ANSC', nodes: 'all' })).toBe(
			'/savings?department=ANSC&nodes=all'
		);
		expect(withQuery('/savings', { department: 'A&B' })).toBe('/savings?department=A%26B');
		expect(withQuery('/savings', { asOf: '', department: undefined })).toBe('/savings');
	});
});
