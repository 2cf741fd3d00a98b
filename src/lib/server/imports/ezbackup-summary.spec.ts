import { describe, expect, it } from 'vitest';
import { SummaryReader } from './ezbackup-summary';

const TABLE = `Bill to: KFS# IT-ANS1004-_____-6601-___-__________-________
         Nodename             Backup Archiv  Total  Extra   $ Base  $ Extra  $ Total
         -------------------- ------ ------ ------ ------ -------- -------- --------
         ANSC-PC0042@ADSM4      9.4G 200.0M   9.6G   0.0M     5.50     0.00     5.50
         ANSC-LABIMAGING-SRV-  62.5G   0.0M  62.5G  12.5G     5.50     0.25     5.75
     Total for 2 nodes         71.9G 200.0M  72.1G  12.5G    11.00     0.25    11.25
`;

function read(text: string, billingMonth?: string, chunk = text.length) {
	const reader = new SummaryReader({ fileName: 'summary.txt', billingMonth });
	for (let at = 0; at < text.length; at += chunk) reader.push(text.slice(at, at + chunk));
	return reader.end();
}

describe('ezbackup-summary', () => {
	it('reads the account, each node row and its line, with the uploader’s month', () => {
		const outcome = read(TABLE, '2020-01');
		expect(outcome.problems).toEqual([]);
		expect(outcome.statedMonth).toBeNull();
		expect(outcome.header).toEqual([
			'Nodename',
			'Backup',
			'Archiv',
			'Total',
			'Extra',
			'$ Base',
			'$ Extra',
			'$ Total'
		]);
		expect(outcome.lines).toEqual([4, 5]);
		expect(outcome.charges).toEqual([
			{
				month: '2020-01',
				account: 'IT-ANS1004',
				department: null,
				nodename: 'ANSC-PC0042@ADSM4',
				backupBytes: 9_400_000_000,
				archiveBytes: 200_000_000,
				totalBytes: 9_600_000_000,
				extraBytes: 0,
				baseCents: 550,
				extraCents: 0,
				totalCents: 550
			},
			{
				month: '2020-01',
				account: 'IT-ANS1004',
				department: null,
				nodename: 'ANSC-LABIMAGING-SRV-',
				backupBytes: 62_500_000_000,
				archiveBytes: 0,
				totalBytes: 62_500_000_000,
				extraBytes: 12_500_000_000,
				baseCents: 550,
				extraCents: 25,
				totalCents: 575
			}
		]);
	});

	it('reads the same in any chunking and with CRLF', () => {
		const crlf = TABLE.replace(/\n/g, '\r\n');
		const whole = read(TABLE, '2020-01');
		for (const size of [1, 2, 17]) {
			expect(read(crlf, '2020-01', size)).toEqual(whole);
		}
	});

	it('asks for the month when the text does not state it', () => {
		expect(read(TABLE).problems).toEqual([
			{
				line: null,
				column: null,
				message:
					'summary.txt does not say which month it bills. Set the billing month (YYYY-MM) when you upload it.'
			}
		]);
	});

	it('takes the month the text states, and refuses a different one from the uploader', () => {
		const stated = 'Billing period: Jan 2020\n\n' + TABLE;
		expect(read(stated).charges.map((c) => c.month)).toEqual(['2020-01', '2020-01']);
		expect(read(stated).statedMonth).toBe('2020-01');
		expect(read(stated, '2020-02').problems).toEqual([
			{
				line: 1,
				column: null,
				value: 'Billing period: Jan 2020',
				message:
					'summary.txt, line 1: the summary states the billing month 2020-01, but 2020-02 was chosen for it. Choose 2020-01, or check that this is the right summary, then upload it again.'
			}
		]);
	});

	it('tolerates discount and net-charge lines after the total', () => {
		const text = TABLE + '     Discount (10%)     -1.13\n     Net charge         10.12\n';
		expect(read(text, '2020-01').problems).toEqual([]);
	});

	it('checks sizes within the rounding of the written figures', () => {
		// 9.6G and 62.5G may each be 0.05G off, and so may their total: 72.25G is as far as it goes
		const within = TABLE.replace('71.9G 200.0M  72.1G', '71.9G 200.0M  72.2G');
		expect(read(within, '2020-01').problems).toEqual([]);
		const beyond = TABLE.replace('71.9G 200.0M  72.1G', '71.9G 200.0M  72.3G');
		expect(read(beyond, '2020-01').problems).toEqual([
			{
				line: 6,
				column: 'Total',
				value: '72.3G',
				message:
					'summary.txt, line 6, column "Total": the total 72.3G is not the sum of the node rows above it (72,100,000,000 bytes). The summary may be cut short or edited; upload it as EZ-Backup mailed it.'
			}
		]);
	});

	it('checks money totals to the cent', () => {
		const text = TABLE.replace('0.25    11.25', '0.25    11.26');
		expect(read(text, '2020-01').problems).toEqual([
			{
				line: 6,
				column: '$ Total',
				value: '11.26',
				message:
					'summary.txt, line 6, column "$ Total": the total 11.26 is not the sum of the node rows above it (11.25). The summary may be cut short or edited; upload it as EZ-Backup mailed it.'
			},
			{
				line: 6,
				column: '$ Total',
				value: '11.26',
				message:
					'summary.txt, line 6, column "$ Total": $ Base 11.00 + $ Extra 0.25 makes 11.25, but $ Total is 11.26, so the total line does not add up. Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
			}
		]);
	});

	it('refuses a node row whose $ Base + $ Extra is not its $ Total, with the three amounts', () => {
		// the row's $ Total is edited, and the total line with it, so the column sums still agree
		const text = TABLE.replace('0.25     5.75', '0.25     5.50').replace(
			'0.25    11.25',
			'0.25    11.00'
		);
		expect(read(text, '2020-01').problems).toEqual([
			{
				line: 5,
				column: '$ Total',
				value: '5.50',
				message:
					'summary.txt, line 5, column "$ Total": $ Base 5.50 + $ Extra 0.25 makes 5.75, but $ Total is 5.50, so the row does not add up. Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
			},
			{
				line: 6,
				column: '$ Total',
				value: '11.00',
				message:
					'summary.txt, line 6, column "$ Total": $ Base 11.00 + $ Extra 0.25 makes 11.25, but $ Total is 11.00, so the total line does not add up. Correct the amounts so that they add up (a credit too, in negative amounts), or export the file again, then upload it.'
			}
		]);
	});

	it('takes a credit row that adds up', () => {
		const credit = `         ANSC-PC0017@ADSM4      0.0M   0.0M   0.0M   0.0M    -5.50     0.00    -5.50
     Total for 3 nodes         71.9G 200.0M  72.1G  12.5G     5.50     0.25     5.75
`;
		const text = TABLE.replace(/ {5}Total for 2 nodes.*\n/, credit);
		const outcome = read(text, '2020-04');
		expect(outcome.problems).toEqual([]);
		expect(outcome.charges[2]).toMatchObject({
			nodename: 'ANSC-PC0017@ADSM4',
			baseCents: -550,
			extraCents: 0,
			totalCents: -550
		});
	});

	it('checks the count of nodes', () => {
		const text = TABLE.replace('Total for 2 nodes', 'Total for 3 nodes');
		expect(read(text, '2020-01').problems).toEqual([
			{
				line: 6,
				column: null,
				value: 'Total for 3 nodes',
				message:
					'summary.txt, line 6: the total line counts 3 nodes but the table lists 2. The summary may be cut short or edited; upload it as EZ-Backup mailed it.'
			}
		]);
	});

	it('refuses a table that lacks a required column', () => {
		const text = TABLE.replace('$ Extra  $ Total', '$ Extra  $ Totl');
		expect(read(text, '2020-01').problems[0]).toEqual({
			line: 2,
			column: null,
			value: 'Nodename             Backup Archiv  Total  Extra   $ Base  $ Extra  $ Totl',
			message:
				'summary.txt, line 2: the table header lacks the column $ Total. Upload the summary as EZ-Backup mailed it.'
		});
	});

	it('refuses a Bill to line without a KFS account', () => {
		const text = TABLE.replace('KFS# IT-ANS1004-_____', 'somebody');
		expect(read(text, '2020-01').problems[0]).toMatchObject({
			line: 1,
			message:
				'summary.txt, line 1: the "Bill to:" line names no KFS account (such as KFS# IT-ANS1004-...). Upload the summary as EZ-Backup mailed it.'
		});
	});

	it('refuses text between the Bill to line and the table header', () => {
		const text = TABLE.replace('\n', '\nPlease pay promptly.\n');
		expect(read(text, '2020-01').problems[0]).toMatchObject({
			line: 2,
			message:
				'summary.txt, line 2: a "Nodename  Backup ..." table header should follow the "Bill to:" line. Upload the summary as EZ-Backup mailed it.'
		});
	});

	it('refuses a second table that starts before the first has its total', () => {
		const cut = TABLE.split('\n').slice(0, 5).join('\n') + '\n';
		expect(read(cut + TABLE, '2020-01').problems[0]).toEqual({
			line: 1,
			column: null,
			value: null,
			message:
				'summary.txt, line 1: the table for account IT-ANS1004 has no "Total for N nodes" line before line 6, so the summary may be cut short. Upload the whole summary as EZ-Backup mailed it.'
		});
	});

	it('refuses a node billed twice', () => {
		const twice = TABLE + TABLE.replace('IT-ANS1004', 'IT-ANS1005');
		expect(read(twice, '2020-01').problems.map((p) => [p.line, p.column, p.value])).toEqual([
			[10, 'Nodename', 'ANSC-PC0042@ADSM4'],
			[11, 'Nodename', 'ANSC-LABIMAGING-SRV-']
		]);
	});
});
