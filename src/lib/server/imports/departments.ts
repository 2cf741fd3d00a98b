// The department list: codes, names and the other spellings (aliases) seen in Code42 orgName, the
// billing Department column and account prefixes.

import { CSV_FORMATS } from '../../imports/formats';
import { RowReader, type CsvFormat } from './row';
import type { DepartmentRecord } from './types';

/** The department of devices and nodes nobody could place (domain.md); no file may define it. */
export const UNASSIGNED = 'UNASSIGNED';

/** Name matches ignore case and surrounding spaces (domain.md). */
const spelling = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

export const format: CsvFormat<DepartmentRecord> = {
	...CSV_FORMATS['departments'],
	createRowParser(context) {
		// every spelling (code, name, alias) → the department it names and where
		const owners = new Map<string, { code: string; line: number }>();
		return (cells, line) => {
			const r = new RowReader(context, cells, line);
			const code = r.text('code', true);
			// a line break typed into the cell (Alt+Enter in Excel) is a space in a name
			const name = r.text('name', true).replace(/\s+/g, ' ');
			const aliases: string[] = [];
			// each spelling of this department, as written
			const own = new Map([
				[spelling(name), name],
				[spelling(code), code]
			]);
			for (const part of (r.text('aliases') ?? '').split(';')) {
				const alias = part.trim().replace(/\s+/g, ' ');
				if (alias === '' || own.has(spelling(alias))) continue;
				own.set(spelling(alias), alias);
				aliases.push(alias);
			}
			if (spelling(code) === spelling(UNASSIGNED)) {
				r.problem(
					'code',
					code,
					`${UNASSIGNED} is reserved for the devices and nodes no department claims. Use another code, then upload the file again.`
				);
			}
			const record: DepartmentRecord = { code, name, aliases };
			const result = r.result(record);
			if (result !== record) return result;
			for (const [key, written] of own) {
				const owner = owners.get(key);
				if (!owner) continue;
				if (spelling(owner.code) === spelling(code)) {
					if (key === spelling(code)) {
						r.problem(
							'code',
							code,
							`department ${code} is listed twice (lines ${owner.line} and ${line}). Keep one row per department, then upload the file again.`
						);
					}
					continue;
				}
				const which = key === spelling(code) ? 'code' : key === spelling(name) ? 'name' : 'aliases';
				r.problem(
					which,
					r.raw(which),
					`"${written}" would name both ${owner.code} (line ${owner.line}) and ${code}, so rows using it could not be placed. Keep it for one department only, then upload the file again.`
				);
			}
			if (r.problems.length > 0) return r.problems;
			for (const key of own.keys()) owners.set(key, { code, line });
			return record;
		};
	}
};
