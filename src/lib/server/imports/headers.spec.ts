import { describe, expect, it } from 'vitest';
import { CSV_FORMATS, mapHeader, missingColumns } from '../../imports/formats';
import { listWords, missingColumnsMessage } from './headers';

const billingColumns = CSV_FORMATS['ezbackup-billing'].columns;

describe('missingColumnsMessage', () => {
	it('says which columns are missing, and what to do', () => {
		const format = CSV_FORMATS['code42-devices'];
		const mapping = mapHeader(['Computer Name', 'Department'], format.columns);
		const missing = missingColumns(mapping);
		expect(missingColumnsMessage('inv.csv', 'code42-devices', missing, true)).toBe(
			'inv.csv is not a Code42 device backup report: its header (line 1) lacks the columns deviceUid, deviceName, status, alertStates, creationDate and lastCompletedBackupDate. Check that you chose the right kind for this file, or export it again with all its columns.'
		);
		expect(
			missingColumnsMessage(
				'b.csv',
				'ezbackup-billing',
				missingColumns(mapHeader(['Nodename', 'Account', 'Total'], billingColumns)),
				false,
				3
			)
		).toBe(
			'b.csv looks like an EZ-Backup billing export, but its header (line 3) lacks the column Billing Month. Export it again with all its columns (or set the billing month when you upload it), then upload it.'
		);
	});
});

describe('listWords', () => {
	it('joins as a sentence does', () => {
		expect(listWords([])).toBe('');
		expect(listWords(['a'])).toBe('a');
		expect(listWords(['a', 'b'])).toBe('a and b');
		expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
	});
});
