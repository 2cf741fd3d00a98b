import type { Db } from '../../db';
import { imported } from '../../db/imported';
import { nodeKey } from '../../metrics/savings';
import { priceCharge } from '../../metrics/tariff';
import type { Tariff } from '../../metrics/types';
import { where } from '../row';
import type { BillingCharge } from '../types';
import { numberOf, rowOf, textOf } from '../../db/checked';
import { noCounts, tally, type Writer } from './writer';

// EZ-Backup charges, from the billing export or the Billing Summary. The key of a charge is
// (month, nodename): a later import's charge replaces an earlier one's. Money a file leaves out
// comes from the tariff in force for the month (metrics/tariff.ts).

/**
 * The Billing Summary cuts node names to 20 characters with a trailing '-': where exactly one
 * node already billed to the same account starts with the cut name, it is that node, so the
 * summary's charge replaces the CSV's instead of counting a second node.
 */
export function chargeWriter(
	db: Db,
	importId: number,
	options: { fileName: string; tariffs: readonly Tariff[]; cutNames: boolean }
): Writer<'ezbackup-billing' | 'ezbackup-summary'> {
	const counts = noCounts();
	const months = new Set<string>();
	const known = db.$client
		.prepare(
			`SELECT DISTINCT nodename FROM charges c
			WHERE account = ? AND nodename LIKE ? ESCAPE '\\' AND length(nodename) > ?
				AND import_id < ? AND ${imported('c.import_id')}`
		)
		.pluck();
	// the charge in force for the key before this import
	const previous = db.$client
		.prepare(
			`SELECT account, department, backup_bytes, archive_bytes, total_bytes, extra_bytes,
				base_cents, extra_cents, total_cents FROM charges c
			WHERE month = ? AND nodename = ? AND import_id < ? AND ${imported('c.import_id')}
			ORDER BY import_id DESC LIMIT 1`
		)
		.raw();
	const insert = db.$client.prepare(
		`INSERT INTO charges (import_id, line, month, nodename, node_key, account, department,
			backup_bytes, archive_bytes, total_bytes, extra_bytes, base_cents, extra_cents, total_cents,
			from_tariff)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	);
	const holder = db.$client
		.prepare('SELECT line FROM charges WHERE import_id = ? AND month = ? AND nodename = ?')
		.pluck();
	const fullName = (r: BillingCharge): string => {
		if (!options.cutNames || r.nodename.length !== 20 || !r.nodename.endsWith('-'))
			return r.nodename;
		const prefix = r.nodename.slice(0, -1);
		const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
		const matches = known.all(r.account, like, prefix.length, importId);
		return matches.length === 1
			? textOf(matches[0], 'the node name a cut one stands for')
			: r.nodename;
	};
	return {
		write(r, line) {
			months.add(r.month);
			const priced = priceCharge(r, options.tariffs);
			if (!priced.ok) {
				const column = priced.lacking === 'size' ? 'Total' : 'Billing Month';
				return {
					line,
					column,
					value: priced.lacking === 'size' ? '' : r.month,
					message:
						`${where(options.fileName, line, column)}: the charge of ${r.nodename} for ${r.month} has no $ columns and ` +
						(priced.lacking === 'size'
							? 'no Total size, so it cannot be computed from the tariff. Export the file again with its sizes or its $ columns, then import it.'
							: 'no EZ-Backup tariff is set for that month, so it cannot be computed. Add the tariff on the Admin page, or export the file again with its $ columns, then import it.')
				};
			}
			const nodename = fullName(r);
			const found = previous.get(r.month, nodename, importId);
			const before = found === undefined ? undefined : rowOf(found, 'the charge in force before');
			// A file without a Department column (the Billing Summary) keeps the department an
			// earlier file gave the same node, month and account: it lacks it, it does not deny it.
			const kept = before && before[0] === r.account ? before[1] : null;
			const department =
				r.department ?? (kept === null ? null : textOf(kept, 'the department of a charge'));
			const row = [
				r.account,
				department,
				r.backupBytes,
				r.archiveBytes,
				r.totalBytes,
				r.extraBytes,
				priced.baseCents,
				priced.extraCents,
				priced.totalCents
			];
			const taken = insert.run(
				importId,
				line,
				r.month,
				nodename,
				nodeKey(nodename),
				...row,
				priced.fromTariff ? 1 : 0
			);
			if (taken.changes === 0)
				return numberOf(
					holder.get(importId, r.month, nodename),
					'the line of the charge the file already has'
				);
			tally(counts, before, row);
			return null;
		},
		counts: () => counts,
		months: () => [...months].sort()
	};
}
