import { error } from '@sveltejs/kit';
import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import { figures, scopeKey } from '../cache';
import type { CsvColumn } from '../csv';
import { handLinks, nodeMonths, nodes } from '../db/schema';
import { departmentsInForce, keptResolver } from '../kept/departments';
import { asOfInstant } from '../metrics/asof';
import { deviceShortName, indexManaged } from '../metrics/departments';
import { firstBackupProgress, type FirstBackupProgress } from '../metrics/firstbackup';
import { healthAt, type DeviceHealth } from '../metrics/health';
import { nameKey } from '../metrics/names';
import { isActiveStatus } from '../metrics/rollout';
import { explainDeviceDepartment, type DepartmentExplanation } from '../metrics/summary';
import type { Device, HealthBucket } from '../metrics/types';
import { deviceStateOf, loadDeviceHistory, loadManagedByShortName } from '../snapshots';
import { inScope, type FiguresContext } from './context';
import { visibleDepartments } from './rollout';

// One device: its state, how its department was decided, its history across the reports and its
// EZ-Backup nodes. Read with a few targeted queries: its own rows, its computer in the inventory,
// the nodes whose name it answers to.

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

/** The device page's figures, kept per kept version (cache.ts) for the page and its CSV. */
export function devicePage(ctx: FiguresContext, deviceUid: string) {
	return figures(ctx.db, `device:${deviceUid}:${ctx.asOf}:${scopeKey(ctx.scope)}`, () =>
		deviceFigures(ctx, deviceUid)
	);
}

function deviceFigures(ctx: FiguresContext, deviceUid: string): DevicePage {
	const history = loadDeviceHistory(ctx.db, deviceUid, ctx.asOf);
	const device = deviceStateOf(history);
	if (!device) error(404, 'No such device in the Code42 reports as of this date.');
	const departments = departmentsInForce(ctx.db);
	const resolver = keptResolver(ctx.db);
	const inventory = indexManaged(loadManagedByShortName(ctx.db, deviceShortName(device)), resolver);
	const explanation = explainDeviceDepartment(device, inventory, resolver, departments);
	// to a manager, a device of another department does not exist
	if (!inScope(ctx.scope, explanation.code))
		error(404, 'No such device in the Code42 reports as of this date.');

	const { thresholds, uploadMbps } = ctx.at;
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

	const nodes = linkedNodes(ctx, device);

	return {
		asOf: ctx.asOf,
		device,
		active: isActiveStatus(device.status),
		departmentName:
			visibleDepartments(ctx.db, ctx.scope).find((d) => d.code === explanation.code)?.name ??
			explanation.code,
		explanation,
		health: healthAt(device, asOfInstant(ctx.asOf), thresholds),
		progress: firstBackupProgress(device, uploadMbps),
		uploadMbps,
		history: rows,
		nodes
	};
}

/**
 * The device's EZ-Backup nodes by the link rule (its short hostname or device name, hand links
 * winning), among the nodes billed in a month not after D's month, each with its latest charge.
 */
function linkedNodes(ctx: FiguresContext, device: Device): LinkedNode[] {
	const M = ctx.at.month;
	const names = [deviceShortName(device), nameKey(device.deviceName)].filter((n) => n !== '');
	const words = new Map(
		ctx.db
			.select({ nodeKey: handLinks.nodeKey, linked: handLinks.linked })
			.from(handLinks)
			.where(eq(handLinks.deviceUid, device.deviceUid))
			// the later word on the same node wins
			.orderBy(sql`rowid`)
			.all()
			.map((w) => [w.nodeKey, w.linked])
	);
	const billed = ctx.db
		.select({
			key: nodes.key,
			nodename: nodeMonths.nodename,
			account: nodeMonths.account,
			lastMonth: nodeMonths.month,
			latestChargeCents: nodeMonths.totalCents,
			matchKey: nodeMonths.matchKey
		})
		.from(nodeMonths)
		.innerJoin(nodes, eq(nodes.id, nodeMonths.nodeId))
		.where(
			and(
				gt(nodeMonths.nextMonth, M),
				lte(nodeMonths.month, M),
				or(
					...names.map((n) => eq(nodeMonths.matchKey, n)),
					...[...words].filter(([, linked]) => linked).map(([key]) => eq(nodes.key, key))
				)
			)
		)
		.orderBy(nodes.key)
		.all();
	return billed
		.filter((n) => words.get(n.key) ?? names.includes(n.matchKey))
		.map((n) => ({
			nodename: n.nodename,
			account: n.account,
			lastMonth: n.lastMonth,
			latestChargeCents: n.latestChargeCents,
			byHand: words.get(n.key) === true
		}));
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
