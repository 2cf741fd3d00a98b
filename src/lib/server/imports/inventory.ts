// The managed-computer inventory (Configuration Manager / Jamf): the computers that should have
// Code42, the denominator of adoption.

import { CSV_FORMATS } from '../../imports/formats';
import { KeyLines, RowReader, type CsvFormat } from './row';
import type { InventoryRecord } from './types';

/** domain.md, "Short hostname": lower-cased, cut at the first `.`. */
function shortName(computerName: string): string {
	return computerName.trim().toLowerCase().split('.')[0];
}

export const format: CsvFormat<InventoryRecord> = {
	...CSV_FORMATS['inventory'],
	createRowParser(context) {
		const keys = new KeyLines();
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			const record: InventoryRecord = {
				computerName: r.text('computerName', true),
				department: r.text('department'),
				os: r.text('os'),
				lastSeen: r.day('lastSeen')
			};
			const result = r.result(record);
			if (result !== record) return result;
			// Two rows for one short hostname would count one computer twice in adoption.
			const earlier = keys.claim(`${shortName(record.computerName)}\u0000`, line);
			if (earlier !== null) {
				r.problem(
					'computerName',
					record.computerName,
					`computer ${shortName(record.computerName)} is listed twice (lines ${Math.min(earlier, line)} and ${Math.max(earlier, line)}). Keep one row per computer, then upload the file again.`
				);
				return r.problems;
			}
			return record;
		};
	}
};
