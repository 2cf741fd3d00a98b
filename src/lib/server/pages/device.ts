import { error } from '@sveltejs/kit';
import type { CsvColumn } from '../csv';
import { asOfInstant } from '../metrics/asof';
import { createDepartmentResolver, deviceShortName, indexManaged } from '../metrics/departments';
import { firstBackupProgress, type FirstBackupProgress } from '../metrics/firstbackup';
import { healthAt, type DeviceHealth } from '../metrics/health';
import { isActiveStatus } from '../metrics/rollout';
import { linkNodes, nodeKey } from '../metrics/savings';
import { explainDeviceDepartment, type DepartmentExplanation } from '../metrics/summary';
import type { Device, HealthBucket } from '../metrics/types';
import { loadHealthSettings } from '../health-settings';
import {
	deviceStateOf,
	loadBilledNodenames,
	loadDeviceHistory,
	loadLatestCharges,
	loadManagedByShortName
} from '../snapshots';
import { loadDepartments, loadHandLinks } from '../state';
import { departmentName, type RolloutContext } from './rollout';
import { inScope } from './scope';

// One device: its state, how its department was decided, its history across the reports and its
// EZ-Backup nodes. Read with a few targeted queries, not the whole state.

export interface HistoryRow {
	asOf: string;
	source: 'Device backup report' | 'Enrollment list';
	status: string;
	/** its health as of that report's date (device backup reports only) */
	bucket: HealthBucket | null;
	destination: string | null;
	percent: number | null;
	lastCompletedBackup: string | null;
	alert: string | null;
	archiveBytes: number | null;
	selectedBytes: number | null;
}

export interface LinkedNode {
	nodename: string;
	account: string;
	lastMonth: string;
	latestChargeCents: number;
	/** linked by an administrator rather than by the name rule */
	byHand: boolean;
}

export interface DevicePage {
	asOf: string;
	device: Device;
	active: boolean;
	departmentName: string;
	explanation: DepartmentExplanation;
	health: DeviceHealth | null;
	progress: FirstBackupProgress | null;
	uploadMbps: number;
	history: HistoryRow[];
	nodes: LinkedNode[];
}

export function devicePage(ctx: RolloutContext, deviceUid: string): DevicePage {
	const history = loadDeviceHistory(ctx.db, deviceUid, ctx.asOf);
	const device = deviceStateOf(history);
	if (!device) error(404, 'No such device in the Code42 reports as of this date.');
	const departments = loadDepartments(ctx.db);
	const resolver = createDepartmentResolver(departments);
	const inventory = indexManaged(loadManagedByShortName(ctx.db, deviceShortName(device)), resolver);
	const explanation = explainDeviceDepartment(device, inventory, resolver, departments);
	// to a manager, a device of another department does not exist
	if (!inScope(ctx.scope, explanation.code))
		error(404, 'No such device in the Code42 reports as of this date.');

	const { thresholds, uploadMbps } = loadHealthSettings(ctx.db);
	const rows: HistoryRow[] = [];
	for (const entry of [...history].reverse()) {
		const bucket = healthAt(entry.device, asOfInstant(entry.asOf), thresholds)?.bucket ?? null;
		const base = {
			asOf: entry.asOf,
			status: entry.device.status,
			bucket
		};
		if (entry.device.archives === null) {
			rows.push({
				...base,
				source: 'Enrollment list',
				destination: null,
				percent: null,
				lastCompletedBackup: null,
				alert: null,
				archiveBytes: null,
				selectedBytes: null
			});
			continue;
		}
		for (const archive of entry.device.archives) {
			rows.push({
				...base,
				source: 'Device backup report',
				destination: archive.destinationName || null,
				percent: archive.backupCompletePercentage,
				lastCompletedBackup: archive.lastCompletedBackup,
				alert: archive.alertStates || null,
				archiveBytes: archive.archiveBytes,
				selectedBytes: archive.selectedBytes
			});
		}
	}

	// Its nodes by the link rule (name match, hand links win), over the nodes billed so far.
	const handLinks = loadHandLinks(ctx.db);
	const nodenames = loadBilledNodenames(ctx.db, ctx.asOf);
	const written = new Map<string, string>();
	for (const name of nodenames) if (!written.has(nodeKey(name))) written.set(nodeKey(name), name);
	const linked = [...linkNodes(nodenames, [device], handLinks)]
		.filter(([, uids]) => uids.includes(device.deviceUid))
		.map(([key]) => written.get(key) as string);
	const byHand = new Set(
		handLinks
			.filter((l) => l.linked && l.deviceUid === device.deviceUid)
			.map((l) => nodeKey(l.nodename))
	);
	const nodes = loadLatestCharges(ctx.db, linked, ctx.asOf).map((c) => ({
		nodename: c.nodename,
		account: c.account,
		lastMonth: c.month,
		latestChargeCents: c.totalCents,
		byHand: byHand.has(nodeKey(c.nodename))
	}));

	return {
		asOf: ctx.asOf,
		device,
		active: isActiveStatus(device.status),
		departmentName: departmentName({ departments }, explanation.code),
		explanation,
		health: healthAt(device, asOfInstant(ctx.asOf), thresholds),
		progress: firstBackupProgress(device, uploadMbps),
		uploadMbps,
		history: rows,
		nodes
	};
}

export const historyColumns: CsvColumn<HistoryRow>[] = [
	{ header: 'Report as of', value: 'asOf' },
	{ header: 'Source', value: 'source' },
	{ header: 'Status', value: 'status' },
	{ header: 'Health that day', value: 'bucket' },
	{ header: 'Destination', value: 'destination' },
	{ header: 'Backup complete (%)', value: 'percent' },
	{ header: 'Last completed backup', value: 'lastCompletedBackup' },
	{ header: 'Alert', value: 'alert' },
	{ header: 'Archive (bytes)', value: 'archiveBytes' },
	{ header: 'Selected (bytes)', value: 'selectedBytes' }
];

export const linkedNodeColumns: CsvColumn<LinkedNode>[] = [
	{ header: 'Node', value: 'nodename' },
	{ header: 'Account', value: 'account' },
	{ header: 'Last billed month', value: 'lastMonth' },
	{ header: 'Latest charge (cents)', value: 'latestChargeCents' },
	{ header: 'Linked', value: (n) => (n.byHand ? 'by hand' : 'by name') }
];
