import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../imports/formats';
import { format } from './ezbackup-billing';
import { createRowContext } from './row';

const FULL =
	'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total'.split(
		','
	);

function parser(header: string[], billingMonth?: string) {
	return format.createRowParser(
		createRowContext('billing.csv', header, mapHeader(header, format.columns).index, {
			billingMonth
		})
	);
}

describe('ezbackup-billing', () => {
	it('reads sizes in decimal units and money in exact cents', () => {
		const cells =
			'2020-01,IT-ABC1234,ANSC,ANSC-PC0042@ADSM4,9.4G,200.0M,9.6G,0.0M,5.50,0.00,5.50'.split(',');
		expect(parser(FULL)(cells, 2)).toEqual({
			month: '2020-01',
			account: 'IT-ABC1234',
			department: 'ANSC',
			nodename: 'ANSC-PC0042@ADSM4',
			backupBytes: 9_400_000_000,
			archiveBytes: 200_000_000,
			totalBytes: 9_600_000_000,
			extraBytes: 0,
			baseCents: 550,
			extraCents: 0,
			totalCents: 550
		});
	});

	it('leaves the cents null without $ columns, for the tariff', () => {
		const header = ['Billing Month', 'Account', 'Nodename', 'Total'];
		expect(parser(header)(['Jan 2020', 'IT-ABC1234', 'N1@ADSM4', '62.5G'], 2)).toEqual({
			month: '2020-01',
			account: 'IT-ABC1234',
			department: null,
			nodename: 'N1@ADSM4',
			backupBytes: null,
			archiveBytes: null,
			totalBytes: 62_500_000_000,
			extraBytes: null,
			baseCents: null,
			extraCents: null,
			totalCents: null
		});
	});

	it('adds $ Base and $ Extra when there is no $ Total', () => {
		const header = ['Billing Month', 'Account', 'Nodename', 'Total', '$ Base', '$ Extra'];
		expect(parser(header)(['01/2020', 'A', 'N', '62.5G', '$5.50', '0.25'], 2)).toMatchObject({
			baseCents: 550,
			extraCents: 25,
			totalCents: 575
		});
	});

	it('refuses a row whose $ Base + $ Extra is not its $ Total, with the three amounts', () => {
		const cells =
			'2020-01,IT-ABC1234,ANSC,ANSC-LAB@ADSM4,62.5G,0.0M,62.5G,12.5G,5.50,0.25,6.00'.split(',');
		expect(parser(FULL)(cells, 3)).toEqual([
			{
				line: 3,
				column: '$ Total',
				value: '6.00',
				message:
					'billing.csv, line 3, column "$ Total": $ Base 5.50 + $ Extra 0.25 makes 5.75, but $ Total is 6.00, so the row does not add up. Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
			}
		]);
	});

	it('takes a credit that adds up, and refuses one that does not', () => {
		const row = (money: string) =>
			`2020-04,IT-ABC1234,ANSC,ANSC-PC0017@ADSM4,0,0,0,0,${money}`.split(',');
		expect(parser(FULL)(row('-5.50,0.00,-5.50'), 2)).toMatchObject({
			baseCents: -550,
			extraCents: 0,
			totalCents: -550
		});
		expect(parser(FULL)(row('($5.50),($0.25),($5.75)'), 2)).toMatchObject({
			baseCents: -550,
			extraCents: -25,
			totalCents: -575
		});
		expect(parser(FULL)(row('-5.50,0.00,5.50'), 4)).toMatchObject([
			{
				line: 4,
				column: '$ Total',
				value: '5.50',
				message: expect.stringContaining(
					'$ Base -5.50 + $ Extra 0.00 makes -5.50, but $ Total is 5.50, so the row does not add up.'
				)
			}
		]);
	});

	it('names the money columns as the file writes them', () => {
		const header = ['Billing Month', 'Account', 'Nodename', 'Total', '$Base', '$ extra', '$_TOTAL'];
		const [problem] = parser(header)(['2020-01', 'A', 'N', '1G', '5.50', '0.00', '5.00'], 2) as {
			message: string;
		}[];
		expect(problem.message).toContain(
			'column "$_TOTAL": $Base 5.50 + $ extra 0.00 makes 5.50, but $_TOTAL is 5.00'
		);
	});

	it('takes the uploader’s month when the file has no Billing Month column', () => {
		const header = ['Account', 'Nodename', 'Total'];
		expect(parser(header, '2020-03')(['A', 'N', '1G'], 2)).toMatchObject({ month: '2020-03' });
	});

	it('needs a month on every row', () => {
		expect(parser(FULL)(['', 'A', '', 'N', '', '', '1G', '', '', '', ''], 3)).toEqual([
			{
				line: 3,
				column: 'Billing Month',
				value: '',
				message:
					'billing.csv, line 3, column "Billing Month": the cell is empty, but every row needs a Billing Month. Fill it in, then upload the file again.'
			}
		]);
	});

	it('refuses a row it cannot price', () => {
		const header = ['Billing Month', 'Account', 'Nodename', 'Total'];
		expect(parser(header)(['2020-01', 'A', 'N', 'null'], 4)).toEqual([
			{
				line: 4,
				column: 'Total',
				value: 'null',
				message:
					'billing.csv, line 4, column "Total": the row has neither a Total size nor a $ Total amount, so its charge cannot be worked out. Fill in the Total size, then upload the file again.'
			}
		]);
	});
});
