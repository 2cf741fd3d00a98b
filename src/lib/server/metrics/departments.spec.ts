import { describe, expect, it } from 'vitest';
import {
	compareDepartmentCodes,
	createDepartmentResolver,
	departmentCodes,
	departmentOfDevice,
	departmentOfNode,
	indexManaged,
	UNASSIGNED
} from './departments';
import { device, managed } from './fixtures';
import type { Department } from './types';

const ANSC: Department = {
	code: 'ANSC',
	name: 'Animal Science',
	aliases: ['CALS-ANSC', 'Dept of Animal Science', 'IT-ANS1004']
};
const ENTO: Department = { code: 'ENTO', name: 'Entomology', aliases: ['CALS-ENTO', 'IT-ANS'] };
const HORT: Department = { code: 'HORT', name: 'Horticulture', aliases: [] };

describe('createDepartmentResolver', () => {
	const resolver = createDepartmentResolver([HORT, ENTO, ANSC]);

	it('maps a code, name or alias to the code, ignoring case and spaces', () => {
		expect(resolver.resolve('ANSC')).toBe('ANSC');
		expect(resolver.resolve(' ansc ')).toBe('ANSC');
		expect(resolver.resolve('animal science')).toBe('ANSC');
		expect(resolver.resolve('CALS-ANSC')).toBe('ANSC');
		expect(resolver.resolve('Dept of  Animal Science')).toBe('ANSC');
		expect(resolver.resolve('Entomology')).toBe('ENTO');
	});

	it('finds nothing for unknown, blank or missing text', () => {
		expect(resolver.resolve('Chemistry')).toBeNull();
		expect(resolver.resolve('')).toBeNull();
		expect(resolver.resolve(null)).toBeNull();
		expect(resolver.resolve(UNASSIGNED)).toBeNull();
	});

	it('lists the codes sorted, without UNASSIGNED', () => {
		expect(resolver.codes).toEqual(['ANSC', 'ENTO', 'HORT']);
		expect(departmentCodes([HORT, ENTO, ANSC])).toEqual(['ANSC', 'ENTO', 'HORT', UNASSIGNED]);
		expect(departmentCodes([])).toEqual([UNASSIGNED]);
	});

	it('on a clash, a code beats a name, a name beats an alias, the first listed beats the next', () => {
		const clash = createDepartmentResolver([
			{ code: 'AAA', name: 'Shared Name', aliases: ['BBB', 'X'] },
			{ code: 'BBB', name: 'Other', aliases: ['Shared Name', 'X'] }
		]);
		expect(clash.resolve('BBB')).toBe('BBB'); // code of BBB over alias of AAA
		expect(clash.resolve('Shared Name')).toBe('AAA'); // name of AAA over alias of BBB
		expect(clash.resolve('X')).toBe('AAA'); // alias of both: first listed
	});

	it('finds the department listing an account, or its longest "-" prefix, as an alias', () => {
		expect(resolver.resolveAccount('IT-ANS1004')).toBe('ANSC');
		expect(resolver.resolveAccount('it-ans1004')).toBe('ANSC');
		// the KFS string of a Billing Summary: the longest alias prefix is IT-ANS1004, not IT-ANS
		expect(resolver.resolveAccount('IT-ANS1004-_____-6601-___-__________-________')).toBe('ANSC');
		expect(resolver.resolveAccount('IT-ANS2000')).toBeNull(); // 'IT-ANS' is a prefix, not at a '-'
		expect(resolver.resolveAccount('IT-ANS-9')).toBe('ENTO');
		// a code or a name is not an account alias
		expect(resolver.resolveAccount('ANSC')).toBeNull();
		expect(resolver.resolveAccount(null)).toBeNull();
	});

	it('sorts codes with UNASSIGNED last', () => {
		expect(['UNASSIGNED', 'ENTO', 'ANSC'].sort(compareDepartmentCodes)).toEqual([
			'ANSC',
			'ENTO',
			'UNASSIGNED'
		]);
	});
});

describe('indexManaged', () => {
	const resolver = createDepartmentResolver([ANSC, ENTO]);

	it('keys computers by short name and resolves their department', () => {
		const index = indexManaged(
			[
				managed('ANSC-PC0042', 'ANSC'),
				managed('ento-pc1.cals.cornell.edu', 'Entomology'),
				managed('LAB-X', 'Mystery')
			],
			resolver
		);
		expect([...index.keys()]).toEqual(['ansc-pc0042', 'ento-pc1', 'lab-x']);
		expect(index.get('ento-pc1')?.department).toBe('ENTO');
		expect(index.get('lab-x')).toMatchObject({ department: UNASSIGNED, departmentKnown: false });
	});

	it('counts a short name once: the row seen last wins, the first listed on a tie', () => {
		const index = indexManaged(
			[
				managed('PC1', 'ANSC', { lastSeen: '2020-05-01' }),
				managed('pc1.cals', 'ENTO', { lastSeen: '2020-06-01' }),
				managed('PC2', 'ANSC', { lastSeen: '2020-06-01' }),
				managed('PC2', 'ENTO', { lastSeen: '2020-06-01' }),
				managed('PC3', 'ANSC', { lastSeen: null }),
				managed('PC3', 'ENTO', { lastSeen: '2019-01-01' })
			],
			resolver
		);
		expect(index.size).toBe(3);
		expect(index.get('pc1')?.department).toBe('ENTO'); // seen later
		expect(index.get('pc2')?.department).toBe('ANSC'); // tie: first
		expect(index.get('pc3')?.department).toBe('ENTO'); // a date beats none
	});

	it('falls back to the computer name when the short name is blank, and skips nameless rows', () => {
		const index = indexManaged(
			[managed('ANSC-PC9.cals', 'ANSC', { shortName: '' }), managed('', 'ANSC', { shortName: '' })],
			resolver
		);
		expect([...index.keys()]).toEqual(['ansc-pc9']);
	});
});

describe('departmentOfDevice', () => {
	const resolver = createDepartmentResolver([ANSC, ENTO]);
	const inventory = indexManaged(
		[managed('ANSC-PC0042', 'ANSC'), managed('LAB-X', 'Mystery')],
		resolver
	);

	it('takes the inventory department of the same short hostname first', () => {
		// orgName says ENTO, but the inventory knows the computer: ANSC
		const d = device('d1', { shortHostname: 'ansc-pc0042', orgName: 'CALS-ENTO' });
		expect(departmentOfDevice(d, inventory, resolver)).toEqual({
			code: 'ANSC',
			source: 'inventory'
		});
	});

	it('else the department whose code, name or alias is the orgName', () => {
		const d = device('d2', { deviceName: 'home-laptop', orgName: ' cals-ento ' });
		expect(departmentOfDevice(d, inventory, resolver)).toEqual({ code: 'ENTO', source: 'orgName' });
	});

	it('lets the orgName decide when the inventory names no known department', () => {
		const d = device('d3', { deviceName: 'LAB-X', orgName: 'Animal Science' });
		expect(departmentOfDevice(d, inventory, resolver)).toEqual({ code: 'ANSC', source: 'orgName' });
	});

	it('else UNASSIGNED', () => {
		const d = device('d4', { deviceName: 'xyz', orgName: 'Some Org' });
		expect(departmentOfDevice(d, inventory, resolver)).toEqual({
			code: UNASSIGNED,
			source: 'unassigned'
		});
		const e = device('d5', { deviceName: 'LAB-X', orgName: null });
		expect(departmentOfDevice(e, inventory, resolver)).toEqual({
			code: UNASSIGNED,
			source: 'unassigned'
		});
	});
});

describe('departmentOfNode', () => {
	const resolver = createDepartmentResolver([ANSC, ENTO]);

	it("takes the latest charge's Department by code, name or alias", () => {
		expect(
			departmentOfNode({ department: 'Entomology', account: 'IT-ANS1004' }, ['ANSC'], resolver)
		).toEqual({
			code: 'ENTO',
			source: 'charge'
		});
	});

	it('else the department listing the account as an alias', () => {
		expect(
			departmentOfNode({ department: 'Nowhere', account: 'IT-ANS1004' }, ['ENTO'], resolver)
		).toEqual({
			code: 'ANSC',
			source: 'account'
		});
	});

	it("else the linked devices' department, skipping UNASSIGNED ones", () => {
		expect(
			departmentOfNode({ department: null, account: 'X-1' }, [UNASSIGNED, 'ENTO', 'ANSC'], resolver)
		).toEqual({
			code: 'ENTO',
			source: 'device'
		});
		expect(departmentOfNode(null, ['ANSC'], resolver)).toEqual({ code: 'ANSC', source: 'device' });
	});

	it('else UNASSIGNED', () => {
		expect(departmentOfNode({ department: null, account: 'X-1' }, [], resolver)).toEqual({
			code: UNASSIGNED,
			source: 'unassigned'
		});
		expect(departmentOfNode({ department: '', account: '' }, [UNASSIGNED], resolver)).toEqual({
			code: UNASSIGNED,
			source: 'unassigned'
		});
	});
});
