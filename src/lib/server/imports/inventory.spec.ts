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
			lastSeen: '2020-11-30'
		});
		expect(parser()(['PC2', '', '', ''], 3)).toEqual({
			computerName: 'PC2',
			department: null,
			os: null,
			lastSeen: null
		});
	});

	it('holds an ambiguous Last Seen, and reads it in a chosen order', () => {
		expect(parser()(['PC1', 'ANSC', 'Windows 10', '03/04/2020'], 2)).toBe(PENDING);
		expect(parser('dmy')(['PC1', 'ANSC', 'Windows 10', '03/04/2020'], 2)).toMatchObject({
			lastSeen: '2020-04-03'
		});
	});

	it('refuses one computer twice, by short hostname', () => {
		const parse = parser();
		parse(['ANSC-PC0042', 'ANSC', '', ''], 2);
		expect(parse(['ansc-pc0042.cals.cornell.edu', 'ANSC', '', ''], 5)).toEqual([
			{
				line: 5,
				column: 'Computer Name',
				value: 'ansc-pc0042.cals.cornell.edu',
				message:
					'inventory.csv, line 5, column "Computer Name": computer ansc-pc0042 is listed twice (lines 2 and 5). Keep one row per computer, then upload the file again.'
			}
		]);
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
