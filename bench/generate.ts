// Campus-scale exports in the real formats of shared/domain.md, for `npm run bench`.
// Deterministic: one seeded PRNG (mulberry32, as scripts/generate-samples.ts), fixed dates, no clock.
// At scale 1: 20,000 managed computers in 40 departments, 26 weekly Code42 device reports ending
// 2020-11-30, 36 months of EZ-Backup billing (about 400,000 charges). Rows are written as text
// straight to a stream, a chunk at a time, so scale 5 never holds a file in memory.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 86_400_000;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const LAST_REPORT = utc(2020, 11, 30);
const ROLLOUT_START = utc(2020, 2, 3);
const FIRST_MONTH = utc(2017, 12, 1);

export const CODE42_HEADER =
	'archiveGuid,orgUid,orgName,orgExtRef,userUid,username,email,userExtRef,deviceUid,deviceName,' +
	'deviceOsHostname,deviceExtRef,destinationUid,destinationName,serverUid,serverName,version,' +
	'status,userStatus,alertStates,os,osVersion,address,remoteAddress,creationDate,selectedBytes,' +
	'backupCompletePercentage,archiveBytes,coldStorage,lastConnectedDate,lastCompletedBackupDate,' +
	'lastActivity,mostRecentUserProfileCreationResult,mostRecentUserProfileBackupResult';

function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Writes lines through a stream, waiting for it to drain, in chunks of a few thousand lines. */
class LineWriter {
	private out;
	private buffer: string[] = [];
	constructor(path: string) {
		this.out = createWriteStream(path);
	}
	async line(text: string): Promise<void> {
		this.buffer.push(text);
		if (this.buffer.length >= 4000) await this.flush();
	}
	private flush(): Promise<void> {
		const chunk = this.buffer.join('\r\n') + '\r\n';
		this.buffer = [];
		return new Promise((done) => (this.out.write(chunk) ? done() : this.out.once('drain', done)));
	}
	async close(): Promise<void> {
		if (this.buffer.length > 0) await this.flush();
		await new Promise<void>((done) => this.out.end(done));
	}
}

const SUBJECTS =
	'Agriculture,Animal Science,Architecture,Astronomy,Biology,Biomedical Engineering,Chemistry,Classics,Communication,Computer Science,Earth Sciences,Economics,Education,Electrical Engineering,English,Entomology,Food Science,Geography,Government,History,Hotel Administration,Human Development,Law,Linguistics,Materials Science,Mathematics,Mechanical Engineering,Music,Nutrition,Philosophy,Physics,Plant Science,Psychology,Public Policy,Sociology,Statistics,Theatre,Veterinary Medicine,Library,Facilities'.split(
		','
	);

export interface Department {
	code: string;
	name: string;
	org: string;
	account: string;
	weight: number;
	prompt: number;
}

export function departments(count = 40): Department[] {
	const rand = prng(40);
	return Array.from({ length: count }, (_, i) => {
		const subject = SUBJECTS[i % SUBJECTS.length];
		const code = `${subject.replace(/[^A-Z]/g, '').slice(0, 4)}${String(i + 1).padStart(2, '0')}`;
		return {
			code,
			name: `Department of ${subject}${i >= SUBJECTS.length ? ` ${i}` : ''}`,
			// a few Code42 orgs go by the department's name, most by a prefixed code
			org: i % 7 === 3 ? `Department of ${subject}` : `CAMPUS-${code}`,
			account: `IT-${code.slice(0, 3).toUpperCase()}${1000 + i}`,
			weight: 0.4 + rand() * 1.6,
			prompt: ROLLOUT_START + Math.floor(rand() * 20) * 7 * DAY
		};
	});
}

interface Computer {
	i: number;
	name: string;
	dept: Department;
	mac: boolean;
	installed: number | null; // creationDate of its Code42 device
	firstBackup: number | null; // first completed backup
	deactivated: number | null;
	secondDestination: boolean;
	stuck: boolean; // never completes a backup
	lagDays: number; // typical age of its last completed backup
	billedFrom: number | null; // month index of its first EZ-Backup charge
	forgotten: boolean; // billing not turned off after Code42
	gb: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const monthText = (index: number) => {
	const d = new Date(FIRST_MONTH);
	d.setUTCMonth(d.getUTCMonth() + index);
	return d.toISOString().slice(0, 7);
};
const monthStart = (index: number) => Date.parse(`${monthText(index)}-01T00:00:00Z`);

function computers(scale: number, depts: Department[]): Computer[] {
	const rand = prng(20200630);
	const expo = (mean: number) => -Math.log(1 - rand()) * mean;
	const total = depts.reduce((s, d) => s + d.weight, 0);
	const n = Math.round(20_000 * scale);
	const list: Computer[] = [];
	let cursor = 0;
	for (const dept of depts) {
		const share = Math.round((n * dept.weight) / total);
		for (let k = 0; k < share && list.length < n; k++) {
			const mac = rand() < 0.3;
			let installed: number | null = null;
			if (rand() < 0.92) {
				const r = rand();
				const delay = r < 0.5 ? expo(5) : r < 0.85 ? expo(30) : 40 + rand() * 200;
				installed = Math.min(dept.prompt + delay * DAY, LAST_REPORT - rand() * 10 * DAY);
				installed = Math.floor(installed / 1000) * 1000 + Math.floor(rand() * 1000);
			}
			const stuck = installed !== null && rand() < 0.02;
			list.push({
				i: cursor++,
				name: `${dept.code}-${mac ? 'MAC' : 'PC'}${String(k + 1).padStart(5, '0')}`,
				dept,
				mac,
				installed,
				firstBackup: installed === null || stuck ? null : installed + (0.2 + expo(2)) * DAY,
				deactivated:
					installed !== null && rand() < 0.03 ? installed + (30 + rand() * 150) * DAY : null,
				secondDestination: rand() < 0.1,
				stuck,
				lagDays: rand() < 0.05 ? 4 + rand() * 20 : expo(0.8),
				billedFrom: rand() < 0.66 ? (rand() < 0.8 ? 0 : Math.floor(rand() * 24)) : null,
				forgotten: rand() < 0.05,
				gb: 5 + expo(30)
			});
		}
	}
	return list;
}

const uid = (prefix: string, i: number) => `${prefix}${String(i).padStart(17, '0')}`;

/** One Code42 report row for a computer's device and one destination, as of a report day. */
function code42Row(c: Computer, asOf: number, destination: number, rand: () => number): string {
	const installed = c.installed as number;
	const active = c.deactivated === null || c.deactivated > asOf;
	const complete = c.firstBackup !== null && c.firstBackup <= asOf;
	const lastCompleted = complete
		? Math.max(c.firstBackup as number, asOf + 0.7 * DAY - (c.lagDays + rand()) * DAY)
		: null;
	const lastConnected = Math.max(installed, asOf + 0.6 * DAY - rand() * c.lagDays * DAY);
	const ageDays = lastCompleted === null ? 0 : (asOf + DAY - lastCompleted) / DAY;
	const alert = ageDays > 5 ? 'CriticalBackupAlert' : ageDays > 3 ? 'WarningBackupAlert' : 'OK';
	const selected = Math.round(c.gb * 1e9);
	const host = c.name.toLowerCase();
	const user = `u${String(c.i).padStart(6, '0')}`;
	return [
		uid(destination === 0 ? '4' : '5', c.i),
		uid('3', c.dept.code.length + c.dept.prompt / DAY),
		c.dept.org,
		'',
		uid('2', c.i),
		`${user}@campus.example.edu`,
		`${user}@campus.example.edu`,
		'',
		uid('1', c.i),
		c.name,
		c.mac && c.i % 4 === 0 ? `${c.name}.local` : `${host}.campus.example.edu`,
		'',
		destination === 0 ? '415141235597243433' : '415141235597243434',
		destination === 0 ? 'Code42 Cloud US' : 'Campus Server',
		uid('6', c.i % 40),
		`cloud-us-str-${String(c.i % 40).padStart(3, '0')}`,
		'8.2.1',
		active ? 'Active' : 'Deactivated',
		'Active',
		active ? alert : 'OK',
		c.mac ? 'mac' : 'win64',
		c.mac ? '10.15.7' : '10.0.19041',
		`10.${c.i % 250}.${(c.i >> 8) % 250}.${c.i % 199}:4242`,
		`128.84.${c.i % 250}.${(c.i * 7) % 250}`,
		iso(installed),
		String(selected),
		complete ? '100.0' : (Math.min(99, Math.max(0, (asOf - installed) / DAY)) * rand()).toFixed(1),
		String(Math.round(selected * (complete ? 0.9 : 0.3))),
		'false',
		iso(lastConnected),
		lastCompleted === null ? 'null' : iso(lastCompleted),
		iso(lastConnected),
		'',
		''
	].join(',');
}

const BILLING_HEADER =
	'Billing Month,Account,Department,Nodename,Backup,Archive,Total,Extra,$ Base,$ Extra,$ Total';

/**
 * One EZ-Backup charge of `gb` stored, at the FY2020 tariff ($5.50 including 50 GB, $0.02 per GB
 * over): $ Base + $ Extra = $ Total, as the import requires.
 */
function chargeLine(month: string, dept: Department, nodename: string, gb: number): string {
	const extraGb = Math.max(0, gb - 50);
	const extraCents = Math.round(extraGb * 2);
	return [
		month,
		dept.account,
		dept.code,
		nodename,
		`${(gb * 0.95).toFixed(1)}G`,
		`${(gb * 0.05).toFixed(1)}G`,
		`${gb.toFixed(1)}G`,
		`${extraGb.toFixed(1)}G`,
		'5.50',
		(extraCents / 100).toFixed(2),
		((550 + extraCents) / 100).toFixed(2)
	].join(',');
}

export interface CampusFiles {
	departments: string;
	inventory: string;
	reports: string[];
	billing: string;
	counts: { computers: number; reportRows: number; charges: number };
}

/** Writes the campus's exports into dir; file names in import order. */
export async function generateCampus(
	dir: string,
	{ scale = 1, weeks = 26, months = 36 }: { scale?: number; weeks?: number; months?: number } = {}
): Promise<CampusFiles> {
	mkdirSync(dir, { recursive: true });
	const depts = departments(40);
	const list = computers(scale, depts);
	const files: CampusFiles = {
		departments: join(dir, 'departments.csv'),
		inventory: join(dir, 'inventory.csv'),
		reports: [],
		billing: join(dir, 'ezbackup-billing.csv'),
		counts: { computers: list.length, reportRows: 0, charges: 0 }
	};

	const d = new LineWriter(files.departments);
	await d.line('Code,Name,Aliases');
	for (const dept of depts)
		await d.line(`${dept.code},${dept.name},"CAMPUS-${dept.code};${dept.account}"`);
	await d.close();

	const inv = new LineWriter(files.inventory);
	await inv.line('Computer Name,Department,OS,Last Seen');
	for (const c of list)
		await inv.line(
			`${c.name},${c.dept.code},${c.mac ? 'macOS 10.15' : 'Windows 10'},2020-11-${String(20 + (c.i % 10)).padStart(2, '0')}`
		);
	await inv.close();

	const rand = prng(7);
	for (let w = weeks - 1; w >= 0; w--) {
		const asOf = LAST_REPORT - w * 7 * DAY;
		const path = join(dir, `code42-devices-${iso(asOf).slice(0, 10)}.csv`);
		files.reports.push(path);
		const out = new LineWriter(path);
		await out.line(CODE42_HEADER);
		for (const c of list) {
			if (c.installed === null || c.installed > asOf) continue;
			await out.line(code42Row(c, asOf, 0, rand));
			files.counts.reportRows++;
			if (c.secondDestination) {
				await out.line(code42Row(c, asOf, 1, rand));
				files.counts.reportRows++;
			}
		}
		await out.close();
	}

	const bill = new LineWriter(files.billing);
	await bill.line(BILLING_HEADER);
	const lastMonth = months - 1;
	for (let m = 0; m <= lastMonth; m++) {
		const month = monthText(m);
		const start = monthStart(m);
		for (const c of list) {
			if (c.billedFrom === null || c.billedFrom > m) continue;
			// EZ-Backup is turned off the month after the first full Code42 backup
			if (!c.forgotten && c.firstBackup !== null && c.firstBackup < start - 15 * DAY) continue;
			const gb = c.gb * (0.7 + (0.3 * m) / months);
			await bill.line(chargeLine(month, c.dept, `${c.name}@ADSM${1 + (c.i % 5)}`, gb));
			files.counts.charges++;
		}
	}
	await bill.close();
	return files;
}

/**
 * The campus's weekly Code42 report `weeksOn` weeks after the last one (as of 2020-12-07 for 1):
 * the same computers later on, the file an IT office imports every week. The benchmark times the
 * first overview after the first, and the requests served while the second is imported.
 */
export async function writeNextWeek(path: string, scale: number, weeksOn = 1): Promise<number> {
	const list = computers(scale, departments(40));
	const rand = prng(7 + weeksOn);
	const asOf = LAST_REPORT + weeksOn * 7 * DAY;
	const out = new LineWriter(path);
	await out.line(CODE42_HEADER);
	let rows = 0;
	for (const c of list) {
		if (c.installed === null || c.installed > asOf) continue;
		await out.line(code42Row(c, asOf, 0, rand));
		rows++;
		if (c.secondDestination) {
			await out.line(code42Row(c, asOf, 1, rand));
			rows++;
		}
	}
	await out.close();
	return rows;
}

/**
 * A single Code42 report of `rows` rows (one destination each, every device new), as of
 * 2020-12-07: the large file the import, upload and read-while-import figures use.
 */
export async function writeLargeReport(path: string, rows: number): Promise<void> {
	const depts = departments(40);
	const rand = prng(99);
	const asOf = LAST_REPORT + 7 * DAY;
	const out = new LineWriter(path);
	await out.line(CODE42_HEADER);
	for (let i = 0; i < rows; i++) {
		const dept = depts[i % depts.length];
		const installed = ROLLOUT_START + Math.floor(rand() * 280 * DAY);
		const c: Computer = {
			i: 500_000 + i,
			name: `${dept.code}-BIG${String(i).padStart(6, '0')}`,
			dept,
			mac: i % 3 === 0,
			installed,
			firstBackup: rand() < 0.98 ? installed + DAY : null,
			deactivated: null,
			secondDestination: false,
			stuck: false,
			lagDays: rand() * 2,
			billedFrom: null,
			forgotten: false,
			gb: 5 + rand() * 80
		};
		await out.line(code42Row(c, asOf, 0, rand));
	}
	await out.close();
}

/**
 * One EZ-Backup billing export of `rows` charges: `nodes` nodes of the 40 departments billed every
 * month from 2018-12 on (each (month, nodename) once), a month at a time, as a billing office's
 * export of several years. The import's memory is measured on it.
 */
export async function writeLargeBilling(path: string, rows: number, months = 24): Promise<void> {
	const depts = departments(40);
	const rand = prng(2_000_000);
	const nodes = Math.ceil(rows / months);
	const gb = Array.from({ length: nodes }, () => 5 + -Math.log(1 - rand()) * 30);
	const out = new LineWriter(path);
	await out.line(BILLING_HEADER);
	for (let written = 0, m = 0; written < rows; m++) {
		const month = monthText(36 - months + m);
		for (let i = 0; i < nodes && written < rows; i++, written++) {
			const dept = depts[i % depts.length];
			const name = `${dept.code}-NODE${String(i).padStart(6, '0')}@ADSM${1 + (i % 5)}`;
			await out.line(chargeLine(month, dept, name, gb[i] * (0.8 + (0.2 * m) / months)));
		}
	}
	await out.close();
}

// `npx tsx bench/generate.ts [--scale N] [--out DIR] [--large ROWS] [--billing ROWS]`
if (process.argv[1]?.endsWith('generate.ts')) {
	const { parseArgs } = await import('node:util');
	const { values } = parseArgs({
		options: {
			scale: { type: 'string', default: '1' },
			out: { type: 'string', default: 'bench/work/scale-1' },
			large: { type: 'string' },
			billing: { type: 'string' }
		}
	});
	if (values.large) {
		await writeLargeReport(values.out, Number(values.large));
	} else if (values.billing) {
		await writeLargeBilling(values.out, Number(values.billing));
	} else {
		const files = await generateCampus(values.out, { scale: Number(values.scale) });
		console.log(JSON.stringify(files.counts));
	}
}
