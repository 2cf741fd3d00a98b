// The EZ-Backup billing export: one row per billed node per month, mirroring the Billing Summary.
// Money columns ($ Base, $ Extra, $ Total) are used as given when present, and a row giving all
// three must add up; when absent the charge comes back with null cents and the caller computes it
// from the tariff.

import { CSV_FORMATS } from '../../imports/formats';
import { notAddingUp, RowReader, type CsvFormat } from './row';
import type { BillingCharge } from './types';

export const format: CsvFormat<BillingCharge> = {
	...CSV_FORMATS['ezbackup-billing'],
	createRowParser(context) {
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			// The file's own column wins; the uploader's month stands in only when there is none.
			const month = r.has('billingMonth')
				? (r.month('billingMonth', true) ?? '')
				: (context.billingMonth ?? '');
			const baseCents = r.money('baseMoney');
			const extraCents = r.money('extraMoney');
			let totalCents = r.money('totalMoney');
			if (!r.has('totalMoney') && baseCents !== null && extraCents !== null) {
				totalCents = baseCents + extraCents;
			}
			const record: BillingCharge = {
				month,
				account: r.text('account', true),
				department: r.text('department'),
				nodename: r.text('nodename', true),
				backupBytes: r.size('backup'),
				archiveBytes: r.size('archive'),
				totalBytes: r.size('total'),
				extraBytes: r.size('extra'),
				baseCents,
				extraCents,
				totalCents
			};
			if (baseCents !== null && extraCents !== null && totalCents !== null) {
				const sentence = notAddingUp(
					{ baseCents, extraCents, totalCents },
					{
						base: r.header('baseMoney'),
						extra: r.header('extraMoney'),
						total: r.header('totalMoney')
					},
					'the row'
				);
				if (sentence) r.problem('totalMoney', r.raw('totalMoney'), sentence);
			}
			if (record.totalBytes === null && record.totalCents === null && r.problems.length === 0) {
				r.problem(
					'total',
					r.raw('total'),
					'the row has neither a Total size nor a $ Total amount, so its charge cannot be worked out. Fill in the Total size, then upload the file again.'
				);
			}
			return r.result(record);
		};
	},
	twice(r, record, lines) {
		r.problem(
			'nodename',
			record.nodename,
			`node ${record.nodename} is billed twice for ${record.month} ${lines}. Keep one row per node and month, then upload the file again.`
		);
	}
};
