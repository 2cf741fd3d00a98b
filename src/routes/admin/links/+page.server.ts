import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import {
	findDevices,
	findNodename,
	forgetHandLink,
	listHandLinks,
	setHandLink
} from '$lib/server/hand-links';
import { linksOf, withNodesAt } from '$lib/server/figures/nodes';
import { nodePage } from '$lib/server/figures/savings';
import { nodeKey } from '$lib/server/metrics/savings';
import { figuresContext } from '$lib/server/pages/context';
import { deviceNamesAt } from '$lib/server/figures/devices';
import { fail } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole('admin');
	const { db, at, asOf } = await figuresContext(event.url, user);
	const asked = event.url.searchParams.get('node')?.trim().slice(0, 200) ?? '';
	return withNodesAt(db, at, (latestBilledMonth) => {
		// the nodes that link to nothing: every node's links are needed
		linksOf(db, at, null);
		return {
			asOf,
			latestBilledMonth,
			asked,
			node: asked === '' ? null : (nodePage(db, at, { key: nodeKey(asked) }, null)[0] ?? null),
			// still-billed nodes first: they are the ones that keep costing and cannot become eligible
			unlinked: nodePage(db, at, { unlinked: true }, null),
			handLinks: listHandLinks(db),
			deviceNames: deviceNamesAt(db, at)
		};
	});
};

const Text = (what: string) =>
	z
		.string({ error: `Enter the ${what}.` })
		.trim()
		.min(1, `Enter the ${what}.`)
		.max(300);
const Add = z.object({ nodename: Text('nodename'), device: Text('device name or uid') });
const Pair = z.object({ nodename: Text('nodename'), deviceUid: Text('device uid') });

function fields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') out[key] = value;
	return out;
}

export const actions: Actions = {
	add: async (event) => {
		const by = requireRole('admin').email;
		const input = fields(await event.request.formData());
		const parsed = Add.safeParse(input);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return fail(400, {
				form: 'add',
				field: String(issue.path[0]),
				message: issue.message,
				input
			});
		}
		const db = getDb();
		const nodename = findNodename(db, parsed.data.nodename);
		if (nodename === null) {
			return fail(400, {
				form: 'add',
				field: 'nodename',
				message: `No EZ-Backup charge names the node "${parsed.data.nodename}": check the spelling against the billing export.`,
				input
			});
		}
		const found = findDevices(db, parsed.data.device);
		if (found.length === 0) {
			return fail(400, {
				form: 'add',
				field: 'device',
				message: `No Code42 device is named "${parsed.data.device}", nor has it as uid or host name.`,
				input
			});
		}
		if (found.length > 1) {
			return fail(400, {
				form: 'add',
				field: 'device',
				message:
					`${found.length} devices are named "${parsed.data.device}": give the uid of the one to link (` +
					found.map((d) => `${d.deviceUid}, ${d.status}`).join('; ') +
					').',
				input
			});
		}
		setHandLink(db, { nodename, deviceUid: found[0].deviceUid, linked: true }, by);
		return {
			form: 'add',
			message: `Linked ${nodename} to ${found[0].deviceName} (uid ${found[0].deviceUid}).`
		};
	},
	remove: async (event) => {
		const by = requireRole('admin').email;
		const parsed = Pair.safeParse(fields(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'remove', message: parsed.error.issues[0].message });
		const db = getDb();
		const nodename = findNodename(db, parsed.data.nodename) ?? parsed.data.nodename;
		setHandLink(db, { nodename, deviceUid: parsed.data.deviceUid, linked: false }, by);
		return {
			form: 'remove',
			message: `Removed the link of ${nodename} to device ${parsed.data.deviceUid}.`
		};
	},
	forget: async (event) => {
		const by = requireRole('admin').email;
		const parsed = Pair.safeParse(fields(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'forget', message: parsed.error.issues[0].message });
		const forgotten = forgetHandLink(getDb(), parsed.data.nodename, parsed.data.deviceUid, by);
		if (!forgotten)
			return fail(404, { form: 'forget', message: 'That hand link is already gone.' });
		return {
			form: 'forget',
			message: `The name rule decides again whether ${parsed.data.nodename} links to ${parsed.data.deviceUid}.`
		};
	}
};
