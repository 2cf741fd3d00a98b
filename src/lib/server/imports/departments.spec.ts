import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../imports/formats';
import { format } from './departments';
import { createRowContext } from './row';

const HEADER = ['Code', 'Name', 'Aliases'];

function parser() {
	return format.createRowParser(
		createRowContext('departments.csv', HEADER, mapHeader(HEADER, format.columns).index)
	);
}

describe('departments', () => {
	it('splits aliases on semicolons, dropping blanks and repeats of its own spellings', () => {
		expect(
			parser()(
				[
					'ANSC',
					'Animal Science',
					' CALS-ANSC ;;Dept of  Animal Science; animal science;cals-ansc'
				],
				2
			)
		).toEqual({
			code: 'ANSC',
			name: 'Animal Science',
			aliases: ['CALS-ANSC', 'Dept of Animal Science']
		});
		expect(parser()(['PLSCI', 'Plant Sciences', ''], 2)).toEqual({
			code: 'PLSCI',
			name: 'Plant Sciences',
			aliases: []
		});
	});

	it('reads a line break typed into a name as a space', () => {
		expect(parser()(['FDSC', 'Food\nScience', ''], 2)).toMatchObject({ name: 'Food Science' });
	});

	it('refuses a spelling that names two departments', () => {
		const parse = parser();
		parse(['ANSC', 'Animal Science', 'Dairy'], 2);
		expect(parse(['FDSC', 'Food Science', 'dairy;CALS-FDSC'], 3)).toEqual([
			{
				line: 3,
				column: 'Aliases',
				value: 'dairy;CALS-FDSC',
				message:
					'departments.csv, line 3, column "Aliases": "dairy" would name both ANSC (line 2) and FDSC, so rows using it could not be placed. Keep it for one department only, then upload the file again.'
			}
		]);
		expect(parse(['DAIRY', 'animal science', ''], 4)).toMatchObject([
			{ column: 'Name', line: 4, value: 'animal science' },
			{ column: 'Code', line: 4, value: 'DAIRY' }
		]);
	});

	it('refuses a department listed twice', () => {
		const parse = parser();
		parse(['ANSC', 'Animal Science', ''], 2);
		expect(parse(['ansc', 'Animal Science', ''], 6)).toEqual([
			{
				line: 6,
				column: 'Code',
				value: 'ansc',
				message:
					'departments.csv, line 6, column "Code": department ansc is listed twice (lines 2 and 6). Keep one row per department, then upload the file again.'
			}
		]);
	});

	it('keeps UNASSIGNED for the rows no department claims', () => {
		expect(parser()(['Unassigned', 'Nobody', ''], 3)).toEqual([
			{
				line: 3,
				column: 'Code',
				value: 'Unassigned',
				message:
					'departments.csv, line 3, column "Code": UNASSIGNED is reserved for the devices and nodes no department claims. Use another code, then upload the file again.'
			}
		]);
	});

	it('needs a code and a name', () => {
		expect(parser()(['', '', 'x'], 2)).toMatchObject([
			{ column: 'Code', line: 2 },
			{ column: 'Name', line: 2 }
		]);
	});
});
