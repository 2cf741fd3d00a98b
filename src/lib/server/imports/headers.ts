// Header rows on the server: each delimited kind's row reader, and the sentences that refuse a
// header. Matching a header to a format's columns is shared with the browser's preview
// (src/lib/imports/formats.ts).

import { KIND_TITLES, type ColumnSpec, type CsvKind } from '../../imports/formats';
import { format as code42Devices } from './code42-devices';
import { format as code42CliDevices } from './code42cli-devices';
import { format as departments } from './departments';
import { format as ezbackupBilling } from './ezbackup-billing';
import { format as inventory } from './inventory';
import type { CsvFormat } from './row';
import type { RecordByKind } from './types';

export type CsvParsers = { [K in CsvKind]: CsvFormat<RecordByKind[K]> };

export const CSV_PARSERS: CsvParsers = {
	'code42-devices': code42Devices,
	'code42cli-devices': code42CliDevices,
	'ezbackup-billing': ezbackupBilling,
	inventory,
	departments
};

/** "A, B and C" */
export function listWords(words: readonly string[]): string {
	if (words.length <= 1) return words.join('');
	return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The sentence refusing a file whose header lacks required columns. */
export function missingColumnsMessage(
	fileName: string,
	kind: CsvKind,
	missing: readonly ColumnSpec[],
	forced: boolean,
	headerLine = 1
): string {
	const names = listWords(missing.map((c) => c.header));
	const plural = missing.length > 1 ? 'columns' : 'column';
	const monthHint = missing.some((c) => c.required === 'unless-billing-month')
		? ' (or set the billing month when you upload it)'
		: '';
	if (forced) {
		return (
			`${fileName} is not ${KIND_TITLES[kind]}: its header (line ${headerLine}) lacks the ${plural} ${names}. ` +
			`Check that you chose the right kind for this file${monthHint}, or export it again with all its columns.`
		);
	}
	return (
		`${fileName} looks like ${KIND_TITLES[kind]}, but its header (line ${headerLine}) lacks the ${plural} ${names}. ` +
		`Export it again with all its columns${monthHint}, then upload it.`
	);
}
