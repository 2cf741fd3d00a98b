// The managed-computer inventory (Configuration Manager / Jamf): the computers that should have
// Code42, the denominator of adoption. Each computer belongs to a source: the file's Source
// column, else the source named on upload (imports/writers/inventory.ts).

import { CSV_FORMATS } from '../../imports/formats';
import { shortHostname } from '../metrics/names';
import { RowReader, type CsvFormat } from './row';
import type { InventoryRecord } from './types';

export const format: CsvFormat<InventoryRecord> = {
	...CSV_FORMATS['inventory'],
	createRowParser(context) {
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			const record: InventoryRecord = {
				computerName: r.text('computerName', true),
				department: r.text('department'),
				os: r.text('os'),
				lastSeen: r.day('lastSeen'),
				source: r.text('source')
			};
			return r.result(record);
		};
	},
	// Two rows for one short hostname would count one computer twice in adoption.
	twice(r, record, lines) {
		r.problem(
			'computerName',
			record.computerName,
			`computer ${shortHostname(record.computerName)} is listed twice ${lines}. Keep one row per computer, then upload the file again.`
		);
	}
};
