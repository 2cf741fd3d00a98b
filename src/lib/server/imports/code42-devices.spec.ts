import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../imports/formats';
import { format } from './code42-devices';
import { createRowContext, PENDING } from './row';

const HEADER = format.columns.map((c) => c.header);

function parser() {
	const mapping = mapHeader(HEADER, format.columns);
	return format.createRowParser(createRowContext('devices.csv', HEADER, mapping.index));
}

/** A row of the report, with the given cells replaced. */
function row(values: Record<string, string>): string[] {
	const base: Record<string, string> = {
		archiveGuid: '925541938261443265',
		orgName: 'CALS-Animal Science',
		username: 'jd42',
		deviceUid: '925541938261443264',
		deviceName: 'ANSC-PC0042',
		deviceOsHostname: 'ANSC-PC0042.cals.cornell.edu',
		destinationUid: '632540230984925185',
		destinationName: 'Code42 Cloud USA West',
		status: 'Active',
		alertStates: 'OK',
		os: 'win64',
		creationDate: '2020-03-12T16:55:40.632Z',
		selectedBytes: '123456789012',
		backupCompletePercentage: '100.0',
		archiveBytes: '98765432101',
		coldStorage: 'false',
		lastConnectedDate: '2020-11-30T12:01:02.123Z',
		lastCompletedBackupDate: '2020-11-30T11:00:00.000Z',
		lastActivity: '2020-11-30T12:01:02.123Z'
	};
	const cells = { ...base, ...values };
	return HEADER.map((h) => cells[h] ?? '');
}

describe('code42-devices', () => {
	it('reads a row into a compact record', () => {
		expect(parser()(row({}), 2)).toEqual({
			archiveGuid: '925541938261443265',
			orgName: 'CALS-Animal Science',
			username: 'jd42',
			deviceUid: '925541938261443264',
			deviceName: 'ANSC-PC0042',
			deviceOsHostname: 'ANSC-PC0042.cals.cornell.edu',
			destinationUid: '632540230984925185',
			destinationName: 'Code42 Cloud USA West',
			status: 'Active',
			alertStates: 'OK',
			os: 'win64',
			creationDate: '2020-03-12T16:55:40.632Z',
			selectedBytes: 123456789012,
			backupCompletePercentage: 100,
			archiveBytes: 98765432101,
			lastConnectedDate: '2020-11-30T12:01:02.123Z',
			lastCompletedBackupDate: '2020-11-30T11:00:00.000Z',
			lastActivity: '2020-11-30T12:01:02.123Z'
		});
	});

	it('reads null and empty cells as none, old-style dates as UTC', () => {
		const record = parser()(
			row({
				archiveGuid: 'null',
				destinationUid: '',
				selectedBytes: 'null',
				backupCompletePercentage: '',
				creationDate: 'Oct 12, 2020 8:17:52 PM',
				lastCompletedBackupDate: 'null',
				lastActivity: ''
			}),
			2
		);
		expect(record).toMatchObject({
			archiveGuid: null,
			destinationUid: null,
			selectedBytes: null,
			backupCompletePercentage: null,
			creationDate: '2020-10-12T20:17:52.000Z',
			lastCompletedBackupDate: null,
			lastActivity: null
		});
	});

	it('keeps a status with a comma whole', () => {
		expect(parser()(row({ status: 'Active, Deauthorized' }), 2)).toMatchObject({
			status: 'Active, Deauthorized'
		});
	});

	it('needs a deviceUid on every row', () => {
		expect(parser()(row({ deviceUid: 'null' }), 9)).toEqual([
			{
				line: 9,
				column: 'deviceUid',
				value: 'null',
				message:
					'devices.csv, line 9, column "deviceUid": the cell is empty, but every row needs a deviceUid. Fill it in, then upload the file again.'
			}
		]);
	});

	it('reports every bad cell of a row', () => {
		const result = parser()(
			row({
				creationDate: '2020-02-30T00:00:00Z',
				selectedBytes: '-1',
				backupCompletePercentage: '101'
			}),
			5
		);
		expect(Array.isArray(result) && result.map((p) => [p.line, p.column, p.value])).toEqual([
			[5, 'creationDate', '2020-02-30T00:00:00Z'],
			[5, 'selectedBytes', '-1'],
			[5, 'backupCompletePercentage', '101']
		]);
	});

	it('holds a row with a numeric date until its column settles', () => {
		expect(parser()(row({ creationDate: '03/04/2020 10:00' }), 2)).toBe(PENDING);
	});
});
