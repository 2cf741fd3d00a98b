// The savings the sample data implies, worked out straight from the committed sample files with
// PapaParse and domain.md's rules written out afresh here, independently of the dashboard's import
// and metrics code, so that the tests compare the pages and `npm run report` against the files and
// not against themselves. Kept plain and slow on purpose: no shared code, no clever passes.
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';

type Row = Record<string, string>;

const files = new Map<string, Row[]>();
const read = (file: string): Row[] => {
	let rows = files.get(file);
	if (!rows) {
		rows = Papa.parse<Row>(readFileSync(`data/samples/${file}`, 'utf8'), {
			header: true,
			skipEmptyLines: true
		}).data;
		files.set(file, rows);
	}
	return rows;
};

const key = (text: string | undefined | null) => (text ?? '').trim().toLowerCase();
const short = (text: string) => key(text).split('.')[0].trim();

/** '5.50' or '$1,234.56' → cents, by string, not float. */
function cents(text: string): number {
	const t = text.replace(/[$,\s]/g, '');
	const negative = t.startsWith('-');
	const [whole, fraction = ''] = t.replace('-', '').split('.');
	const value = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
	return negative ? -value : value;
}

/** ISO 8601, or the old servers' 'Oct 12, 2020 8:17:52 PM' in UTC; null for none. */
function instant(text: string | undefined): number | null {
	if (!text || text === 'null') return null;
	const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Date.parse(`${text} UTC`);
	return Number.isNaN(ms) ? null : ms;
}

const monthIndex = (month: string) =>
	Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

function departmentsOf() {
	const departments = read('departments.csv').map((r) => ({
		code: r.Code.trim(),
		name: r.Name.trim(),
		aliases: (r.Aliases ?? '')
			.split(';')
			.map((a) => a.trim())
			.filter(Boolean)
	}));
	const resolve = (text: string | null | undefined): string | null => {
		const k = key(text);
		if (!k) return null;
		return (
			departments.find((d) => key(d.code) === k)?.code ??
			departments.find((d) => key(d.name) === k)?.code ??
			departments.find((d) => d.aliases.some((a) => key(a) === k))?.code ??
			null
		);
	};
	const resolveAccount = (account: string): string | null => {
		const parts = key(account).split('-');
		for (let n = parts.length; n >= 1; n--) {
			const prefix = parts.slice(0, n).join('-');
			const found = departments.find((d) => d.aliases.some((a) => key(a) === prefix));
			if (found) return found.code;
		}
		return null;
	};
	return { codes: departments.map((d) => d.code).sort(), resolve, resolveAccount };
}

interface SampleDevice {
	uid: string;
	name: string;
	host: string;
	orgName: string;
	status: string;
	created: number | null;
	/** rows of the latest device backup report that holds it */
	archives: Row[] | null;
}

/** Each device in the state of the latest report (as-of ≤ D) that holds it. */
function devicesAsOf(asOf: string): SampleDevice[] {
	const reports = [
		{ file: 'code42-devices-2020-06-30.csv', day: '2020-06-30', backup: true },
		{ file: 'code42-devices-2020-10-12.csv', day: '2020-10-12', backup: true },
		{ file: 'code42cli-devices-2020-11-30.csv', day: '2020-11-30', backup: false },
		{ file: 'code42-devices-2020-11-30.csv', day: '2020-11-30', backup: true }
	].filter((r) => r.day <= asOf);
	// later reports overwrite; on the same day the device backup report comes last, so it wins
	const devices = new Map<string, SampleDevice>();
	for (const report of reports) {
		const rows = read(report.file);
		const seen = new Map<string, Row[]>();
		for (const row of rows) {
			const uid = report.backup ? row.deviceUid : row.guid;
			seen.set(uid, [...(seen.get(uid) ?? []), row]);
		}
		for (const [uid, held] of seen) {
			const first = held[0];
			const before = devices.get(uid);
			devices.set(uid, {
				uid,
				name: report.backup ? first.deviceName : first.name,
				host: report.backup ? first.deviceOsHostname : first.osHostname,
				orgName: report.backup ? first.orgName : (before?.orgName ?? ''),
				status: first.status,
				created: instant(first.creationDate) ?? before?.created ?? null,
				// an enrollment list carries no backup state: the last backup report's stays
				archives: report.backup ? held : (before?.archives ?? null)
			});
		}
	}
	return [...devices.values()];
}

export interface ExpectedNode {
	nodename: string;
	account: string;
	department: string;
	lastMonth: string;
	latestCents: number;
	baselineCents: number;
	retired: boolean;
	realizedCents: number;
	eligible: boolean;
	/** names of the linked devices, and of those with a working backup */
	devices: string[];
	healthyDevices: string[];
}

export interface ExpectedSavings {
	latestBilledMonth: string;
	realizedCents: number;
	eligibleMonthlyCents: number;
	runRateCents: number;
	projectedAnnualCents: number;
	retiredNodes: number;
	eligibleNodes: number;
	billedNodes: number;
}

const emptyFigures = (latestBilledMonth: string): ExpectedSavings => ({
	latestBilledMonth,
	realizedCents: 0,
	eligibleMonthlyCents: 0,
	runRateCents: 0,
	projectedAnnualCents: 0,
	retiredNodes: 0,
	eligibleNodes: 0,
	billedNodes: 0
});

/** Every node billed up to D's month, with its savings, by domain.md. */
export function expectedNodes(asOf = '2020-11-30') {
	const { codes, resolve, resolveAccount } = departmentsOf();
	const T = Date.parse(`${asOf}T00:00:00Z`) + 86_400_000;
	const DAY = 86_400_000;

	// devices: department, health
	const inventory = new Map<string, string>();
	for (const row of read('inventory.csv'))
		inventory.set(short(row['Computer Name']), row.Department);
	const devices = devicesAsOf(asOf);
	const deviceDepartment = (d: SampleDevice) =>
		resolve(inventory.get(short(d.host || d.name))) ?? resolve(d.orgName) ?? 'UNASSIGNED';
	const active = (d: SampleDevice) => d.status.trim().toLowerCase().startsWith('active');
	const healthy = (d: SampleDevice) => {
		if (!active(d) || d.archives === null) return false;
		const last = Math.max(
			...d.archives.map((a) => instant(a.lastCompletedBackupDate) ?? -Infinity)
		);
		if (last === -Infinity) return false; // first backup not finished
		if (d.archives.some((a) => a.alertStates.includes('CriticalBackupAlert'))) return false;
		return T - last <= 5 * DAY; // ok or warning
	};

	// charges: the latest file wins per (month, nodename); one billing file here
	const limit = asOf.slice(0, 7);
	const charges = read('ezbackup-billing.csv').filter((r) => r['Billing Month'] <= limit);
	const latestBilledMonth = charges.reduce(
		(m, r) => (r['Billing Month'] > m ? r['Billing Month'] : m),
		''
	);
	const byNode = new Map<string, Row[]>();
	for (const row of charges) {
		const k = key(row.Nodename);
		byNode.set(k, [...(byNode.get(k) ?? []), row]);
	}

	const matchKey = (nodename: string) => {
		let k = nodename.split('@')[0].trim().split('.')[0].trim();
		if (k.endsWith('-')) k = k.slice(0, -1);
		return k.toLowerCase();
	};

	const byName = new Map<string, SampleDevice[]>();
	for (const d of devices) {
		for (const name of new Set([short(d.host || d.name), key(d.name)])) {
			byName.set(name, [...(byName.get(name) ?? []), d]);
		}
	}

	const nodes: ExpectedNode[] = [];
	for (const rows of byNode.values()) {
		rows.sort((a, b) => a['Billing Month'].localeCompare(b['Billing Month']));
		const last = rows[rows.length - 1];
		const lastThree = rows.slice(-3).map((r) => cents(r['$ Total']));
		const sum = lastThree.reduce((a, b) => a + b, 0);
		const baseline = Math.floor((2 * sum + lastThree.length) / (2 * lastThree.length));
		const retired = last['Billing Month'] < latestBilledMonth;
		const linked = byName.get(matchKey(last.Nodename)) ?? [];
		let department = resolve(last.Department) ?? resolveAccount(last.Account);
		if (department === null) {
			const ranked = [...linked].sort(
				(a, b) => Number(active(b)) - Number(active(a)) || (b.created ?? 0) - (a.created ?? 0)
			);
			department =
				ranked.map(deviceDepartment).find((code) => code !== 'UNASSIGNED') ?? 'UNASSIGNED';
		}
		nodes.push({
			nodename: last.Nodename,
			account: last.Account,
			department,
			lastMonth: last['Billing Month'],
			latestCents: cents(last['$ Total']),
			baselineCents: baseline,
			retired,
			realizedCents: retired
				? baseline * (monthIndex(latestBilledMonth) - monthIndex(last['Billing Month']))
				: 0,
			eligible: !retired && linked.some(healthy),
			devices: linked.map((d) => d.name),
			healthyDevices: linked.filter(healthy).map((d) => d.name)
		});
	}
	return { latestBilledMonth, codes: [...codes, 'UNASSIGNED'], nodes, charges };
}

function add(figures: ExpectedSavings, node: ExpectedNode) {
	if (node.retired) {
		figures.retiredNodes++;
		figures.realizedCents += node.realizedCents;
		figures.runRateCents += node.baselineCents;
	} else figures.billedNodes++;
	if (node.eligible) {
		figures.eligibleNodes++;
		figures.eligibleMonthlyCents += node.latestCents;
	}
	figures.projectedAnnualCents = 12 * (figures.runRateCents + figures.eligibleMonthlyCents);
}

/** The college's savings and each department's, as of D. */
export function expectedSavings(asOf = '2020-11-30') {
	const { latestBilledMonth, codes, nodes } = expectedNodes(asOf);
	const total = emptyFigures(latestBilledMonth);
	const byDepartment = new Map(codes.map((c) => [c, emptyFigures(latestBilledMonth)]));
	for (const node of nodes) {
		add(total, node);
		add(byDepartment.get(node.department) as ExpectedSavings, node);
	}
	return { total, byDepartment, nodes };
}

/** What each department was charged per month, up to the latest billed month. */
export function expectedSpend(asOf = '2020-11-30', department?: string) {
	const { nodes, charges } = expectedNodes(asOf);
	const departmentOf = new Map(nodes.map((n) => [key(n.nodename), n.department]));
	const months = new Map<string, number>();
	for (const row of charges) {
		if (department && departmentOf.get(key(row.Nodename)) !== department) continue;
		months.set(
			row['Billing Month'],
			(months.get(row['Billing Month']) ?? 0) + cents(row['$ Total'])
		);
	}
	return months;
}
