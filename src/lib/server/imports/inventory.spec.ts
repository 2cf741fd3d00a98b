import { describe, expect, it } from 'vitest';
import { mapHeader, type DateOrder } from '../../imports/formats';
import { format } from './inventory';
import { createRowContext, PENDING } from './row';

const HEADER = ['Computer Name', 'Department', 'OS', 'Last Seen'];

function parser(dateOrder?: DateOrder) {
	return format.createRowParser(
		createRowContext('inventory.csv', HEADER, mapHeader(HEADER, format.columns).index, {
			dateOrder
		})
	);
}

describe('inventory', () => {
	it('reads a managed computer, Last Seen as the day written', () => {
		expect(parser()(['ANSC-PC0042', 'ANSC', 'Windows 10', '2020-11-30 23:10:00'], 2)).toEqual({
			computerName: 'ANSC-PC0042',
			department: 'ANSC',
			os: 'Windows 10',
			lastSeen: '2020-11-30',
			source: null
		});
		expect(parser()(['PC2', '', '', ''], 3)).toEqual({
			computerName: 'PC2',
			department: null,
			os: null,
			lastSeen: null,
			source: null
		});
	});

	it('holds an ambiguous Last Seen, and reads it in a chosen order', () => {
		expect(parser()(['PC1', 'ANSC', 'Windows 10', '03/04/2020'], 2)).toBe(PENDING);
		expect(parser('dmy')(['PC1', 'ANSC', 'Windows 10', '03/04/2020'], 2)).toMatchObject({
			lastSeen: '2020-04-03'
		});
	});

	it('refuses an impossible Last Seen', () => {
		expect(parser()(['PC1', 'ANSC', '', '2020-11-31'], 4)).toEqual([
			{
				line: 4,
				column: 'Last Seen',
				value: '2020-11-31',
				message:
					'inventory.csv, line 4, column "Last Seen": "2020-11-31" is not a real date: November 2020 has no day 31. Write dates as 2020-11-30 (or leave the cell empty), then upload the file again.'
			}
		]);
	});
});
