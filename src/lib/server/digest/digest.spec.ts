import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '../../format';
import { figuresAt } from '../figures/at';
import { countDevices, deviceHealthPage } from '../figures/devices';
import { withNodesAt } from '../figures/nodes';
import { countStragglers, departmentNames } from '../figures/rollout';
import { reportOf } from '../figures/report';
import { savingsSentenceOf } from '../figures/savings';
import { saveHealthSettings, loadHealthSettings } from '../health-settings';
import { sampleFile, type SampleFile } from '../imports/sample-file';
import { saveCode42Cost } from '../savings-settings';
import { leadershipDigest, managerDigest, sinceDay, LISTED } from './content';
import { foreignAmountsIn, otherCodesIn } from './leaks';
import { renderDigest } from './render';

// The digest's content on the sample data: the same figures as the pages and the report, a
// manager's mail about their departments and nothing else, leadership's about the college.

const AS_OF = '2020-11-30';
const ORIGIN = 'https://backup.example.edu';
const DANA = { email: 'dana@college.edu', name: 'Dana Manager' };
const LEE = { email: 'lee@college.edu', name: 'Lee Leader' };

let samples: SampleFile;
beforeAll(() => {
	samples = sampleFile();
});
afterAll(() => samples.remove());

const uids = (rows: { deviceUid: string }[]) => rows.map((r) => r.deviceUid).sort();

describe('the day new failures are counted from', () => {
	it('is the latest report at least a week older, else seven days before', () => {
		const { db } = samples;
		// the sample's reports: 2020-06-30, 2020-10-12, 2020-11-30
		expect(sinceDay(db, '2020-11-30')).toBe('2020-10-12');
		expect(sinceDay(db, '2020-10-19')).toBe('2020-10-12');
		expect(sinceDay(db, '2020-10-18')).toBe('2020-06-30');
		expect(sinceDay(db, '2020-07-01')).toBe('2020-06-24');
	});
});

describe("a manager's digest", () => {
	it('holds the figures of their department, as the pages show them', async () => {
		const { db } = samples;
		const d = await managerDigest(db, AS_OF, ['ANSC']);
		if (d === null) throw new Error('ANSC is in the sample data');
		const at = figuresAt(db, AS_OF);
		const since = figuresAt(db, d.since);
		const report = await reportOf(db, AS_OF, 'ANSC');

		expect(d.departments).toEqual([{ code: 'ANSC', name: 'Animal Science' }]);
		expect(d.rollout).toEqual({
			installed: report.devices.installed,
			active: report.devices.active,
			managed: report.devices.managed,
			adopted: report.devices.adopted,
			adoptionPct: report.devices.adoptionPct
		});
		expect(d.savings).toEqual([await withNodesAt(db, at, (m) => savingsSentenceOf(db, m, 'ANSC'))]);

		const failing = deviceHealthPage(db, at, { departments: ['ANSC'], bucket: 'failures' }, null);
		const before = new Set(
			uids(deviceHealthPage(db, since, { departments: ['ANSC'], bucket: 'failures' }, null))
		);
		expect(d.failures.count).toBe(report.health.failures);
		expect(d.failures.count).toBe(failing.length);
		expect(d.failures.previousCount).toBe(before.size);
		expect(uids(d.failures.listed.filter((f) => f.isNew))).toEqual(
			uids(failing.filter((f) => !before.has(f.deviceUid)))
		);
		// the new ones come first
		const news = d.failures.listed.map((f) => f.isNew);
		expect(news).toEqual([...news].sort((a, b) => Number(b) - Number(a)));

		expect(d.stragglers.count).toBe(countStragglers(db, at, ['ANSC']));
		expect(d.stragglers.first.length).toBe(Math.min(LISTED.stragglers, d.stragglers.count));
		const seen = d.stragglers.first.map((s) => s.lastSeen ?? '');
		expect(seen).toEqual([...seen].sort().reverse());

		expect(d.turnOff.nodeCount).toBe(d.savings[0].eligibleNodes);
		expect(d.turnOff.monthlyCents).toBe(d.savings[0].eligibleMonthlyCents);
		expect(d.turnOff.nodes.every((n) => n.department === 'ANSC')).toBe(true);
	});

	it('names no other department, and no money but theirs, in text or HTML', async () => {
		const { db } = samples;
		const codes = departmentNames(db).map((d) => d.code);
		for (const own of [['ANSC'], ['EAS', 'MBG']]) {
			const d = await managerDigest(db, AS_OF, own);
			if (d === null) throw new Error(`${own.join(', ')} are in the sample data`);
			const mail = renderDigest(d, DANA, ORIGIN);
			for (const text of [mail.subject, mail.text, mail.html]) {
				expect(otherCodesIn(text, db, own)).toEqual([]);
				expect(await foreignAmountsIn(text, db, AS_OF, own)).toEqual([]);
				expect(text).not.toMatch(/college/i);
			}
			// what would be caught: another department's code and money
			const other = codes.find((c) => !own.includes(c))!;
			const college = (await reportOf(db, AS_OF)).savings.realizedCents;
			expect(otherCodesIn(`${mail.text} ${other}-PC0001`, db, own)).toEqual([other]);
			expect(
				await foreignAmountsIn(`${mail.text} ${formatCents(college)}`, db, AS_OF, own)
			).toEqual([formatCents(college)]);
		}
	});

	it('is nothing for a manager none of whose departments is in the data', async () => {
		expect(await managerDigest(samples.db, AS_OF, ['NOPE'])).toBeNull();
	});
});

describe("leadership's digest", () => {
	it('holds the college with the change since the report a week or more before, and the net', async () => {
		const { db } = samples;
		const d = await leadershipDigest(db, AS_OF);
		const now = await reportOf(db, AS_OF);
		const before = await reportOf(db, d.since);
		expect(d.since).toBe('2020-10-12');
		for (const [digest, report] of [
			[d.rollout, now],
			[d.before, before]
		] as const) {
			expect(digest).toEqual({
				installed: report.devices.installed,
				active: report.devices.active,
				managed: report.devices.managed,
				adopted: report.devices.adopted,
				adoptionPct: report.devices.adoptionPct
			});
		}
		expect(d.rollout.installed).toBeGreaterThan(d.before.installed);
		expect(d.failures.count).toBe(now.health.failures);
		expect(d.failures.previousCount).toBe(before.health.failures);
		// the new failures first, then those failing on the day before too
		const news = d.failures.listed.map((f) => f.isNew);
		expect(news).toContain(true);
		expect(news).toContain(false);
		expect(news).toEqual([...news].sort((a, b) => Number(b) - Number(a)));
		expect(d.savings).toMatchObject({
			realizedCents: now.savings.realizedCents,
			projectedAnnualCents: now.savings.projectedAnnualCents
		});
		// the net, once the central cost is known, is the report's
		expect(d.savings.net.netAnnualCents).toBeNull();
		const text = renderDigest(d, LEE, ORIGIN).text;
		expect(text).toContain('Installed: 1,191 devices (+');
		expect(text).toContain("The college's net is not known");
		expect(text).toContain(`<${ORIGIN}/?asOf=2020-11-30>`);
		// every text a person or a file wrote is escaped in the HTML
		const html = renderDigest(d, { email: LEE.email, name: 'Lee <b>&' }, ORIGIN).html;
		expect(html).toContain('<p>Hello Lee &#60;b&#62;&#38;,</p>');
		expect(html).toContain(`<a href="${ORIGIN}/savings?asOf=2020-11-30#realized">`);
	});

	it('tells the net once an administrator has entered the Code42 cost', async () => {
		const fresh = sampleFile();
		try {
			saveCode42Cost(fresh.db, '2020-01', 150, 'test');
			const d = await leadershipDigest(fresh.db, AS_OF);
			const net = (await reportOf(fresh.db, AS_OF)).savings.netAnnualCents;
			expect(net).not.toBeNull();
			expect(d.savings.net.netAnnualCents).toBe(net);
			expect(renderDigest(d, LEE, ORIGIN).text).toContain(`${formatCents(net!)} a year`);
		} finally {
			fresh.remove();
		}
	});
});

describe('the data cap in the digest', () => {
	it('names the devices whose first backup has more still to send than the cap', async () => {
		const fresh = sampleFile();
		try {
			const { db } = fresh;
			saveHealthSettings(
				db,
				{ ...loadHealthSettings(db).thresholds, uploadMbps: 10, dataCapGb: 50 },
				'test'
			);
			const at = figuresAt(db, AS_OF);
			const codes = departmentNames(db).map((d) => d.code);
			const over = { departments: codes, bucket: 'progress', toSendOver: 50e9 } as const;
			const expected = deviceHealthPage(db, at, over, null);
			expect(expected.length).toBeGreaterThan(0);
			const d = await leadershipDigest(db, AS_OF);
			expect(d.dataCap.count).toBe(countDevices(db, at, over));
			expect(d.dataCap.listed.map((x) => x.deviceName)).toEqual(
				expected.slice(0, LISTED.overDataCap).map((x) => x.deviceName)
			);
			const text = renderDigest(d, LEE, ORIGIN).text;
			expect(text).toContain('FIRST BACKUPS OVER THE HOME DATA CAP');
			expect(text).toContain(expected[0].deviceName);
			expect(text).toContain('back the computer up on campus, or throttle');

			// and a manager hears of theirs only
			const own = expected[0].department;
			const m = await managerDigest(db, AS_OF, [own]);
			expect(m?.dataCap.listed.map((x) => x.department)).toEqual(
				expected.filter((x) => x.department === own).map(() => own)
			);
		} finally {
			fresh.remove();
		}
	});
});
