import type { ImportProblem } from '../../../imports/outcome';
import type { Db } from '../../db';
import { imported } from '../../db/imported';
import { shortHostname } from '../../metrics/names';
import { shownValue, where } from '../row';
import { numberOf, rowOf, textOf } from '../../db/checked';
import { noCounts, type Writer } from './writer';

// The managed computers, by source (domain.md): each computer is listed by a system (SCCM, Jamf,
// ...), the file's Source column, else the source named on upload ('inventory' by default). A
// file is a list of each of its sources as of its date: it replaces the list of the source in
// force on that date, so a computer that list had and this one lacks is no longer managed from
// this file's date (kept/managed.ts). Other sources are untouched. A source is one whatever the
// case it is written in: the first spelling imported stays.

/** More sources than any inventory has: a Source column naming more is not one. */
export const MAX_SOURCES = 50;

export function inventoryWriter(
	db: Db,
	importId: number,
	options: { fileName: string; source: string }
): Writer<'inventory'> {
	/** each source of the file, by its name in lower case: as the imports before wrote it */
	const sources = new Map<string, string>();
	const spelling = db.$client
		.prepare(
			`SELECT source FROM managed_computers m
			WHERE source = ? COLLATE NOCASE AND ${imported('m.import_id')}
			ORDER BY import_id LIMIT 1`
		)
		.pluck();
	const insert = db.$client.prepare(
		`INSERT INTO managed_computers (import_id, line, short_name, computer_name, department, os,
			last_seen, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	);
	const holder = db.$client
		.prepare('SELECT line FROM managed_computers WHERE import_id = ? AND short_name = ?')
		.pluck();
	const sourceOf = (written: string | null, line: number): string | ImportProblem => {
		const text = written ?? options.source;
		const key = text.toLowerCase();
		let source = sources.get(key);
		if (source === undefined) {
			if (sources.size === MAX_SOURCES) {
				return {
					line,
					column: 'Source',
					value: shownValue(text),
					message: `${where(options.fileName, line, 'Source')}: "${shownValue(text)}" would be source number ${MAX_SOURCES + 1} of this file, but an inventory lists the computers of one system or a few, so the Source column does not seem to name them. Correct the column or remove it, then upload the file again.`
				};
			}
			const first = spelling.get(key);
			source = first === undefined ? text : textOf(first, 'the spelling of a source');
			sources.set(key, source);
		}
		return source;
	};
	return {
		write(r, line) {
			const source = sourceOf(r.source, line);
			if (typeof source !== 'string') return source;
			const short = shortHostname(r.computerName);
			const row = [r.computerName, r.department, r.os, r.lastSeen];
			const taken = insert.run(importId, line, short, ...row, source);
			if (taken.changes !== 0) return null;
			return numberOf(holder.get(importId, short), 'the line of the computer the file already has');
		},
		counts(asOf) {
			// the list each source had in force on this file's date, before this file
			const replaced = db.$client
				.prepare(
					`SELECT i.id FROM imports i
					WHERE i.kind = 'inventory' AND i.status = 'imported'
						AND (i.as_of < @day OR (i.as_of = @day AND i.id < @id))
						AND EXISTS (SELECT 1 FROM managed_computers m
							WHERE m.source = @source AND m.import_id = i.id)
					ORDER BY i.as_of DESC, i.id DESC LIMIT 1`
				)
				.pluck();
			const compared = db.$client
				.prepare(
					`SELECT count(*) AS rows, count(p.short_name) AS held,
						coalesce(sum(m.computer_name IS p.computer_name AND m.department IS p.department
							AND m.os IS p.os AND m.last_seen IS p.last_seen), 0) AS same
					FROM managed_computers m
					LEFT JOIN managed_computers p ON p.import_id = @previous
						AND p.short_name = m.short_name AND p.source = m.source
					WHERE m.import_id = @id AND m.source = @source`
				)
				.raw();
			const missing = db.$client
				.prepare(
					`SELECT count(*) FROM managed_computers m
					WHERE m.import_id = ? AND m.source = ? AND NOT EXISTS (SELECT 1 FROM managed_computers n
						WHERE n.import_id = ? AND n.short_name = m.short_name AND n.source = m.source)`
				)
				.pluck();
			const counts = noCounts();
			const noLonger: { source: string; computers: number }[] = [];
			for (const source of sources.values()) {
				const found = asOf === null ? undefined : replaced.get({ day: asOf, id: importId, source });
				const previous =
					found === undefined ? undefined : numberOf(found, 'the inventory a source replaces');
				const c = rowOf(
					compared.get({ previous: previous ?? null, id: importId, source }),
					'the computers of a source compared with its list before'
				);
				const rows = numberOf(c[0], 'the computers of a source');
				const held = numberOf(c[1], 'the computers of a source its list before had');
				const same = numberOf(c[2], 'the computers of a source the same as before');
				counts.inserted += rows - held;
				counts.updated += held - same;
				counts.unchanged += same;
				if (previous !== undefined) {
					const computers = numberOf(
						missing.get(previous, source, importId),
						'the computers of a source no longer listed'
					);
					noLonger.push({ source, computers });
				}
			}
			return {
				...counts,
				removed: noLonger.reduce((sum, s) => sum + s.computers, 0),
				noLonger: noLonger.filter((s) => s.computers > 0)
			};
		},
		months: () => []
	};
}
