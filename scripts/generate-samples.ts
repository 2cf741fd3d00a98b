// Writes the committed sample exports under data/samples/ in the real formats of shared/domain.md.
// Deterministic: one seeded PRNG, fixed dates, no clock, no locale. Run: `npm run samples`.
// The story: CALS rolls Code42 out department by department in Feb-Mar 2020, installs pass 1,000
// in June, some computers never install, and EZ-Backup billing stops once a computer's first full
// Code42 backup completes, except for a set of nodes the office forgot to turn off.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'data/samples';
const DAY = 86_400_000;

// ---------- seeded randomness (mulberry32) ----------
let seed = 20200630;
function rand(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const chance = (p: number) => rand() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const expo = (mean: number) => -Math.log(1 - rand()) * mean;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // localeCompare varies by ICU
function shuffle<T>(xs: T[]): T[] {
	for (let i = xs.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[xs[i], xs[j]] = [xs[j], xs[i]];
	}
	return xs;
}
const usedIds = new Set<string>();
/** Code42 uids and guids are 18-digit numbers. */
function guid(): string {
	let id: string;
	do id = String(int(1e8, 9.99e8)) + String(int(0, 1e9 - 1)).padStart(9, '0');
	while (usedIds.has(id));
	usedIds.add(id);
	return id;
}

// ---------- dates ----------
const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) =>
	Date.UTC(y, m - 1, d, h, mi, s);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
type DateStyle = 'iso' | 'old';
/** ISO 8601 with Z or with an offset (same instant), or the older `Oct 12, 2020 8:17:52 PM` (UTC). */
function fmtDate(ms: number | null, style: DateStyle, offsetHours = 0): string {
	if (ms === null) return style === 'old' ? '' : 'null';
	const d = new Date(ms);
	if (style === 'old') {
		const h = d.getUTCHours();
		const time = `${h % 12 || 12}:${d.toISOString().slice(14, 19)} ${h < 12 ? 'AM' : 'PM'}`;
		return `${MON[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${time}`;
	}
	if (!offsetHours) return d.toISOString();
	const local = new Date(ms + offsetHours * 3600_000).toISOString().slice(0, 23);
	return `${local}-${String(-offsetHours).padStart(2, '0')}:00`;
}
/** A moment in the working day (Ithaca 8:00-17:00 is 13:00-22:00 UTC), mostly moved off weekends. */
function workTime(dayMs: number): number {
	let d = Math.floor(dayMs / DAY) * DAY;
	const weekday = new Date(d).getUTCDay();
	if ((weekday === 0 || weekday === 6) && chance(0.85)) d += (weekday === 6 ? 2 : 1) * DAY;
	return d + Math.floor(between(13, 22) * 3600_000);
}

// ---------- departments ----------
// code | name | other aliases | account prefix | managed computers | share of Macs | rollout week
const DEPT_TABLE = `
AEM   | Applied Economics and Management         | Dyson School;Charles H. Dyson School | AEM | 130 | 0.35 | 3
ANSC  | Animal Science                           | Dept of Animal Science               | ANS | 110 | 0.20 | 1
BEE   | Biological and Environmental Engineering | Dept of Biological and Environmental Engineering | BEE | 75 | 0.25 | 4
CB    | Computational Biology                    | Dept of Computational Biology        | CBI |  30 | 0.50 | 0
COMM  | Communication                            | Dept of Communication                | COM |  45 | 0.55 | 4
EAS   | Earth and Atmospheric Sciences           | Dept of Earth and Atmospheric Sciences | EAS | 60 | 0.30 | 8
EEB   | Ecology and Evolutionary Biology         | Dept of Ecology and Evolutionary Biology | EEB | 90 | 0.45 | 5
ENTOM | Entomology                               | Dept of Entomology                   | ENT |  70 | 0.30 | 6
FDSC  | Food Science                             | Dept of Food Science                 | FDS |  90 | 0.20 | 2
GDEV  | Global Development                       | Dept of Global Development           | GDV |  35 | 0.40 | 2
MBG   | Molecular Biology and Genetics           | Dept of Molecular Biology and Genetics | MBG | 110 | 0.40 | 7
MICRO | Microbiology                             | Dept of Microbiology                 | MIC |  50 | 0.35 | 5
NBB   | Neurobiology and Behavior                | Dept of Neurobiology and Behavior    | NBB |  65 | 0.40 | 6
NS    | Nutritional Sciences                     | Division of Nutritional Sciences     | NUT |  95 | 0.30 | 8
NTRES | Natural Resources and the Environment    | Dept of Natural Resources            | NTR |  75 | 0.30 | 0
SIPS  | School of Integrative Plant Science      | Integrative Plant Science            | SIP | 160 | 0.25 | 7`;
// The Code42 orgs were named by whoever created them: mostly CALS-<code>, a few otherwise.
const ORG_NAME: Record<string, string> = {
	AEM: 'Dyson School',
	NS: 'Division of Nutritional Sciences',
	SIPS: 'School of Integrative Plant Science'
};
const ROLLOUT_START = utc(2020, 2, 3); // a Monday; the prompt reached 1-2 departments a week
const depts = DEPT_TABLE.trim()
	.split('\n')
	.map((line) => {
		const [code, name, extra, prefix, size, macShare, week] = line.split('|').map((s) => s.trim());
		const accounts = [code === 'ANSC' ? 'IT-ANS1004' : `IT-${prefix}${int(1000, 9899)}`];
		if (+size >= 90) accounts.push(`IT-${prefix}${int(1000, 9899)}`);
		const aliases = [`CALS-${code}`, ...extra.split(';'), ...accounts];
		const org = ORG_NAME[code] ?? `CALS-${code}`;
		const prompt = ROLLOUT_START + +week * 7 * DAY;
		return { code, name, aliases, accounts, org, size: +size, macShare: +macShare, prompt };
	});
type Dept = (typeof depts)[number];
const deptByCode = (code: string) => depts.find((d) => d.code === code);
const COLLEGE_ACCOUNT = 'IT-CAL9001'; // the college's own account: no department lists it
const UNSORTED = 'CALS-Unsorted'; // the catch-all Code42 org

// ---------- managed computers ----------
type User = { uid: string; netid: string };
const netids = new Set<string>();
function newUser(): User {
	const letter = () => String.fromCharCode(97 + int(0, 25));
	let netid: string;
	do netid = Array.from({ length: int(2, 3) }, letter).join('') + int(1, 999);
	while (netids.has(netid));
	netids.add(netid);
	return { uid: guid(), netid };
}
function inventoryOs(mac: boolean): string {
	if (!mac) return chance(0.95) ? 'Windows 10' : 'Windows 7';
	const r = rand();
	return r < 0.55 ? 'macOS 10.15' : r < 0.75 ? 'macOS 10.14' : r < 0.9 ? 'macOS 11' : 'macOS 10.13';
}
/** Distinct asset numbers rather than 1..n: machines come and go. */
function assetNumbers(n: number): number[] {
	const set = new Set<number>();
	while (set.size < n) set.add(int(1, Math.ceil(n * 2.5) + 5));
	return [...set].sort((a, b) => a - b);
}
function newComputer(dept: Dept, mac: boolean, n: number) {
	const name = `${dept.code}-${mac ? 'MAC' : 'PC'}${String(n).padStart(4, '0')}`;
	const lastSeen = utc(2020, 11, 30) - Math.floor(expo(5)) * DAY;
	const home = chance(0.6); // worked from home once campus closed in March 2020
	return { name, dept, mac, os: inventoryOs(mac), lastSeen, user: newUser(), home };
}
type Computer = ReturnType<typeof newComputer>;
const computers = depts.flatMap((dept) => {
	const macs = Math.round(dept.size * dept.macShare);
	const pcs = assetNumbers(dept.size - macs).map((n) => newComputer(dept, false, n));
	return [...pcs, ...assetNumbers(macs).map((n) => newComputer(dept, true, n))];
});

// ---------- Code42 devices ----------
type Cond = 'ok' | 'warn' | 'warnNoAlert' | 'crit' | 'critConn' | 'critAlertOnly';
interface Device {
	uid: string;
	archive: string;
	computer: Computer | null; // null: not a managed computer
	user: User;
	org: string;
	deviceName: string;
	hostname: string;
	os: string;
	osVersion: string; // as of late November 2020
	created: number;
	firstComplete: number | null; // first full backup; null: stuck, never completes
	deactivated: number | null;
	novStatus: string; // status in the 2020-11-30 report
	novCond: Cond; // backup health in the 2020-11-30 report
	selected: number;
	upgradeLag: number; // days after a release before this client took it
	address: string;
	server: number;
	stuckPct: number;
	second: { archive: string; from: number; until: number; novCritical: boolean } | null;
}
const OS_VERSION: Record<string, () => string> = {
	'Windows 10': () => `10.0.${pick(['18363', '19041', '19042'])}`,
	'Windows 7': () => '6.1.7601',
	'macOS 10.13': () => '10.13.6',
	'macOS 10.14': () => '10.14.6',
	'macOS 10.15': () => '10.15.7',
	'macOS 11': () => '11.0.1'
};
/** The OS a device reported at time t: Big Sur, 10.15.7 and 20H2 came out in autumn 2020. */
function osVersionAt(v: string, t: number): string {
	if (v === '11.0.1' && t < utc(2020, 11, 12)) v = '10.15.7';
	if (v === '10.15.7' && t < utc(2020, 9, 24)) v = '10.15.5';
	return v === '10.0.19042' && t < utc(2020, 10, 20) ? '10.0.19041' : v;
}
/** Most install within days of the prompt; campus closing in March stretched the tail to autumn. */
function installTime(dept: Dept): number {
	const r = rand();
	const delay = r < 0.5 ? expo(5) : r < 0.83 ? expo(25) : between(40, 240);
	let t = dept.prompt + delay * DAY;
	if (t > utc(2020, 11, 20)) t = between(utc(2020, 9, 1), utc(2020, 11, 20));
	return workTime(t);
}
/** Hostnames as clients report them: mostly lower-case FQDN, some upper-case, Macs often .local. */
function osHostname(c: Computer): string {
	const r = rand();
	if (c.mac && r < 0.25) return `${c.name}.local`;
	if (r < 0.12) return `${c.name}.cals.cornell.edu`;
	if (r < 0.16) return c.name;
	return `${c.name.toLowerCase()}.cals.cornell.edu`;
}
function newDevice(c: Computer | null, opts: Partial<Device> = {}): Device {
	const created = opts.created ?? installTime(c!.dept);
	const mac = c?.mac ?? false;
	const firstBackupDays = 0.1 + Math.min(expo(1.2), 10);
	const device: Device = {
		uid: guid(),
		archive: guid(),
		computer: c,
		user: c?.user ?? newUser(),
		org: c?.dept.org ?? UNSORTED,
		deviceName: mac && chance(0.3) ? `${c!.user.netid}'s MacBook Pro` : (c?.name ?? ''),
		hostname: c ? osHostname(c) : '',
		os: mac ? 'mac' : c?.os === 'Windows 7' && chance(0.5) ? 'win' : 'win64',
		osVersion: c ? OS_VERSION[c.os]() : '',
		created,
		firstComplete: created + firstBackupDays * DAY,
		deactivated: null,
		novStatus: 'Active',
		novCond: 'ok',
		selected: Math.round(Math.exp(between(22.5, 25.5)) / 1e6) * 1e6,
		upgradeLag: int(0, 45),
		address: `10.${int(16, 31)}.${int(0, 255)}.${int(2, 254)}:4242`,
		server: int(0, 3),
		stuckPct: between(8, 92),
		second: null
	};
	return Object.assign(device, opts);
}

// Designations are drawn from one shuffled pool, so no computer gets two of them.
const pool = shuffle([...computers]);
function take(n: number, ok: (c: Computer) => boolean = () => true): Computer[] {
	const out: Computer[] = [];
	for (let i = 0; i < pool.length && out.length < n; i++)
		if (ok(pool[i])) out.push(...pool.splice(i--, 1));
	return out;
}
// Stragglers (~10%) never install, more of them where faculty run their own Macs and labs;
// a few are stale lab machines nobody has seen since summer.
const LAGGARDS: Record<string, number> = { NBB: 1, COMM: 0.9, SIPS: 0.6, EAS: 0.5, MICRO: 0.5 };
const stragglers = take(Math.round(computers.length * 0.1), (c) =>
	chance(LAGGARDS[c.dept.code] ?? 0.2)
);
for (const c of stragglers.slice(0, 4)) c.lastSeen = between(utc(2020, 6, 1), utc(2020, 8, 20));
const devices: Device[] = [];
const firstDevice = new Map<Computer, Device>(); // billing follows the first device's first backup
for (const c of computers.filter((x) => !stragglers.includes(x))) {
	firstDevice.set(c, newDevice(c));
	devices.push(firstDevice.get(c)!);
}
const dev = (c: Computer) => firstDevice.get(c)!;
const installedBefore = (t: number) => (c: Computer) => dev(c).created < t;

// Retired machines: the device was deactivated in summer; the inventory still lists them, stale.
for (const c of take(5, installedBefore(utc(2020, 6, 1)))) {
	dev(c).deactivated = workTime(between(utc(2020, 7, 1), utc(2020, 9, 30)));
	c.lastSeen = dev(c).deactivated! - int(0, 3) * DAY;
}
// Reinstalls: the old device is deactivated and the same hostname registers as a new device.
for (const c of take(20, installedBefore(utc(2020, 6, 15)))) {
	const old = dev(c);
	old.deactivated = workTime(between(utc(2020, 7, 6), utc(2020, 11, 13)));
	const created = old.deactivated + between(0.02, 2.5) * DAY;
	devices.push(newDevice(c, { created, hostname: old.hostname, deviceName: old.deviceName }));
}
// First backups that never complete, and brand-new installs still on their first backup.
for (const [i, c] of take(6).entries()) {
	dev(c).created = workTime(between(utc(2020, 8, 15), utc(2020, 11, 10)));
	dev(c).firstComplete = null;
	if (i === 0) dev(c).stuckPct = 0; // never even finished scanning: sizes unknown
}
for (const [i, c] of take(3, (x) => !x.mac || x.os === 'macOS 11').entries()) {
	dev(c).created = workTime(between(utc(2020, 11, 23), utc(2020, 11, 27)));
	dev(c).firstComplete = utc(2020, 12, 1, 6) + i * DAY;
	if (c.mac) dev(c).os = 'mac_arm64'; // the first M1 Macs shipped on 17 November
}
// Health in the 2020-11-30 report for a designated few; everyone else backed up within a day.
const settled = installedBefore(utc(2020, 10, 1));
const NOV_CONDS = { crit: 6, critConn: 2, critAlertOnly: 1, warn: 4, warnNoAlert: 2 };
for (const [cond, n] of Object.entries(NOV_CONDS))
	for (const c of take(n, settled)) dev(c).novCond = cond as Cond;
for (const c of take(2, settled)) dev(c).novStatus = 'Active, Deauthorized';
for (const c of take(1, settled)) dev(c).novStatus = 'Blocked';
// Ten devices also back up to a second destination; one drops it in November, one lags on it.
for (const [i, c] of take(10, installedBefore(utc(2020, 4, 1))).entries()) {
	const from = i < 3 ? utc(2020, 4, 1) + int(0, 60) * DAY : utc(2020, 7, 1) + int(0, 60) * DAY;
	const until = i === 4 ? utc(2020, 11, 2) : Infinity;
	dev(c).second = { archive: guid(), from: workTime(from), until, novCritical: i === 5 };
}
// Managed computers registered into the catch-all org: their department comes from the inventory.
for (const c of take(10)) dev(c).org = UNSORTED;
// Devices that are not managed computers: personal machines in the catch-all org (UNASSIGNED)...
const UNKNOWN = `DESKTOP-4F7K2QJ LAPTOP-H8T2MX0C jmr88-mbp DESKTOP-9QK1LAE kbw42-macbook-air
ProBook-6570b LAPTOP-UU3P9D2R ag524-imac`.split(/\s+/);
for (const name of UNKNOWN) {
	const mac = /mac|mbp/i.test(name);
	const created = workTime(between(utc(2020, 4, 1), utc(2020, 10, 31)));
	const [os, osVersion, hostname] = mac
		? ['mac', '10.15.7', `${name}.local`]
		: ['win64', '10.0.19041', name];
	devices.push(newDevice(null, { created, deviceName: name, hostname, os, osVersion }));
}
// ...and lab Linux boxes, placed in a department by their Code42 org alone.
for (const [name, code] of Object.entries({ 'eeb-lab-ubuntu01': 'EEB', 'mbg-seq-node02': 'MBG' })) {
	const created = workTime(between(utc(2020, 5, 1), utc(2020, 8, 31)));
	const linux = { os: 'linux', osVersion: '5.4.0-54-generic', org: deptByCode(code)!.org };
	const hostname = `${name}.cals.cornell.edu`;
	devices.push(newDevice(null, { created, deviceName: name, hostname, ...linux }));
}
devices.sort((a, b) => a.created - b.created);
const DESTS = ['Code42 Cloud US', 'Code42 Cloud US West'].map((name) => ({ uid: guid(), name }));
const SERVERS = [17, 24, 31, 38].map((n) => ({ uid: guid(), name: `cloud-us-str-0${n}` }));
const orgUid = new Map([...depts.map((d) => d.org), UNSORTED].map((o) => [o, guid()]));

// ---------- Code42 device backup reports ----------
/** `at` is the moment of export (no timestamp in the report is later); two rows carry `offset`. */
function report(asOf: string, at: [number, number, number], style: DateStyle, offset: number) {
	const [y, m, d] = asOf.split('-').map(Number);
	const file = `code42-devices-${asOf}.csv`;
	return { file, asOf, export: utc(y, m, d, ...at), style, offset, nov: asOf === '2020-11-30' };
}
type Report = ReturnType<typeof report>;
const REPORTS = [
	report('2020-06-30', [15, 10, 4], 'iso', -4),
	report('2020-10-12', [20, 17, 52], 'old', 0),
	report('2020-11-30', [16, 42, 31], 'iso', -5)
];
const NOV = REPORTS[2];
type Snapshot = {
	status: string;
	completed: number | null;
	connected: number;
	pct: number;
	alert: string;
};
const RELEASES: [string, number][] = [
	['7.7.1', utc(2019, 12, 1)],
	['8.0.0', utc(2020, 4, 20)],
	['8.2.1', utc(2020, 8, 25)],
	['8.2.2', utc(2020, 11, 10)]
];
function versionAt(d: Device, t: number): string {
	const seen = Math.max(Math.min(t, d.deactivated ?? Infinity), d.created);
	return RELEASES.filter(([, at]) => at + d.upgradeLag * DAY <= seen).pop()?.[0] ?? '7.7.1';
}

/** One destination's state at export time E; ages count from T, the midnight UTC after E. */
function snapshot(d: Device, r: Report, cond: Cond): Snapshot {
	const E = r.export;
	const T = (Math.floor(E / DAY) + 1) * DAY;
	const gone = d.deactivated !== null && d.deactivated <= E;
	const status = gone ? 'Deactivated' : r.nov ? d.novStatus : 'Active';
	if (gone) {
		const at = d.deactivated!;
		return { status, completed: at - between(0.1, 1) * DAY, connected: at, pct: 100, alert: 'OK' };
	}
	if (d.firstComplete === null || d.firstComplete > E) {
		const pct = d.firstComplete ? (99.9 * (E - d.created)) / (d.firstComplete - d.created) : 0;
		const alert = E - d.created > 5 * DAY ? 'CriticalBackupAlert' : 'OK';
		const connected = E - between(0, 0.3) * DAY;
		return { status, completed: null, connected, pct: pct || d.stuckPct, alert };
	}
	const daysBeforeT = (lo: number, hi: number) => T - between(lo, hi) * DAY;
	let completed = E - (chance(0.9) ? between(0.02, 0.9) : between(0.9, 2)) * DAY;
	if (cond === 'warn' || cond === 'warnNoAlert') completed = daysBeforeT(3.2, 4.8);
	if (cond === 'crit') completed = daysBeforeT(6, 30);
	if (cond === 'critConn') completed = daysBeforeT(6, 20);
	completed = Math.max(completed, d.firstComplete);
	// A device that lost its connection stopped connecting right after its last backup.
	const lost = cond === 'critConn';
	const connected = lost ? completed + between(0, 0.3) * DAY : E - between(0, 0.3) * DAY;
	const age = (T - completed) / DAY;
	let alert = age > 5 ? 'CriticalBackupAlert' : age > 3 ? 'WarningBackupAlert' : 'OK';
	if (cond === 'warnNoAlert') alert = 'OK'; // Code42 raises alerts on its own schedule
	if (lost) alert = 'CriticalConnectionAlert';
	if (cond === 'critAlertOnly') alert = 'CriticalBackupAlert'; // backs up, but files keep failing
	return { status, completed, connected: Math.max(completed, connected), pct: 100, alert };
}
/** June and October: a small random share of devices were behind; nobody designated them. */
function randomCond(): Cond {
	const x = rand();
	return x < 0.008 ? 'crit' : x < 0.012 ? 'critConn' : x < 0.027 ? 'warn' : 'ok';
}
const novState = new Map<Device, Snapshot[]>(); // for the code42cli list and the README figures
const C42_HEADER = `archiveGuid,orgUid,orgName,orgExtRef,userUid,username,email,userExtRef,deviceUid,
deviceName,deviceOsHostname,deviceExtRef,destinationUid,destinationName,serverUid,serverName,version,
status,userStatus,alertStates,os,osVersion,address,remoteAddress,creationDate,selectedBytes,
backupCompletePercentage,archiveBytes,coldStorage,lastConnectedDate,lastCompletedBackupDate,
lastActivity,mostRecentUserProfileCreationResult,mostRecentUserProfileBackupResult`;

function destinations(d: Device, r: Report) {
	const first = { dest: DESTS[0], archive: d.archive, server: SERVERS[d.server], second: false };
	const s = d.second;
	if (!s || s.from > r.export || r.export >= s.until) return [first];
	return [
		first,
		{ dest: DESTS[1], archive: s.archive, server: SERVERS[3 - d.server], second: true }
	];
}
function reportRows(r: Report): string[][] {
	const rows: string[][] = [];
	const present = devices.filter((d) => d.created <= r.export);
	const withOffset = new Set(r.offset ? [present[100], present[200]] : []); // hand-edited rows
	for (const d of present) {
		const states: Snapshot[] = [];
		for (const { dest, archive, server, second } of destinations(d, r)) {
			const novCond = second ? (d.second!.novCritical ? 'crit' : 'ok') : d.novCond;
			const s = snapshot(d, r, r.nov ? novCond : randomCond());
			states.push(s);
			const when = (ms: number | null) => fmtDate(ms, r.style, withOffset.has(d) ? r.offset : 0);
			const selected = Math.round(d.selected * (1 + (r.export - d.created) / (400 * DAY)));
			const archived = Math.round((selected * s.pct * between(0.78, 0.95)) / 100);
			const email = `${d.user.netid}@cornell.edu`;
			const home = (d.computer?.home ?? true) && r.export > utc(2020, 3, 16);
			const remote = `${home ? '67.249' : '128.84'}.${int(0, 255)}.${int(1, 254)}`;
			const who = [archive, orgUid.get(d.org)!, d.org, '', d.user.uid, email, email, ''];
			const what = [d.uid, d.deviceName, d.hostname, '', dest.uid, dest.name];
			const where = [server.uid, server.name];
			const state = [versionAt(d, r.export), s.status, 'Active', s.alert, d.os];
			const how = [osVersionAt(d.osVersion, r.export), d.address, remote, when(d.created)];
			const cold = String(s.status === 'Deactivated'); // deactivated archives go to cold storage
			const bytes = (n: number) => (s.pct > 0 ? String(n) : fmtDate(null, r.style));
			const sizes = [bytes(selected), s.pct.toFixed(1), bytes(archived), cold];
			const activity = Math.max(s.connected, s.completed ?? 0);
			const dates = [s.connected, s.completed, activity].map(when);
			rows.push([...who, ...what, ...where, ...state, ...how, ...sizes, ...dates, '', '']);
		}
		if (r.nov) novState.set(d, states);
	}
	return rows.sort((a, b) => cmp(a[9], b[9]) || cmp(a[8], b[8])); // by deviceName, like the console
}

// ---------- EZ-Backup billing ----------
const MONTHS = Array.from({ length: 18 }, (_, i) => monthOf(utc(2019, 7 + i, 1))); // 2019-07..2020-12
const LAST = MONTHS.length - 1;
/** Nodenames are the computer name at an ADSM server; a few carry the domain or lower case. */
function nodeName(host: string): string {
	const r = rand();
	const name = r < 0.02 ? `${host}.CALS.CORNELL.EDU` : r < 0.03 ? host.toLowerCase() : host;
	return `${name}@ADSM${int(1, 5)}`;
}
function deptColumn(d: Dept): string {
	const r = rand();
	return r < 0.05 ? '' : r < 0.1 ? d.name : d.code;
}
/** `end` is the index in MONTHS of the node's last charge. */
function newNode(name: string, account: string, deptColumn: string, gb: number, end = LAST) {
	const start = chance(0.92) ? 0 : int(1, 6);
	const archive = chance(0.8) ? 0 : Math.exp(between(18, 22));
	return {
		name,
		account,
		deptColumn,
		start,
		end,
		backup: gb * 1e9,
		archive,
		computer: null as Computer | null
	};
}
type Node = ReturnType<typeof newNode>;
const nodes: Node[] = [];
const turnedOff: Node[] = [];
for (const c of computers) {
	const d = firstDevice.get(c);
	if (!chance(d ? 0.75 : 0.85)) continue; // most, not all, computers had EZ-Backup
	const done = d?.firstComplete ?? null;
	const account = chance(0.7) ? c.dept.accounts[0] : pick(c.dept.accounts);
	// The office turned the node off after the first full backup: its last charge is that month.
	const end = done !== null && done <= NOV.export ? MONTHS.indexOf(monthOf(done)) : LAST;
	const gb = ((d?.selected ?? Math.exp(between(22.5, 25.5))) / 1e9) * between(0.7, 1.2);
	const node = newNode(nodeName(c.name), account, deptColumn(c.dept), gb, end);
	nodes.push(Object.assign(node, { computer: c }));
	if (end < LAST && done! < utc(2020, 11, 1)) turnedOff.push(node);
}
// ...but forgot these: still billed through December although Code42 finished long ago.
for (const n of shuffle(turnedOff).slice(0, 56)) n.end = LAST;
// The college account pays for one workstation; its rows name no department.
const backedUp = (c: Computer) => !!firstDevice.get(c)?.firstComplete && !dev(c).deactivated;
const unbilled = (c: Computer) => !nodes.some((n) => n.computer === c);
const oit = computers.find((c) => c.dept.code === 'NTRES' && backedUp(c) && unbilled(c))!;
nodes.push(
	Object.assign(newNode(`${oit.name}@ADSM1`, COLLEGE_ACCOUNT, '', 31.2), { computer: oit })
);
// Servers match no device; EEB's rows and the college print server's name no department.
const SERVER_NODES = `ANSC-LABIMAGING-SRV@ADSM2 ANSC 62.5 | MBG-SEQCORE-FS01@ADSM1 MBG 1420
EEB-HERBARIUM-DB@ADSM3 EEB 88.1 | SIPS-GENEVA-FILESRV@ADSM5 SIPS 640 | BEE-GIS-SRV@ADSM3 BEE 120
FDSC-PILOTPLANT-SRV@ADSM2 FDSC 47.3 | NBB-EPHYS-STORE@ADSM4 NBB 310 | CALS-OIT-PRINT01@ADSM1 - 12.4
EAS-CLIMATE-ARCHIVE@ADSM1 EAS 2300`;
for (const entry of SERVER_NODES.split(/\s*[|\n]\s*/)) {
	const [name, code, gb] = entry.split(' ');
	const account = deptByCode(code)?.accounts[0] ?? COLLEGE_ACCOUNT;
	nodes.push(newNode(name, account, code === 'EEB' || code === '-' ? '' : code, +gb));
}

const fmtSize = (b: number) =>
	b >= 1e12
		? `${(b / 1e12).toFixed(1)}T`
		: `${(b >= 1e9 ? b / 1e9 : b / 1e6).toFixed(1)}${b >= 1e9 ? 'G' : 'M'}`;
const fmtCents = (c: number) => (c / 100).toFixed(2);
/** Tariff FY2020: $5.50 per node-month including 50 GB, then $0.02 per GB, rounded half up. */
function charge(node: Node, i: number) {
	const backup = Math.round(node.backup * (1 + 0.012 * i) * between(0.98, 1.02));
	const archive = Math.round(node.archive);
	const total = backup + archive;
	const extra = Math.max(0, total - 50e9);
	const extraCents = Math.floor((extra * 2 + 5e8) / 1e9);
	return { month: MONTHS[i], node, backup, archive, total, extra, base: 550, extraCents };
}
type Charge = ReturnType<typeof charge>;
const charges = MONTHS.flatMap((_, i) =>
	nodes.filter((n) => n.start <= i && i <= n.end).map((n) => charge(n, i))
);
charges.sort(
	(a, b) =>
		cmp(a.month, b.month) || cmp(a.node.account, b.node.account) || cmp(a.node.name, b.node.name)
);
type Amounts = Omit<Charge, 'month' | 'node'>;
const sizesAndMoney = (c: Amounts) => [
	...[c.backup, c.archive, c.total, c.extra].map(fmtSize),
	...[c.base, c.extraCents, c.base + c.extraCents].map(fmtCents)
];

/** The fixed-width Billing Summary EZ-Backup mails to one account for one month. */
function billingSummary(account: string, month: string): string {
	const rows = charges.filter((c) => c.node.account === account && c.month === month);
	const cut = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}-` : s.padEnd(20));
	const line = (label: string, cells: string[]) =>
		`${label} ${cells.map((v, i) => v.padStart(i < 4 ? 6 : 8)).join(' ')}`;
	const keys = ['backup', 'archive', 'total', 'extra', 'base', 'extraCents'] as const;
	const total = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, c) => s + c[k], 0)]));
	return [
		`Bill to: KFS# ${account}-_____-6601-___-__________-________`,
		'         Nodename             Backup Archiv  Total  Extra   $ Base  $ Extra  $ Total',
		`         ${'-'.repeat(20)} ${'------ '.repeat(4)}${'-------- '.repeat(2)}--------`,
		...rows.map((c) => line(`         ${cut(c.node.name)}`, sizesAndMoney(c))),
		line(`     Total for ${rows.length} nodes`.padEnd(29), sizesAndMoney(total as Amounts)),
		''
	].join('\n');
}

// ---------- writing ----------
const csvField = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const written: [string, number][] = [];
function writeCsv(file: string, header: string, rows: string[][]): void {
	const lines = [header.replace(/\n/g, ''), ...rows.map((r) => r.map(csvField).join(','))];
	writeFileSync(join(OUT, file), lines.join('\n') + '\n');
	written.push([file, rows.length]);
}
mkdirSync(OUT, { recursive: true });
const deptRows = depts.map((d) => [d.code, d.name, d.aliases.join(';')]);
writeCsv('departments.csv', 'Code,Name,Aliases', deptRows);
const inventory = computers.map((c) => [c.name, c.dept.code, c.os, isoDay(c.lastSeen)]);
writeCsv('inventory.csv', 'Computer Name,Department,OS,Last Seen', inventory);
for (const r of REPORTS) writeCsv(r.file, C42_HEADER, reportRows(r));
const cliRows = devices.map((d, i) => {
	const s = novState.get(d)![0];
	const dates = [s.connected, d.created].map((t) => fmtDate(t, 'iso'));
	const os = [versionAt(d, NOV.export), d.os, osVersionAt(d.osVersion, NOV.export), d.user.uid];
	return [String(4_210_000 + i * 7), d.uid, d.deviceName, d.hostname, s.status, ...dates, ...os];
});
const CLI_HEADER = `computerId,guid,name,osHostname,status,lastConnected,creationDate,productVersion,
osName,osVersion,userUid`;
writeCsv('code42cli-devices-2020-11-30.csv', CLI_HEADER, cliRows);
const billingRows = charges.map((c) => [
	c.month,
	c.node.account,
	c.node.deptColumn,
	c.node.name,
	...sizesAndMoney(c)
]);
const BILLING_HEADER = `Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,
$ Base,$ Extra,$ Total`;
writeCsv('ezbackup-billing.csv', BILLING_HEADER, billingRows);
const summaryFile = 'ezbackup-summary-ANSC-2020-12.txt';
writeFileSync(join(OUT, summaryFile), billingSummary('IT-ANS1004', '2020-12'));
const summaryRows = charges.filter((c) => c.node.account === 'IT-ANS1004' && c.month === '2020-12');
written.push([summaryFile, summaryRows.length]);

const manifest = [
	{ file: 'departments.csv', kind: 'departments' },
	{ file: 'inventory.csv', kind: 'inventory' },
	...REPORTS.map((r) => ({ file: r.file, kind: 'code42-devices', asOf: r.asOf })),
	{ file: 'code42cli-devices-2020-11-30.csv', kind: 'code42cli-devices', asOf: '2020-11-30' },
	{ file: 'ezbackup-billing.csv', kind: 'ezbackup-billing' },
	{ file: summaryFile, kind: 'ezbackup-summary', billingMonth: '2020-12' }
];
// Written the way prettier prints it, so `prettier --check` accepts the generated file.
const jsonLine = (m: object) =>
	`\t{ ${Object.entries(m)
		.map(([k, v]) => `"${k}": "${v}"`)
		.join(', ')} }`;
writeFileSync(join(OUT, 'manifest.json'), `[\n${manifest.map(jsonLine).join(',\n')}\n]\n`);

// ---------- the figures a reader can check (rules of domain.md, as of 2020-11-30) ----------
const T = utc(2020, 12, 1);
/** With several destinations, the most recent completed backup and the worst alert count. */
function health(d: Device): 'ok' | 'warning' | 'critical' | 'never' {
	const states = novState.get(d)!;
	const done = states.map((s) => s.completed).filter((x) => x !== null);
	if (!done.length) return 'never';
	const age = T - Math.max(...done);
	const alerted = (a: string) => states.some((s) => s.alert === a);
	if (age > 5 * DAY || alerted('CriticalBackupAlert')) return 'critical';
	return age > 3 * DAY || alerted('WarningBackupAlert') ? 'warning' : 'ok';
}
const active = devices.filter((d) => novState.get(d)![0].status.startsWith('Active'));
const count = (bucket: string) => active.filter((d) => health(d) === bucket).length;
const neverLate = active.filter((d) => health(d) === 'never' && T - d.created > 14 * DAY).length;
/** A node can be turned off when a linked device is active, has a backup and is ok or warning. */
const safeToTurnOff = (c: Computer) =>
	active.some((d) => d.computer === c && ['ok', 'warning'].includes(health(d)));
const billedIn = (month: string) => charges.filter((c) => c.month === month);
const eligible = (month: string) =>
	billedIn(month).filter((c) => c.node.computer && safeToTurnOff(c.node.computer)).length;
const byCreation = [...devices].sort((a, b) => a.created - b.created);
const halfUp = (a: number, b: number) => (Math.floor((2000 * a + b) / (2 * b)) / 10).toFixed(1);
const F = {
	managed: computers.length,
	installed: devices.length,
	installedJune: devices.filter((d) => d.created <= REPORTS[0].export).length,
	milestone: isoDay(byCreation[999].created),
	active: active.length,
	health: `${count('ok')} / ${count('warning')} / ${count('critical')} / ${count('never')}`,
	failures: `${count('critical')} critical + ${neverLate} never after more than 14 days = ${count('critical') + neverLate}`,
	billed: `${billedIn('2020-11').length} in 2020-11, ${billedIn('2020-12').length} in 2020-12`,
	eligible: `${eligible('2020-11')} in 2020-11, ${eligible('2020-12')} in 2020-12`
};
const adoption = depts.map((d) => {
	const managed = computers.filter((c) => c.dept === d);
	const withActive = managed.filter((c) => active.some((x) => x.computer === c)).length;
	return `- ${d.code}: ${withActive} of ${managed.length} (${halfUp(withActive, managed.length)}%)`;
});
const readme = `# Sample exports

Generated by \`npm run samples\` (\`scripts/generate-samples.ts\`: seeded, no clock). Rerunning it rewrites these files byte for byte. Import them in the order of \`manifest.json\`.

## The story

CALS-OIT replaces EZ-Backup, billed monthly per node to each department's account, with Code42, paid centrally. From 3 February 2020 the weekly install prompt reached one or two departments a week: CB and NTRES first, EAS and NS last, on 30 March. Most computers installed within days of the prompt; after campus closed in March the rest trickled in through summer and autumn. ${stragglers.length} managed computers never installed. Twenty computers were reinstalled: their first device is Deactivated and the same hostname registered again as a new device. Five retired machines were deactivated in the summer and still sit, stale, in the inventory. Ten devices also back up to a second destination; one dropped it in November, and one is behind on it (\`CriticalBackupAlert\` on that row only). One device is \`Blocked\` and two are \`Active, Deauthorized\` in the last report.

Once a computer finished its first full Code42 backup, the office turned its EZ-Backup node off: the node's last charge is in that month. It forgot 56 of them, still billed in December 2020: the "turn off now" list. Computers that never installed, or whose first backup never finished, keep being billed, as do nine servers that match no device. Ten managed computers registered into the catch-all org \`${UNSORTED}\` (their department comes from the inventory); ${UNKNOWN.length} personal machines there match no inventory name and are UNASSIGNED; two lab Linux boxes are placed by their org alone. Some billing rows leave Department empty: the account (an alias of the department) places them, and the college account \`${COLLEGE_ACCOUNT}\` places its workstation by its linked device and leaves its print server UNASSIGNED.

The 2020-10-12 report comes from an older server and writes dates as \`Oct 12, 2020 8:17:52 PM\` (UTC); the other two use ISO 8601, where two devices in each are written with a UTC offset (same instants). \`${summaryFile}\` is the fixed-width Billing Summary of account IT-ANS1004 for 2020-12: the same charges as the CSV, with names over 20 characters cut to 19 and a trailing \`-\`.

## Figures to check

As of 2020-11-30 (T = 2020-12-01T00:00Z), from the 2020-11-30 report:

- Managed computers (inventory): ${F.managed}
- Devices ever installed (distinct \`deviceUid\`): ${F.installed}; by the 2020-06-30 report: ${F.installedJune}
- 1,000th install (by \`creationDate\`): ${F.milestone}
- Active devices (status starts with \`Active\`): ${F.active}
- Health of active devices, ok / warning / critical / never: ${F.health}
- Failures: ${F.failures}
- UNASSIGNED devices: ${UNKNOWN.length}
- EZ-Backup nodes billed: ${F.billed}
- Of those, eligible to turn off (a linked device active, backed up, ok or warning): ${F.eligible}

With the default as-of date, 2020-11-30, the latest billed month is 2020-11: the 2020-12 charges count only from an as-of date in December.

Managed computers with an active device, by department (adoption):

${adoption.join('\n')}
`;
writeFileSync(join(OUT, 'README.md'), readme);

for (const [file, rows] of written)
	console.log(`${file.padEnd(36)} ${String(rows).padStart(6)} rows`);
for (const [key, value] of Object.entries(F)) console.log(`${key}: ${value}`);
