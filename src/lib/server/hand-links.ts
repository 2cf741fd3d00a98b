import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { audit } from './audit';
import { keep } from './kept';
import type { Db } from './db';
import { importedSql } from './db/imported';
import { charges, deviceRows, handLinks } from './db/schema';
import { nullableText, qualified } from './figures/sql';
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
	// the device's name in its latest imported row, if any
	const named = alias(deviceRows, 'd');
	const deviceName = db
		.select({ deviceName: named.deviceName })
		.from(named)
		.where(and(eq(named.deviceUid, handLinks.deviceUid), importedSql(qualified(named.importId))))
		.orderBy(desc(named.id))
		.limit(1);
	return db
		.select({
			nodename: handLinks.nodename,
			deviceUid: handLinks.deviceUid,
			linked: handLinks.linked,
			createdBy: handLinks.createdBy,
			createdAt: handLinks.createdAt,
			deviceName: sql<string | null>`${deviceName}`.mapWith(nullableText)
		})
		.from(handLinks)
		.orderBy(desc(handLinks.createdAt), asc(handLinks.nodename), asc(handLinks.deviceUid))
		.all();
}

/** The nodename as its latest charge writes it, for a name given in any case; null if never billed. */
export function findNodename(db: Db, text: string): string | null {
	const key = nameKey(text);
	if (key === '') return null;
	const row = db
		.select({ nodename: charges.nodename })
		.from(charges)
		.where(
			and(sql`lower(trim(${charges.nodename})) = ${key}`, importedSql(qualified(charges.importId)))
		)
		.orderBy(desc(charges.month), desc(charges.importId))
		.limit(1)
		.get();
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
	// a device's latest imported row
	const later = alias(deviceRows, 'e');
	const latestId = db
		.select({ id: sql`max(${later.id})` })
		.from(later)
		.where(and(eq(later.deviceUid, deviceRows.deviceUid), importedSql(qualified(later.importId))));
	const latest = (which: SQL) =>
		db
			.select({
				deviceUid: deviceRows.deviceUid,
				deviceName: deviceRows.deviceName,
				shortHostname: deviceRows.shortHostname,
				status: deviceRows.status
			})
			.from(deviceRows)
			.where(and(eq(deviceRows.id, latestId), which));
	const byUid = latest(eq(deviceRows.deviceUid, trimmed)).all();
	if (byUid.length > 0) return byUid;
	const key = nameKey(trimmed);
	const named = alias(deviceRows, 'n');
	const namedUids = db
		.select({ deviceUid: named.deviceUid })
		.from(named)
		.where(
			and(
				or(sql`lower(${named.deviceName}) = ${key}`, eq(named.shortHostname, key.split('.')[0])),
				importedSql(qualified(named.importId))
			)
		);
	return latest(inArray(deviceRows.deviceUid, namedUids)).orderBy(asc(deviceRows.deviceUid)).all();
}

/** A pair's row, its nodename written in any case and with any spaces around it. */
const samePair = (nodename: string, deviceUid: string): SQL | undefined =>
	and(
		sql`lower(trim(${handLinks.nodename})) = ${nameKey(nodename)}`,
		eq(handLinks.deviceUid, deviceUid)
	);

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
	db.transaction(
		() => {
			db.delete(handLinks).where(samePair(link.nodename, link.deviceUid)).run();
			db.insert(handLinks)
				.values({
					nodename: link.nodename,
					nodeKey: nameKey(link.nodename),
					deviceUid: link.deviceUid,
					linked: link.linked,
					createdBy: by,
					createdAt: at.toISOString()
				})
				.run();
			keep(db, { what: 'setting' });
			audit(db, by, link.linked ? 'link.add' : 'link.remove', link.nodename, {
				deviceUid: link.deviceUid
			});
		},
		{ behavior: 'immediate' }
	);
}

/** Forgets the word on a pair, so the name rule decides it again. */
export function forgetHandLink(db: Db, nodename: string, deviceUid: string, by: string): boolean {
	return db.transaction(
		() => {
			const forgotten = db.delete(handLinks).where(samePair(nodename, deviceUid)).run().changes > 0;
			if (forgotten) {
				keep(db, { what: 'setting' });
				audit(db, by, 'link.forget', nodename, { deviceUid });
			}
			return forgotten;
		},
		{ behavior: 'immediate' }
	);
}
