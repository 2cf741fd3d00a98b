import type { ExportKind } from '../../../imports/formats';
import type { Db } from '../../db';
import { chargeWriter } from './charges';
import { departmentWriter } from './departments';
import { deviceWriter } from './devices';
import { inventoryWriter } from './inventory';
import type { Writer, WriterOptions } from './writer';

// One writer per kind of file: each writes a file's records straight to its table, under the
// import while it is pending (imports/pending.ts), in the batches of the streaming session
// (pipeline.ts). A table's key holds a file's keys: a second row with the key of an earlier one
// is refused by the database, which says which line holds it, so no key of the file is held in
// memory. Each counts what its file does to what was in force before.

export type { Counts, Writer, Written } from './writer';

export function createWriter<K extends ExportKind>(
	db: Db,
	kind: K,
	importId: number,
	options: WriterOptions
): Writer<K> {
	const writers: { [Kind in ExportKind]: () => Writer<Kind> } = {
		'code42-devices': () => deviceWriter(db, 'code42-devices', importId),
		'code42cli-devices': () => deviceWriter(db, 'code42cli-devices', importId),
		'ezbackup-billing': () => chargeWriter(db, importId, { ...options, cutNames: false }),
		'ezbackup-summary': () => chargeWriter(db, importId, { ...options, cutNames: true }),
		inventory: () => inventoryWriter(db, importId, options),
		departments: () => departmentWriter(db, importId)
	};
	return writers[kind]() as Writer<K>;
}
