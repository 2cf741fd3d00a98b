import type { CsvColumn } from '../csv';
import { audit } from '../audit';
import type { Db } from '../db';
import { createDepartmentResolver } from '../metrics/departments';
import {
	unassignedDevices,
	unassignedNodes,
	type UnassignedDevice,
	type UnassignedNode
} from '../metrics/summary';
import { importFile } from '../imports/pipeline';
import { loadDepartments } from '../state';
import { stateAsOf } from './asof';
import type { RolloutContext } from './rollout';

// The UNASSIGNED list and its fix. An alias added here goes in as a one-department departments
// file through the import pipeline: it is kept in the import history like any upload, and undoing
// that import takes the alias back.

export function unassignedPage(ctx: RolloutContext) {
	const state = stateAsOf(ctx.db, ctx.asOf);
	const devices = unassignedDevices(state);
	const nodes = unassignedNodes(state);
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
		asOf: state.asOf,
		devices,
		nodes,
		aliases: [...texts.values()].sort((a, b) => b.devices + b.nodes - (a.devices + a.nodes)),
		departments: state.departments.map((d) => ({ code: d.code, name: d.name }))
	};
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
	const departments = loadDepartments(db);
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
