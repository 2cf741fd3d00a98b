// `node bench/insert-floor.mjs DB FILE`: the least any importer of a Code42 device report can take
// in Node with better-sqlite3. It reads the file in 64 KB pieces, splits each line at its commas
// (the generated report quotes nothing) and inserts the columns the dashboard keeps into
// device_rows, with its indexes, in one transaction: no validation, no staging, no duplicate check.
// The benchmark sets `npm run import` and sqlite3's own `.import` against it.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { KEPT, schemaStatements } from './device-columns.mjs';

const [database, file] = process.argv.slice(2);
const db = new Database(database);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
for (const statement of schemaStatements()) db.exec(statement);

const columns = Object.keys(KEPT);
const numeric = new Set(['backup_complete_percentage', 'selected_bytes', 'archive_bytes']);
const insert = db.prepare(
	`INSERT INTO device_rows (import_id, short_hostname, ${columns.join(', ')})
	VALUES (${Array(columns.length + 2)
		.fill('?')
		.join(', ')})`
);

db.exec('BEGIN IMMEDIATE');
const importId = db
	.prepare(
		`INSERT INTO imports (kind, file_name, sha256, uploaded_by, uploaded_at, status)
		VALUES ('code42-devices', ?, '', 'floor', '', 'imported')`
	)
	.run(file).lastInsertRowid;
const fd = openSync(file, 'r');
const buffer = Buffer.alloc(64 * 1024);
let tail = '';
let positions = null;
let rows = 0;
for (;;) {
	const got = readSync(fd, buffer, 0, buffer.length, null);
	if (got === 0) break;
	const text = tail + buffer.toString('latin1', 0, got);
	let start = 0;
	for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
		const cells = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end).split(',');
		start = end + 1;
		if (positions === null) {
			positions = columns.map((column) => cells.indexOf(KEPT[column]));
			continue;
		}
		const values = positions.map((at, i) => {
			const cell = cells[at] ?? '';
			return cell === '' ? null : numeric.has(columns[i]) ? Number(cell) : cell;
		});
		const host = values[2] ?? values[1];
		insert.run(importId, host.split('.')[0].toLowerCase(), ...values);
		rows++;
	}
	tail = text.slice(start);
}
closeSync(fd);
db.exec('COMMIT');
db.close();
console.log(JSON.stringify({ rows }));
