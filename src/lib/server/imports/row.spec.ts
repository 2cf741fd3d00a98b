import { describe, expect, it } from 'vitest';
import { createRowContext, DateOrders, PENDING, RowReader, shownValue, where } from './row';

const date = (first: number, second: number) => ({ first, second, year: 2020, timeMs: 0 });

describe('DateOrders', () => {
	it('leaves a column unsettled until a date proves its order', () => {
		const orders = new DateOrders();
		expect(orders.observe('Last Seen', date(3, 4), 2, '03/04/2020')).toEqual({
			ok: true,
			value: null
		});
		expect(orders.settledCount).toBe(0);
		expect(orders.ambiguous()).toEqual([{ column: 'Last Seen', line: 2, value: '03/04/2020' }]);
		expect(orders.observe('Last Seen', date(25, 4), 3, '25/04/2020')).toEqual({
			ok: true,
			value: 'dmy'
		});
		expect(orders.settledCount).toBe(1);
		expect(orders.observe('Last Seen', date(3, 4), 4, '03/04/2020')).toEqual({
			ok: true,
			value: 'dmy'
		});
		expect(orders.ambiguous()).toEqual([]);
	});

	it('settles each column on its own', () => {
		const orders = new DateOrders();
		orders.observe('A', date(3, 25), 2, '03/25/2020');
		orders.observe('B', date(25, 3), 2, '25/03/2020');
		expect(orders.observe('A', date(1, 2), 3, '01/02/2020')).toEqual({ ok: true, value: 'mdy' });
		expect(orders.observe('B', date(1, 2), 3, '01/02/2020')).toEqual({ ok: true, value: 'dmy' });
	});

	it('refuses a column that mixes the two orders', () => {
		const orders = new DateOrders();
		orders.observe('Last Seen', date(25, 3), 3, '25/03/2020');
		expect(orders.observe('Last Seen', date(3, 25), 4, '03/25/2020')).toEqual({
			ok: false,
			problem:
				'can only be read month first, but line 3 ("25/03/2020") can only be read day first, so this column mixes two date orders'
		});
	});

	it('uses the order the user chose', () => {
		const orders = new DateOrders('mdy');
		expect(orders.observe('Last Seen', date(3, 4), 2, '03/04/2020')).toEqual({
			ok: true,
			value: 'mdy'
		});
		expect(orders.observe('Last Seen', date(25, 4), 3, '25/04/2020')).toEqual({
			ok: true,
			value: 'mdy'
		});
		expect(orders.ambiguous()).toEqual([]);
	});
});

describe('RowReader', () => {
	const header = ['Name', 'Size', 'When', 'Day'];
	const index = new Map([
		['name', 0],
		['size', 1],
		['when', 2],
		['day', 3]
	]);
	const read = (cells: string[], dateOrder?: 'mdy' | 'dmy') =>
		new RowReader(createRowContext('f.csv', header, index, { dateOrder }), cells, 7);

	it('reads typed values by column key', () => {
		const r = read([' PC1 ', '9.4G', '2020-10-12T16:55:40Z', '2020-11-30']);
		expect(r.text('name', true)).toBe('PC1');
		expect(r.size('size')).toBe(9_400_000_000);
		expect(r.instant('when')).toBe('2020-10-12T16:55:40.000Z');
		expect(r.day('day')).toBe('2020-11-30');
		expect(r.text('absent')).toBeNull();
		expect(r.result({ fine: true })).toEqual({ fine: true });
	});

	it('collects every problem of the row, each a sentence with file, line and column', () => {
		const r = read(['', '-1G', '2020-02-30', '']);
		r.text('name', true);
		r.size('size');
		r.instant('when');
		expect(r.result({})).toEqual([
			{
				line: 7,
				column: 'Name',
				value: '',
				message:
					'f.csv, line 7, column "Name": the cell is empty, but every row needs a Name. Fill it in, then upload the file again.'
			},
			{
				line: 7,
				column: 'Size',
				value: '-1G',
				message:
					'f.csv, line 7, column "Size": "-1G" is negative, and a size cannot be below zero. Write sizes in bytes (9400000000) or with a decimal unit (9.4G), then upload the file again.'
			},
			{
				line: 7,
				column: 'When',
				value: '2020-02-30',
				message:
					'f.csv, line 7, column "When": "2020-02-30" is not a real date: February 2020 has no day 30. Write dates as 2020-10-12T16:55:40Z or Oct 12, 2020 8:17:52 PM (or leave the cell empty), then upload the file again.'
			}
		]);
	});

	it('holds a row whose numeric date is not settled yet', () => {
		const r = read(['PC1', '1', '03/04/2020', '']);
		expect(r.instant('when')).toBeNull();
		expect(r.pending).toBe(true);
		expect(r.result({})).toBe(PENDING);
	});

	it('reads a numeric date in the chosen order', () => {
		expect(read(['PC1', '1', '03/04/2020 2:30 PM', ''], 'dmy').instant('when')).toBe(
			'2020-04-03T14:30:00.000Z'
		);
	});

	it('puts problems before a pending date', () => {
		const r = read(['', '1', '03/04/2020', '']);
		r.text('name', true);
		r.instant('when');
		expect(Array.isArray(r.result({}))).toBe(true);
	});
});

describe('messages', () => {
	it('places a problem', () => {
		expect(where('f.csv', null)).toBe('f.csv');
		expect(where('f.csv', 3)).toBe('f.csv, line 3');
		expect(where('f.csv', 3, 'Total')).toBe('f.csv, line 3, column "Total"');
	});

	it('keeps echoed values short', () => {
		expect(shownValue('  x ')).toBe('x');
		expect(shownValue('y'.repeat(300))).toBe('y'.repeat(200) + '…');
	});
});
