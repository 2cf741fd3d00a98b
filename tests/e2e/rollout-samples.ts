// The rollout and backup-health figures the sample data implies, worked out straight from the
// committed sample files with PapaParse and domain.md's rules written out afresh here,
// independently of the dashboard's import and metrics code, so that the tests compare the pages and
// `npm run report` against the files and not against themselves. Plain and slow on purpose.
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';

type Row = Record<string, string>;

const files = new Map<string, Row[]>();
function read(file: string): Row[] {
	let rows = files.get(file);
	if (!rows) {
		rows = Papa.parse<Row>(readFileSync(`data/samples/${file}`, 'utf8'), {
			header: true,
			skipEmptyLines: true
		}).data;
		files.set(file, rows);
	}
	return rows;
}

const key = (text: string | undefined | null) =>
	(text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
const shortName = (host: string | undefined, name?: string) => {
	const text = (host ?? '').trim() !== '' ? (host as string) : (name ?? '');
	return key(text).split('.')[0].trim();
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ISO 8601, or the older servers' 'Oct 12, 2020 8:17:52 PM' (UTC); null for none. */
function instant(text: string | undefined): number | null {
	if (!text || text === 'null') return null;
	const old = /^(\w{3}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text.trim());
	if (old) {
		const hour = (Number(old[4]) % 12) + (old[7] === 'PM' ? 12 : 0);
		return Date.UTC(
			Number(old[3]),
			MONTHS.indexOf(old[1]),
			Number(old[2]),
			hour,
			Number(old[5]),
			Number(old[6])
		);
	}
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? null : ms;
}

const DAY = 86_400_000;

interface Report {
	asOf: string;
	kind: 'device' | 'list';
	file: string;
}

const REPORTS: Report[] = [
	{ asOf: '2020-06-30', kind: 'device', file: 'code42-devices-2020-06-30.csv' },
	{ asOf: '2020-10-12', kind: 'device', file: 'code42-devices-2020-10-12.csv' },
	{ asOf: '2020-11-30', kind: 'device', file: 'code42-devices-2020-11-30.csv' },
	{ asOf: '2020-11-30', kind: 'list', file: 'code42cli-devices-2020-11-30.csv' }
];

interface DeviceState {
	uid: string;
	name: string;
	short: string;
	orgName: string | null;
	status: string;
	os: string;
	created: number | null;
	/** rows of the latest device backup report that holds it; null: only in enrollment lists */
	destinations: Row[] | null;
}

/** Each device seen in a report dated on or before asOf, as its latest report holds it. */
export function devicesAsOf(asOf: string): DeviceState[] {
	const states = new Map<string, DeviceState & { rank: string }>();
	for (const report of REPORTS.filter((r) => r.asOf <= asOf)) {
		const rank = report.asOf + (report.kind === 'device' ? '1' : '0');
		const byUid = new Map<string, Row[]>();
		for (const row of read(report.file)) {
			const uid = report.kind === 'device' ? row.deviceUid : row.guid;
			byUid.set(uid, [...(byUid.get(uid) ?? []), row]);
		}
		for (const [uid, rows] of byUid) {
			const held = states.get(uid);
			const row = rows[0];
			const device =
				report.kind === 'device'
					? {
							uid,
							name: row.deviceName,
							short: shortName(row.deviceOsHostname, row.deviceName),
							orgName: row.orgName,
							status: row.status,
							os: row.os,
							created: instant(row.creationDate),
							destinations: rows,
							rank
						}
					: {
							uid,
							name: row.name,
							short: shortName(row.osHostname, row.name),
							orgName: null,
							status: row.status,
							os: row.osName,
							created: instant(row.creationDate),
							destinations: held?.destinations ?? null,
							rank
						};
			if (!held || held.rank <= rank) {
				// a later device report's destinations win; a list keeps the report's
				states.set(uid, device);
			} else if (report.kind === 'device') {
				held.destinations = rows;
			}
		}
	}
	return [...states.values()];
}

const departments = () =>
	read('departments.csv').map((r) => ({
		code: r.Code.trim(),
		spellings: [r.Code, r.Name, ...(r.Aliases ?? '').split(';')].map(key).filter((s) => s !== '')
	}));

function resolve(text: string | null | undefined): string | null {
	const k = key(text);
	if (k === '') return null;
	for (const d of departments()) if (d.spellings.includes(k)) return d.code;
	return null;
}

/** The inventory: short name → department code (or UNASSIGNED). */
export function inventory(): Map<string, string> {
	const map = new Map<string, string>();
	for (const row of read('inventory.csv')) {
		map.set(shortName(row['Computer Name']), resolve(row.Department) ?? 'UNASSIGNED');
	}
	return map;
}

export function departmentOf(device: DeviceState, inv = inventory()): string {
	const fromInventory = inv.get(device.short);
	if (fromInventory && fromInventory !== 'UNASSIGNED') return fromInventory;
	return resolve(device.orgName) ?? 'UNASSIGNED';
}

export type Bucket = 'ok' | 'warning' | 'critical' | 'never';

/** Backup health as of the end of asOf with Code42's default thresholds (3, 5, 14 days). */
export function healthOf(
	device: DeviceState,
	asOf: string
): { bucket: Bucket; failure: boolean } | null {
	if (!device.status.startsWith('Active') || device.destinations === null) return null;
	const T = Date.parse(`${asOf}T00:00:00Z`) + DAY;
	let last: number | null = null;
	let critical = false;
	let warning = false;
	for (const row of device.destinations) {
		const ms = instant(row.lastCompletedBackupDate);
		if (ms !== null && (last === null || ms > last)) last = ms;
		if (row.alertStates.includes('CriticalBackupAlert')) critical = true;
		if (row.alertStates.includes('WarningBackupAlert')) warning = true;
	}
	if (last === null) {
		return { bucket: 'never', failure: device.created !== null && T - device.created > 14 * DAY };
	}
	if (T - last > 5 * DAY || critical) return { bucket: 'critical', failure: true };
	if (T - last > 3 * DAY || warning) return { bucket: 'warning', failure: false };
	return { bucket: 'ok', failure: false };
}

const percent = (part: number, whole: number) =>
	whole === 0 ? null : Math.floor((2000 * part + whole) / (2 * whole)) / 10;

export interface DepartmentFigures {
	code: string;
	installed: number;
	active: number;
	managed: number;
	adopted: number;
	adoptionPct: number | null;
	failures: number;
	ok: number;
	warning: number;
	critical: number;
	never: number;
}

/** Every figure of the rollout as of a date, for the college and each department. */
export function rolloutFigures(asOf = '2020-11-30') {
	const devices = devicesAsOf(asOf);
	const inv = inventory();
	const codes = [
		...departments()
			.map((d) => d.code)
			.sort(),
		'UNASSIGNED'
	];
	const figures = new Map<string, DepartmentFigures>(
		codes.map((code) => [
			code,
			{
				code,
				installed: 0,
				active: 0,
				managed: 0,
				adopted: 0,
				adoptionPct: null,
				failures: 0,
				ok: 0,
				warning: 0,
				critical: 0,
				never: 0
			}
		])
	);
	const activeNames = new Set(
		devices.filter((d) => d.status.startsWith('Active')).map((d) => d.short)
	);
	const college = { ok: 0, warning: 0, critical: 0, never: 0, failures: 0 };
	for (const device of devices) {
		const f = figures.get(departmentOf(device, inv)) as DepartmentFigures;
		f.installed += 1;
		if (device.status.startsWith('Active')) f.active += 1;
		const health = healthOf(device, asOf);
		if (health) {
			f[health.bucket] += 1;
			college[health.bucket] += 1;
			if (health.failure) {
				f.failures += 1;
				college.failures += 1;
			}
		}
	}
	for (const [name, code] of inv) {
		const f = figures.get(code) as DepartmentFigures;
		f.managed += 1;
		if (activeNames.has(name)) f.adopted += 1;
	}
	for (const f of figures.values()) f.adoptionPct = percent(f.adopted, f.managed);
	const created = devices
		.map((d) => d.created)
		.filter((c): c is number => c !== null)
		.sort((a, b) => a - b);
	const managed = inv.size;
	const adopted = [...inv.keys()].filter((n) => activeNames.has(n)).length;
	return {
		asOf,
		devices: {
			installed: devices.length,
			active: devices.filter((d) => d.status.startsWith('Active')).length,
			milestone1000:
				created.length >= 1000 ? new Date(created[999]).toISOString().slice(0, 10) : null,
			managed,
			adopted,
			adoptionPct: percent(adopted, managed)
		},
		health: college,
		departments: [...figures.values()]
	};
}

/** A department's failing devices (names), and its managed computers without an active device. */
export function departmentLists(code: string, asOf = '2020-11-30') {
	const devices = devicesAsOf(asOf);
	const inv = inventory();
	const activeNames = new Set(
		devices.filter((d) => d.status.startsWith('Active')).map((d) => d.short)
	);
	const failing = devices
		.filter((d) => departmentOf(d, inv) === code && healthOf(d, asOf)?.failure)
		.map((d) => d.name)
		.sort();
	const stragglers = read('inventory.csv')
		.filter((r) => (resolve(r.Department) ?? 'UNASSIGNED') === code)
		.filter((r) => !activeNames.has(shortName(r['Computer Name'])))
		.map((r) => r['Computer Name'])
		.sort();
	// the department's rollout began the Monday of the week of its first install
	let first: number | null = null;
	for (const d of devices) {
		if (
			departmentOf(d, inv) === code &&
			d.created !== null &&
			(first === null || d.created < first)
		)
			first = d.created;
	}
	let weeks: number | null = null;
	if (first !== null) {
		const day = Math.floor(first / DAY) * DAY;
		const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
		weeks = Math.floor((Date.parse(`${asOf}T00:00:00Z`) + DAY - monday) / (7 * DAY));
	}
	return { failing, stragglers, weeksSinceRolloutBegan: weeks };
}

/** UNASSIGNED devices' names, as of a date. */
export function unassignedDeviceNames(asOf = '2020-11-30'): string[] {
	const inv = inventory();
	return devicesAsOf(asOf)
		.filter((d) => departmentOf(d, inv) === 'UNASSIGNED')
		.map((d) => d.name)
		.sort();
}

/** Health counts in each Code42 device backup report, as of its own date. */
export function healthInEachReport() {
	return REPORTS.filter((r) => r.kind === 'device').map((report) => {
		const counts = { asOf: report.asOf, ok: 0, warning: 0, critical: 0, never: 0, failures: 0 };
		const byUid = new Map<string, Row[]>();
		for (const row of read(report.file))
			byUid.set(row.deviceUid, [...(byUid.get(row.deviceUid) ?? []), row]);
		for (const [uid, rows] of byUid) {
			const health = healthOf(
				{
					uid,
					name: rows[0].deviceName,
					short: '',
					orgName: null,
					status: rows[0].status,
					os: rows[0].os,
					created: instant(rows[0].creationDate),
					destinations: rows
				},
				report.asOf
			);
			if (!health) continue;
			counts[health.bucket] += 1;
			if (health.failure) counts.failures += 1;
		}
		return counts;
	});
}
