import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { numberOf, rowOf, textOf } from './checked';

// What a raw statement answers, read through the checks: the value itself when it is what the
// caller expects, else an error that says what was expected and what came.

describe('checked reads of raw statements', () => {
	const client = new Database(':memory:');
	afterAll(() => client.close());
	const one = (query: string) => client.prepare(query).pluck().get();

	it('passes on what the statement answers when it is of the expected type', () => {
		expect(numberOf(one('SELECT 41 + 1'), 'the answer')).toBe(42);
		expect(textOf(one(`SELECT 'a' || 'b'`), 'the name')).toBe('ab');
		expect(rowOf(client.prepare('SELECT 1, 2').raw().get(), 'the pair')).toEqual([1, 2]);
	});

	it('refuses anything else, naming what was expected', () => {
		expect(() => numberOf(one('SELECT 1 WHERE 0'), 'the line')).toThrow(
			'the line: expected a number, but the database answered undefined'
		);
		expect(() => numberOf(one(`SELECT '7'`), 'the count')).toThrow(
			'the count: expected a number, but the database answered string'
		);
		expect(() => textOf(one('SELECT NULL'), 'the name')).toThrow(
			'the name: expected text, but the database answered null'
		);
		expect(() => rowOf(one('SELECT 1'), 'the row')).toThrow(
			'the row: expected a row, but the database answered number'
		);
	});
});
