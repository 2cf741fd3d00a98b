// The EZ-Backup billing export: one row per billed node per month, mirroring the Billing Summary.
// Money columns ($ Base, $ Extra, $ Total) are used as given when present; when absent the charge
// comes back with null cents and the caller computes it from the tariff.

import { KeyLines, RowReader, type CsvFormat } from './row';
import type { BillingCharge, ColumnSpec } from './types';

export const kind = 'ezbackup-billing';

export const columns: readonly ColumnSpec[] = [
	{ key: 'billingMonth', header: 'Billing Month', required: 'unless-billing-month' },
	{ key: 'account', header: 'Account', required: true },
	{ key: 'department', header: 'Department' },
	{ key: 'nodename', header: 'Nodename', required: true, aliases: ['Node'] },
	{ key: 'backup', header: 'Backup' },
	{ key: 'archive', header: 'Archive', aliases: ['Archiv'] },
	{ key: 'total', header: 'Total', required: true },
	{ key: 'extra', header: 'Extra' },
	{ key: 'baseMoney', header: '$ Base' },
	{ key: 'extraMoney', header: '$ Extra' },
	{ key: 'totalMoney', header: '$ Total' }
];

export const requiredColumns = columns.filter((c) => c.required).map((c) => c.header);

export const optionalColumns = columns.filter((c) => !c.required).map((c) => c.header);

export const format: CsvFormat<BillingCharge> = {
	kind,
	columns,
	identifying: ['nodename'],
	createRowParser(context) {
		const keys = new KeyLines();
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
			if (record.totalBytes === null && record.totalCents === null && r.problems.length === 0) {
				r.problem(
					'total',
					r.raw('total'),
					'the row has neither a Total size nor a $ Total amount, so its charge cannot be worked out. Fill in the Total size, then upload the file again.'
				);
			}
			const result = r.result(record);
			if (result !== record) return result;
			const earlier = keys.claim(`${month}\u0000${record.nodename}`, line);
			if (earlier !== null) {
				r.problem(
					'nodename',
					record.nodename,
					`node ${record.nodename} is billed twice for ${month} (lines ${Math.min(earlier, line)} and ${Math.max(earlier, line)}). Keep one row per node and month, then upload the file again.`
				);
				return r.problems;
			}
			return record;
		};
	}
};
