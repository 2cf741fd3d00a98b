import { and, asc, eq, inArray } from 'drizzle-orm';
import { figures } from '../cache';
import type { CsvColumn } from '../csv';
import { deviceRows, devices, managed } from '../db/schema';
import { audit } from '../audit';
import type { Db } from '../db';
import { nodeLinksAt, nodesAt, withNodesAt } from '../figures/nodes';
import { statesAt } from '../figures/rollout';
import { createDepartmentResolver, UNASSIGNED } from '../metrics/departments';
import { nameKey } from '../metrics/names';
import type { UnassignedDevice, UnassignedNode } from '../metrics/summary';
import { departmentsInForce } from '../kept/departments';
import { managedNow } from '../kept/managed';
import { importFile } from '../imports/pipeline';
import type { FiguresContext } from './context';

// The UNASSIGNED list and its fix. An alias added here goes in as a one-department departments
// file through the import pipeline: it is kept in the import history like any upload, and undoing
// that import takes the alias back.

/** The devices the department rule leaves UNASSIGNED (every status), by short hostname. */
function unassignedDevices(ctx: FiguresContext): UnassignedDevice[] {
	const states = statesAt(ctx.db, ctx.at);
	return ctx.db
		.select({
			deviceUid: devices.uid,
			deviceName: deviceRows.deviceName,
			shortHostname: states.shortName,
			orgName: deviceRows.orgName,
			username: deviceRows.username,
			status: deviceRows.status,
			os: deviceRows.os,
			install: states.install,
			lastConnected: deviceRows.lastConnected,
			inventoryDepartment: managed.departmentText
		})
		.from(states)
		.innerJoin(devices, eq(devices.id, states.deviceId))
		.innerJoin(deviceRows, eq(deviceRows.id, states.rowId))
		.leftJoin(managed, and(eq(managed.shortName, states.shortName), managedNow()))
		.where(eq(states.department, UNASSIGNED))
		.orderBy(asc(states.shortName), asc(devices.uid))
		.all()
		.map(({ install, ...d }) => {
			const alias = [d.inventoryDepartment, d.orgName].find((t) => nameKey(t) !== '') ?? null;
			return {
				...d,
				creationDate: install === null ? null : new Date(install).toISOString(),
				aliasToAdd: alias === null ? null : alias.trim()
			};
		});
}

/**
 * EZ-Backup nodes in UNASSIGNED, by node. The fix is an alias: for the Department text of its
 * latest charge when it has one, else for its account (or a link to a device that is placed).
 */
function unassignedNodes(ctx: FiguresContext): Promise<UnassignedNode[]> {
	return withNodesAt(ctx.db, ctx.at, () => {
		const rows = ctx.db
			.select()
			.from(nodesAt)
			.where(eq(nodesAt.department, UNASSIGNED))
			.orderBy(asc(nodesAt.nodeKey))
			.all();
		const linked = new Map<number, string[]>();
		for (const l of ctx.db
			.select({ nodeId: nodeLinksAt.nodeId, uid: devices.uid })
			.from(nodeLinksAt)
			.innerJoin(devices, eq(devices.id, nodeLinksAt.deviceId))
			.where(
				and(
					inArray(
						nodeLinksAt.nodeId,
						rows.map((r) => r.nodeId)
					)
				)
			)
			.orderBy(asc(devices.uid))
			.all()) {
			const list = linked.get(l.nodeId);
			if (list) list.push(l.uid);
			else linked.set(l.nodeId, [l.uid]);
		}
		return rows.map((n) => {
			const written = n.departmentCell;
			const chargeDepartment = written !== null && written.trim() !== '' ? written.trim() : null;
			return {
				nodename: n.nodename,
				account: n.account,
				chargeDepartment,
				lastMonth: n.lastMonth,
				latestChargeCents: n.latestChargeCents,
				retired: n.retired,
				linkedDeviceUids: linked.get(n.nodeId) ?? [],
				aliasToAdd: chargeDepartment ?? n.account.trim()
			};
		});
	});
}

/** The unassigned page, kept per kept version (cache.ts) for the page and its CSV. */
export function unassignedPage(ctx: FiguresContext) {
	return figures(ctx.db, `unassigned:${ctx.asOf}`, async () => {
		const devices = unassignedDevices(ctx);
		const nodes = await unassignedNodes(ctx);
		// one fix per text that failed to match, however many devices and nodes it leaves out
		const texts = new Map<string, { text: string; devices: number; nodes: number }>();
		const tally = (text: string | null, what: 'devices' | 'nodes') => {
			if (text === null) return;
			const key = text.toLowerCase();
			const held = texts.get(key) ?? { text, devices: 0, nodes: 0 };
			held[what] += 1;
			texts.set(key, held);
		};
		for (const d of devices) tally(d.aliasToAdd, 'devices');
		for (const n of nodes) tally(n.aliasToAdd, 'nodes');
		return {
			asOf: ctx.asOf,
			devices,
			nodes,
			aliases: [...texts.values()].sort((a, b) => b.devices + b.nodes - (a.devices + a.nodes)),
			departments: departmentsInForce(ctx.db).map((d) => ({ code: d.code, name: d.name }))
		};
	});
}

export type AliasOutcome =
	{ ok: true; message: string } | { ok: false; status: number; message: string };

/** Adds an alias to a department, unless it is blank, holds a ';' or already names a department. */
export function addAlias(db: Db, code: string, aliasText: string, by: string): AliasOutcome {
	const alias = aliasText.trim().replace(/\s+/g, ' ');
	if (alias === '') return { ok: false, status: 400, message: 'Write the alias to add.' };
	if (alias.length > 200) {
		return { ok: false, status: 400, message: 'An alias is at most 200 characters long.' };
	}
	if (alias.includes(';')) {
		return {
			ok: false,
			status: 400,
			message: 'An alias cannot hold a ";": the departments file separates aliases with it.'
		};
	}
	const departments = departmentsInForce(db);
	const department = departments.find((d) => d.code === code);
	if (!department)
		return { ok: false, status: 400, message: 'Pick the department the alias names.' };
	const owner = createDepartmentResolver(departments).resolve(alias);
	if (owner !== null) {
		return {
			ok: false,
			status: 409,
			message: `"${alias}" already names ${owner}: nothing to add.`
		};
	}
	// Every field quoted, and not neutralized as an export would be: this file is read back in.
	const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
	const csv =
		'Code,Name,Aliases\r\n' +
		[department.code, department.name, [...department.aliases, alias].join(';')]
			.map(quote)
			.join(',') +
		'\r\n';
	const outcome = importFile(db, {
		fileName: `alias for ${code} (added on the Unassigned page).csv`,
		bytes: new TextEncoder().encode(csv),
		kind: 'departments',
		uploadedBy: by
	});
	if (outcome.status === 'refused') {
		return { ok: false, status: 422, message: outcome.errors[0]?.message ?? outcome.message };
	}
	audit(db, by, 'department.alias-add', code, { alias, importId: outcome.importId });
	return { ok: true, message: `"${alias}" is now an alias of ${code}.` };
}

export const unassignedDeviceColumns: CsvColumn<UnassignedDevice>[] = [
	{ header: 'Device', value: 'deviceName' },
	{ header: 'Device UID', value: 'deviceUid' },
	{ header: 'Short hostname', value: 'shortHostname' },
	{ header: 'Code42 org', value: 'orgName' },
	{ header: 'Inventory department', value: 'inventoryDepartment' },
	{ header: 'User', value: 'username' },
	{ header: 'Status', value: 'status' },
	{ header: 'OS', value: 'os' },
	{ header: 'Installed', value: 'creationDate' },
	{ header: 'Last connected', value: 'lastConnected' },
	{ header: 'Alias to add', value: 'aliasToAdd' }
];

export const unassignedNodeColumns: CsvColumn<UnassignedNode>[] = [
	{ header: 'Node', value: 'nodename' },
	{ header: 'Account', value: 'account' },
	{ header: 'Department on the charge', value: 'chargeDepartment' },
	{ header: 'Last billed month', value: 'lastMonth' },
	{ header: 'Latest charge (cents)', value: 'latestChargeCents' },
	{ header: 'Retired', value: (n) => (n.retired ? 'yes' : 'no') },
	{ header: 'Linked devices', value: (n) => n.linkedDeviceUids.join(' ') },
	{ header: 'Alias to add', value: 'aliasToAdd' }
];
