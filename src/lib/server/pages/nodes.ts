import { nextStepText, turnOffWords, type TurnOff } from '$lib/turn-off';
import type { CsvColumn } from '../csv';
import { devicesHoldingBack, type LinkedDevice, type NodeRow } from '../metrics/nodes';

// An EZ-Backup node as the savings page's list, a department's list and their CSVs show it: with
// where it stands against "Turn off now" and, when it is not on it, whose device holds it back.

/** A linked device whose user is the one to ask (the device names the user when the export does not). */
export type HeldBy = Pick<LinkedDevice, 'deviceName' | 'username'>;

/** A node as a page's table shows it. */
export interface NodeView {
	nodename: string;
	account: string;
	department: string;
	sizeBytes: number | null;
	latestChargeCents: number;
	status: NodeRow['status'];
	sinceMonth: string;
	turnOff: TurnOff;
	heldBy: HeldBy[];
	devices: Pick<LinkedDevice, 'deviceUid' | 'deviceName' | 'status' | 'health' | 'byHand'>[];
}

const heldBy = (r: NodeRow): HeldBy[] =>
	devicesHoldingBack(r.turnOff, r.devices).map((d) => ({
		deviceName: d.deviceName,
		username: d.username
	}));

export const nodeView = (r: NodeRow): NodeView => ({
	nodename: r.nodename,
	account: r.account,
	department: r.department,
	sizeBytes: r.sizeBytes,
	latestChargeCents: r.latestChargeCents,
	status: r.status,
	sinceMonth: r.sinceMonth,
	turnOff: r.turnOff,
	heldBy: heldBy(r),
	devices: r.devices.map((d) => ({
		deviceUid: d.deviceUid,
		deviceName: d.deviceName,
		status: d.status,
		health: d.health,
		byHand: d.byHand
	}))
});

/** A list of nodes, every row, as the pages show it. */
export const NODE_COLUMNS: readonly CsvColumn<NodeRow>[] = [
	{ header: 'Nodename', value: 'nodename' },
	{ header: 'Account', value: 'account' },
	{ header: 'Department', value: 'department' },
	{ header: 'Size (bytes)', value: 'sizeBytes' },
	{ header: 'Latest charge (USD)', value: (r) => centsToDecimal(r.latestChargeCents) },
	{ header: 'Billed or retired', value: 'status' },
	{ header: 'Since (month)', value: 'sinceMonth' },
	{ header: 'Can be turned off now', value: (r) => (r.eligible ? 'yes' : 'no') },
	{
		header: 'Why not turned off now',
		value: (r) => (r.turnOff === 'now' ? '' : turnOffWords(r.turnOff, heldBy(r).length))
	},
	{ header: 'Next step', value: (r) => nextStepText(r.turnOff) },
	{
		header: 'User to chase',
		value: (r) =>
			[...new Set(heldBy(r).flatMap((d) => (d.username ? [d.username] : [])))].join('; ')
	},
	{
		header: 'Linked devices',
		value: (r) =>
			r.devices
				.map((d) => `${d.deviceName} (${d.health ?? d.status}${d.byHand ? ', by hand' : ''})`)
				.join('; ')
	}
];

/** 1234 → '12.34', −5 → '-0.05': exact, with no float on the way. */
export function centsToDecimal(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
