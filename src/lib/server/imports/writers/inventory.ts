import type { ImportProblem } from '../../../imports/outcome';
import type { Db } from '../../db';
import { imported } from '../../db/imported';
import { shortHostname } from '../../metrics/names';
import { shownValue, where } from '../row';
import { noCounts, tally, type Writer } from './writer';

// The managed computers, by source (domain.md): each computer is listed by a system (SCCM, Jamf,
// ...), the file's Source column, else the source named on upload ('inventory' by default). A
// source's latest import holds all its computers: a computer its earlier list had and this one
// lacks is no longer managed, from this import on (kept/departments.ts, keepManaged). Other
// sources are untouched. A source is one whatever the case it is written in: the first spelling
// imported stays.

/** More sources than any inventory has: a Source column naming more is not one. */
export const MAX_SOURCES = 50;

interface Source {
	/** as the imports before wrote it */
	name: string;
	/** its latest import in force before this one */
	previous: number | null;
}

export function inventoryWriter(
	db: Db,
	importId: number,
	options: { fileName: string; source: string }
): Writer<'inventory'> {
	const counts = noCounts();
	const sources = new Map<string, Source>();
	const spelling = db.$client
		.prepare(
			`SELECT source FROM managed_computers m
			WHERE source = ? COLLATE NOCASE AND ${imported('m.import_id')}
			ORDER BY import_id LIMIT 1`
		)
		.pluck();
	const latest = db.$client
		.prepare(
			`SELECT max(import_id) FROM managed_computers m
			WHERE source = ? AND import_id < ? AND ${imported('m.import_id')}`
		)
		.pluck();
	const previous = db.$client
		.prepare(
			`SELECT computer_name, department, os, last_seen FROM managed_computers
			WHERE import_id = ? AND short_name = ?`
		)
		.raw();
	const insert = db.$client.prepare(
		`INSERT INTO managed_computers (import_id, line, short_name, computer_name, department, os,
			last_seen, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	);
	const holder = db.$client
		.prepare('SELECT line FROM managed_computers WHERE import_id = ? AND short_name = ?')
		.pluck();
	const sourceOf = (written: string | null, line: number): Source | ImportProblem => {
		const text = written ?? options.source;
		const key = text.toLowerCase();
		let source = sources.get(key);
		if (!source) {
			if (sources.size === MAX_SOURCES) {
				return {
					line,
					column: 'Source',
					value: shownValue(text),
					message: `${where(options.fileName, line, 'Source')}: "${shownValue(text)}" would be source number ${MAX_SOURCES + 1} of this file, but an inventory lists the computers of one system or a few, so the Source column does not seem to name them. Correct the column or remove it, then upload the file again.`
				};
			}
			const name = (spelling.get(key) as string | undefined) ?? text;
			source = { name, previous: latest.get(name, importId) as number | null };
			sources.set(key, source);
		}
		return source;
	};
	return {
		write(r, line) {
			const source = sourceOf(r.source, line);
			if ('message' in source) return source;
			const short = shortHostname(r.computerName);
			const row = [r.computerName, r.department, r.os, r.lastSeen];
			const taken = insert.run(importId, line, short, ...row, source.name);
			if (taken.changes === 0) return holder.get(importId, short) as number;
			const before =
				source.previous === null
					? undefined
					: (previous.get(source.previous, short) as unknown[] | undefined);
			tally(counts, before, row);
			return null;
		},
		counts() {
			const missing = db.$client
				.prepare(
					`SELECT count(*) FROM managed_computers m
					WHERE m.import_id = ? AND m.source = ? AND NOT EXISTS (SELECT 1 FROM managed_computers n
						WHERE n.import_id = ? AND n.short_name = m.short_name AND n.source = m.source)`
				)
				.pluck();
			const noLonger = [...sources.values()]
				.filter((s) => s.previous !== null)
				.map((s) => ({
					source: s.name,
					computers: missing.get(s.previous, s.name, importId) as number
				}));
			return {
				...counts,
				removed: noLonger.reduce((sum, s) => sum + s.computers, 0),
				noLonger: noLonger.filter((s) => s.computers > 0)
			};
		},
		months: () => []
	};
}
