import { audit } from './audit';
import { keep } from './kept';
import type { Db } from './db';
import { imported } from './db/imported';
import { nameKey } from './metrics/names';

// Links between EZ-Backup nodes and Code42 devices set by an administrator. They live in
// hand_links, which no import owns: re-importing or undoing a file leaves them as they are.
// Each pair holds its latest word (linked or not) with who said it and when; the name rule
// decides for the pairs without one.

export interface HandLinkEntry {
	nodename: string;
	deviceUid: string;
	deviceName: string | null;
	linked: boolean;
	createdBy: string;
	createdAt: string;
}

export function listHandLinks(db: Db): HandLinkEntry[] {
	return (
		db.$client
			.prepare(
				`SELECT h.nodename, h.device_uid AS deviceUid, h.linked, h.created_by AS createdBy,
					h.created_at AS createdAt,
					(SELECT d.device_name FROM device_rows d
						WHERE d.device_uid = h.device_uid AND ${imported('d.import_id')}
						ORDER BY d.id DESC LIMIT 1) AS deviceName
				FROM hand_links h ORDER BY h.created_at DESC, h.nodename, h.device_uid`
			)
			.all() as (Omit<HandLinkEntry, 'linked'> & { linked: number })[]
	).map((row) => ({ ...row, linked: row.linked === 1 }));
}

/** The nodename as its latest charge writes it, for a name given in any case; null if never billed. */
export function findNodename(db: Db, text: string): string | null {
	const key = nameKey(text);
	if (key === '') return null;
	const row = db.$client
		.prepare(
			`SELECT nodename FROM charges c
			WHERE lower(trim(nodename)) = ? AND ${imported('c.import_id')}
			ORDER BY month DESC, import_id DESC LIMIT 1`
		)
		.get(key) as { nodename: string } | undefined;
	return row?.nodename ?? null;
}

export interface DeviceChoice {
	deviceUid: string;
	deviceName: string;
	shortHostname: string;
	status: string;
}

/**
 * The devices a text names: the device whose uid it is, else those whose device name or short
 * hostname it is (case ignored), each in its latest state.
 */
export function findDevices(db: Db, text: string): DeviceChoice[] {
	const trimmed = text.trim();
	if (trimmed === '') return [];
	const latest = `SELECT device_uid AS deviceUid, device_name AS deviceName,
		short_hostname AS shortHostname, status FROM device_rows d
		WHERE d.id = (SELECT max(e.id) FROM device_rows e
			WHERE e.device_uid = d.device_uid AND ${imported('e.import_id')})`;
	const byUid = db.$client.prepare(`${latest} AND d.device_uid = ?`).all(trimmed) as DeviceChoice[];
	if (byUid.length > 0) return byUid;
	const key = nameKey(trimmed);
	return db.$client
		.prepare(
			`${latest} AND d.device_uid IN (SELECT device_uid FROM device_rows n
				WHERE (lower(device_name) = ? OR short_hostname = ?) AND ${imported('n.import_id')})
			ORDER BY d.device_uid`
		)
		.all(key, key.split('.')[0]) as DeviceChoice[];
}

/**
 * Records the latest word on a pair: linked or not, by whom, now. A pair written before in
 * another case of the nodename is replaced, so each pair has one word.
 */
export function setHandLink(
	db: Db,
	link: { nodename: string; deviceUid: string; linked: boolean },
	by: string,
	at = new Date()
): void {
	db.$client
		.transaction(() => {
			db.$client
				.prepare(`DELETE FROM hand_links WHERE lower(trim(nodename)) = ? AND device_uid = ?`)
				.run(nameKey(link.nodename), link.deviceUid);
			db.$client
				.prepare(
					`INSERT INTO hand_links (nodename, node_key, device_uid, linked, created_by, created_at)
					VALUES (?, ?, ?, ?, ?, ?)`
				)
				.run(
					link.nodename,
					nameKey(link.nodename),
					link.deviceUid,
					link.linked ? 1 : 0,
					by,
					at.toISOString()
				);
			keep(db, { what: 'setting' });
			audit(db, by, link.linked ? 'link.add' : 'link.remove', link.nodename, {
				deviceUid: link.deviceUid
			});
		})
		.immediate();
}

/** Forgets the word on a pair, so the name rule decides it again. */
export function forgetHandLink(db: Db, nodename: string, deviceUid: string, by: string): boolean {
	return db.$client
		.transaction(() => {
			const forgotten =
				db.$client
					.prepare(`DELETE FROM hand_links WHERE lower(trim(nodename)) = ? AND device_uid = ?`)
					.run(nameKey(nodename), deviceUid).changes > 0;
			if (forgotten) {
				keep(db, { what: 'setting' });
				audit(db, by, 'link.forget', nodename, { deviceUid });
			}
			return forgotten;
		})
		.immediate();
}
