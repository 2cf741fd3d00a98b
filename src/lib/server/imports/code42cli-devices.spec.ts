import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../imports/formats';
import { format } from './code42cli-devices';
import { createRowContext } from './row';

const BASE =
	'computerId,guid,name,osHostname,status,lastConnected,creationDate,productVersion,osName,osVersion,userUid'.split(
		','
	);

function parser(header: string[]) {
	return format.createRowParser(
		createRowContext('cli.csv', header, mapHeader(header, format.columns).index)
	);
}

describe('code42cli-devices', () => {
	it('reads guid as the deviceUid, without backup fields', () => {
		const cells =
			'1042,925541938261443264,ANSC-PC0042,ANSC-PC0042.cals.cornell.edu,Active,2020-11-30T12:01:02.123Z,2020-03-12T16:55:40.632Z,8.2.1,win64,10.0.18363,872236417367398401'.split(
				','
			);
		expect(parser(BASE)(cells, 2)).toEqual({
			deviceUid: '925541938261443264',
			computerId: '1042',
			deviceName: 'ANSC-PC0042',
			deviceOsHostname: 'ANSC-PC0042.cals.cornell.edu',
			status: 'Active',
			lastConnectedDate: '2020-11-30T12:01:02.123Z',
			creationDate: '2020-03-12T16:55:40.632Z',
			productVersion: '8.2.1',
			osName: 'win64',
			osVersion: '10.0.18363',
			userUid: '872236417367398401',
			archiveCount: null,
			totalStorageBytes: null,
			username: null
		});
	});

	it('reads the optional trailing columns', () => {
		const header = [...BASE, 'archiveCount', 'totalStorageBytes', 'username'];
		const cells = '1,g1,PC,,Active,,2020-01-01T00:00:00Z,,,,,2,80500000000,ab12@cornell.edu'.split(
			','
		);
		expect(parser(header)(cells, 2)).toMatchObject({
			archiveCount: 2,
			totalStorageBytes: 80_500_000_000,
			username: 'ab12@cornell.edu'
		});
	});

	it('refuses a bad count', () => {
		const parse = parser([...BASE, 'archiveCount']);
		const cells = (guid: string, count: string) =>
			`1,${guid},PC,,Active,,2020-01-01T00:00:00Z,,,,,${count}`.split(',');
		expect(parse(cells('g2', 'two'), 4)).toEqual([
			{
				line: 4,
				column: 'archiveCount',
				value: 'two',
				message:
					'cli.csv, line 4, column "archiveCount": "two" is not a whole number. Write a whole number, then upload the file again.'
			}
		]);
	});
});
