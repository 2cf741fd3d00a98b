import type { Db } from '../../db';
import { imported } from '../../db/imported';
import { rowOf } from '../../db/checked';
import { noCounts, tally, type Writer } from './writer';

// The department list: a later import's department replaces the one of the same code. A file
// names each code once (the format refuses a code or a spelling twice, imports/departments.ts).

export function departmentWriter(db: Db, importId: number): Writer<'departments'> {
	const counts = noCounts();
	// the latest department of that code from an earlier import in force
	const previous = db.$client
		.prepare(
			`SELECT name, aliases FROM departments d
			WHERE code = ? AND import_id < ? AND ${imported('d.import_id')}
			ORDER BY import_id DESC LIMIT 1`
		)
		.raw();
	const insert = db.$client.prepare(
		`INSERT INTO departments (import_id, code, name, aliases) VALUES (?, ?, ?, ?)`
	);
	return {
		write(r) {
			const row = [r.name, JSON.stringify(r.aliases)];
			insert.run(importId, r.code, ...row);
			const found = previous.get(r.code, importId);
			tally(counts, found === undefined ? undefined : rowOf(found, 'the department before'), row);
			return null;
		},
		counts: () => counts,
		months: () => []
	};
}
