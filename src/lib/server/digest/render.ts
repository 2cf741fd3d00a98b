import { paceFinding } from '../../components/rollout/pace';
import { dataCapAdvice } from '../../data-cap';
import {
	formatBytes,
	formatCents,
	formatCount,
	formatDate,
	formatMonth,
	formatPct
} from '../../format';
import type { SavingsSentence } from '../metrics/nodes';
import type { DataCapPart, Digest, FailuresPart, LeadershipDigest, ManagerDigest } from './content';

// The weekly digest in words: one structure of sections per mail, written out twice, as plain text
// and as HTML, so that the two never tell different things. Every figure links to its page at
// ORIGIN, as of the digest's day, so what the reader opens shows the same figures.

/** A piece of a line: text, a link, or words to stress. */
type Piece = string | { text: string; href: string } | { strong: string };
type Line = Piece[];

interface Section {
	heading: string;
	lines: Line[];
	/** a list under the lines */
	items?: Line[];
	/** after the list: where the rest is */
	after?: Line[];
}

export interface Recipient {
	email: string;
	name: string;
}

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

const plural = (n: number, one: string, many: string) =>
	`${formatCount(n)} ${n === 1 ? one : many}`;

/** A change as a signed figure: "+12", "−3", "no change". */
function change(now: number, before: number, format: (n: number) => string = formatCount): string {
	const delta = now - before;
	if (delta === 0) return 'no change';
	return `${delta > 0 ? '+' : '−'}${format(Math.abs(delta))}`;
}

function pointsChange(now: number | null, before: number | null): string {
	if (now === null || before === null) return 'no change to tell';
	const delta = Math.round((now - before) * 10) / 10;
	if (delta === 0) return 'no change';
	return `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)} points`;
}

/** The manager's sentence (docs/rules.md), as SavingsSentence.svelte writes it on a page. */
function savingsLine(s: SavingsSentence, prefix: boolean, url: Links): Line {
	const query = { department: s.department };
	const saved: Line =
		s.sinceMonth !== null
			? [
					'Saved ',
					{ text: formatCents(s.realizedCents), href: url('/savings', query, 'realized') },
					` since ${formatMonth(s.sinceMonth)}; `
				]
			: ['Nothing saved yet, as no EZ-Backup account has been turned off; '];
	const n = s.eligibleNodes;
	const more: Line =
		n > 0
			? [
					{
						text: `${formatCents(s.eligibleMonthlyCents)} more a month`,
						href: url('/savings/turn-off', query)
					},
					` once ${n === 1 ? 'this account is' : `these ${formatCount(n)} accounts are`} turned off.`
				]
			: ['no other account can be turned off yet.'];
	return [...(prefix ? [{ strong: `${s.department}: ` }] : []), ...saved, ...more];
}

type Links = (path: string, query?: Record<string, string>, fragment?: string) => string;

/** Links to the pages at `origin`, as of the digest's day. */
function linksTo(origin: string, asOf: string): Links {
	return (path, query = {}, fragment) => {
		const url = new URL(path, origin);
		for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
		url.searchParams.set('asOf', asOf);
		if (fragment) url.hash = fragment;
		return url.href;
	};
}

// the count a week or more before, told as such: "(14 on Oct 12)" read as the 14 new ones
const wereThen = (n: number) => `there ${n === 1 ? 'was' : 'were'} ${formatCount(n)}`;

function failuresSection(f: FailuresPart, since: string, url: Links, scope: string): Section {
	const newWords =
		f.newCount === 0
			? `none new since ${formatDate(since)}`
			: `${formatCount(f.newCount)} new since ${formatDate(since)}`;
	return {
		heading: 'Failing backups',
		lines: [
			f.count === 0
				? [
						{ strong: 'No failing backup' },
						` ${scope} (${wereThen(f.previousCount)} on ${formatDate(since)}).`
					]
				: [
						{ strong: plural(f.count, 'failing backup', 'failing backups') },
						` ${scope}, ${newWords} (${wereThen(f.previousCount)} that day):`
					]
		],
		items: f.listed.map((d) => [
			...(d.isNew ? [{ strong: 'New: ' }] : []),
			{ text: d.deviceName, href: url(`/devices/${encodeURIComponent(d.deviceUid)}`) },
			` (${d.department}): ${d.reason}`
		]),
		after:
			f.count > 0
				? [
						[
							f.count > f.listed.length
								? `And ${formatCount(f.count - f.listed.length)} more: `
								: 'On the page: ',
							{ text: 'backup health', href: url('/health', {}, 'devices-heading') }
						]
					]
				: []
	};
}

function dataCapSection(d: DataCapPart, url: Links, scope: string): Section | null {
	if (d.count === 0) return null;
	return {
		heading: 'First backups over the home data cap',
		lines: [
			[
				{ strong: plural(d.count, 'device', 'devices') },
				` ${scope} ${d.count === 1 ? 'has' : 'have'} more than ${formatBytes(d.capBytes)} still to send in ${d.count === 1 ? 'its' : 'their'} first backup. ${dataCapAdvice(d.capBytes / 1e9)}`
			]
		],
		items: d.listed.map((x) => [
			{ text: x.deviceName, href: url(`/devices/${encodeURIComponent(x.deviceUid)}`) },
			` (${x.department}): ${formatBytes(x.bytesToSend)} still to send`
		]),
		after: [
			[
				d.count > d.listed.length
					? `And ${formatCount(d.count - d.listed.length)} more: `
					: 'On the page: ',
				{ text: 'first backups in progress', href: url('/health', {}, 'first-heading') }
			]
		]
	};
}

function managerMail(
	d: ManagerDigest,
	url: Links
): { subject: string; intro: Line[]; sections: Section[] } {
	const many = d.departments.length > 1;
	const scope = `in ${d.who}`;
	const r = d.rollout;
	const sections: Section[] = [
		{
			heading: 'Savings',
			lines: d.savings.map((s) => savingsLine(s, many, url))
		},
		failuresSection(d.failures, d.since, url, scope),
		{
			heading: 'Computers still without Code42',
			lines: [
				d.stragglers.count === 0
					? ['Every managed computer ', scope, ' has an active Code42 device.']
					: [
							{ strong: plural(d.stragglers.count, 'managed computer', 'managed computers') },
							` ${scope} ${d.stragglers.count === 1 ? 'has' : 'have'} no active Code42 device. ${
								d.stragglers.count > d.stragglers.first.length
									? `The ${formatCount(d.stragglers.first.length)} to chase first, those seen on the network most recently:`
									: 'Those seen on the network most recently first:'
							}`
						]
			],
			items: d.stragglers.first.map((s) => [
				{ strong: s.computerName },
				` (${s.department})`,
				s.lastSeen ? `, last seen ${formatDate(s.lastSeen)}` : ', never seen',
				s.inactiveDeviceUids.length > 0 ? '; Code42 was there before: reinstall it' : ''
			]),
			after:
				d.stragglers.count > 0
					? [
							[
								'All of them: ',
								...d.departments.flatMap((dep, i): Piece[] => [
									...(i > 0 ? [', '] : []),
									{
										text: dep.code,
										href: url(
											`/departments/${encodeURIComponent(dep.code)}`,
											{},
											'stragglers-heading'
										)
									}
								])
							]
						]
					: []
		},
		{
			heading: 'EZ-Backup accounts to turn off now',
			lines: [
				d.turnOff.nodeCount === 0
					? [
							'None yet: no EZ-Backup account ',
							scope,
							' has a Code42 device with a finished, healthy backup.'
						]
					: [
							{ strong: plural(d.turnOff.nodeCount, 'account', 'accounts') },
							` ${scope} can be turned off now, saving ${formatCents(d.turnOff.monthlyCents)} a month:`
						]
			],
			items: d.turnOff.nodes.map((n) => [
				{ strong: n.nodename },
				` on ${n.account} (${n.department}): ${formatCents(n.monthlyCents)} a month`
			]),
			after:
				d.turnOff.nodeCount > 0
					? [
							[
								d.turnOff.nodeCount > d.turnOff.nodes.length
									? `And ${formatCount(d.turnOff.nodeCount - d.turnOff.nodes.length)} more: `
									: 'For the cancellation form: ',
								{ text: 'Turn off now', href: url('/savings/turn-off') }
							]
						]
					: []
		}
	];
	const cap = dataCapSection(d.dataCap, url, scope);
	if (cap) sections.push(cap);
	const failing =
		d.failures.count === 0
			? 'no failing backup'
			: `${plural(d.failures.count, 'failing backup', 'failing backups')} (${formatCount(d.failures.newCount)} new)`;
	return {
		subject: `Backup rollout of ${d.who} as of ${formatDate(d.asOf)}: ${failing}`,
		intro: [
			[
				`The backup rollout of ${d.departments.map((x) => `${x.name} (${x.code})`).join(', ')} as of ${formatDate(d.asOf)}: `,
				{
					text: `${formatPct(r.adoptionPct)} adopted`,
					href: url(many ? '/' : `/departments/${encodeURIComponent(d.who)}`)
				},
				` (${formatCount(r.adopted)} of ${plural(r.managed, 'managed computer', 'managed computers')}), ${plural(r.active, 'active device', 'active devices')}.`
			],
			[paceFinding(d.pace, d.who, 8)]
		],
		sections
	};
}

function leadershipMail(
	d: LeadershipDigest,
	url: Links
): { subject: string; intro: Line[]; sections: Section[] } {
	const r = d.rollout;
	const b = d.before;
	const net = d.savings.net;
	const netLine: Line =
		net.netAnnualCents === null
			? [
					"The college's net is not known until an administrator enters the Code42 cost per device (Admin › Savings settings)."
				]
			: [
					"The college's net: ",
					{ strong: `${formatCents(net.netAnnualCents)} a year` },
					`, the departments' ${formatCents(net.savingAnnualCents)} less ${formatCents(net.code42AnnualCents ?? 0)} of Code42 for ${plural(net.activeDevices, 'active device', 'active devices')}.`
				];
	const sections: Section[] = [
		{
			heading: 'Rollout',
			lines: [],
			items: [
				[
					{ strong: 'Installed: ' },
					`${plural(r.installed, 'device', 'devices')} (${change(r.installed, b.installed)})`
				],
				[
					{ strong: 'Active: ' },
					`${plural(r.active, 'device', 'devices')} (${change(r.active, b.active)})`
				],
				[
					{ strong: 'Adoption: ' },
					`${formatPct(r.adoptionPct)} of ${plural(r.managed, 'managed computer', 'managed computers')} (${pointsChange(r.adoptionPct, b.adoptionPct)})`
				],
				[{ strong: 'Pace: ' }, paceFinding(d.pace, 'The college', 8)]
			],
			after: [
				[
					'Details: ',
					{ text: 'the overview', href: url('/') },
					', ',
					{ text: 'departments', href: url('/departments') }
				]
			]
		},
		failuresSection(d.failures, d.since, url, 'in the college'),
		{
			heading: 'Savings',
			lines: [
				[
					'Realized: ',
					{ text: formatCents(d.savings.realizedCents), href: url('/savings', {}, 'realized') },
					d.savings.latestBilledMonth
						? ` up to the ${formatMonth(d.savings.latestBilledMonth)} bills.`
						: ' (no bill yet).'
				],
				[
					'Projected: ',
					{
						text: `${formatCents(d.savings.projectedAnnualCents)} a year`,
						href: url('/savings', {}, 'projected')
					},
					' once the accounts that can go now are turned off.'
				],
				netLine
			]
		}
	];
	const cap = dataCapSection(d.dataCap, url, 'in the college');
	if (cap) sections.push(cap);
	const failing =
		d.failures.count === 0
			? 'no failing backup'
			: `${plural(d.failures.count, 'failing backup', 'failing backups')} (${formatCount(d.failures.newCount)} new)`;
	return {
		subject: `Backup rollout of the college as of ${formatDate(d.asOf)}: ${formatPct(r.adoptionPct)} adopted, ${failing}`,
		intro: [
			[
				`The college's backup rollout as of ${formatDate(d.asOf)}, with the change since ${formatDate(d.since)}.`
			]
		],
		sections
	};
}

// ---------------------------------------------------------------------------------------------
// Writing it out

const pieceText = (p: Piece): string =>
	typeof p === 'string' ? p : 'strong' in p ? p.strong : `${p.text} <${p.href}>`;
const lineText = (line: Line): string => line.map(pieceText).join('');

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pieceHtml = (p: Piece): string =>
	typeof p === 'string'
		? escape(p)
		: 'strong' in p
			? `<strong>${escape(p.strong)}</strong>`
			: `<a href="${escape(p.href)}">${escape(p.text)}</a>`;
const lineHtml = (line: Line): string => line.map(pieceHtml).join('');

/** Why they get it and how to stop it, at the foot of every mail. */
function footer(d: Digest, origin: string): Line {
	const why =
		d.kind === 'manager'
			? `You get this mail every week as the manager of ${d.who}.`
			: 'You get this mail every week as one of the college leadership.';
	return [
		`${why} To stop it, untick it on `,
		{ text: 'your account page', href: new URL('/account', origin).href },
		'.'
	];
}

/** A digest as a mail to one person, in plain text and in HTML. */
export function renderDigest(d: Digest, to: Recipient, origin: string): RenderedMail {
	const url = linksTo(origin, d.asOf);
	const mail = d.kind === 'manager' ? managerMail(d, url) : leadershipMail(d, url);
	const hello = `Hello ${to.name.trim() || to.email},`;
	const foot = footer(d, origin);

	const text = [
		hello,
		'',
		...mail.intro.map(lineText),
		...mail.sections.flatMap((s) => [
			'',
			s.heading.toUpperCase(),
			...s.lines.map(lineText),
			...(s.items ?? []).map((item) => `- ${lineText(item)}`),
			...(s.after ?? []).map(lineText)
		]),
		'',
		'-- ',
		lineText(foot),
		''
	].join('\n');

	const html = [
		'<!doctype html>',
		'<html lang="en"><head><meta charset="utf-8">',
		`<title>${escape(mail.subject)}</title></head>`,
		'<body style="font-family: system-ui, sans-serif; line-height: 1.45; max-width: 42rem">',
		`<p>${escape(hello)}</p>`,
		...mail.intro.map((l) => `<p>${lineHtml(l)}</p>`),
		...mail.sections.flatMap((s) => [
			`<h2 style="font-size: 1.1rem; margin: 1.5rem 0 0.5rem">${escape(s.heading)}</h2>`,
			...s.lines.map((l) => `<p>${lineHtml(l)}</p>`),
			...(s.items && s.items.length > 0
				? ['<ul>', ...s.items.map((item) => `<li>${lineHtml(item)}</li>`), '</ul>']
				: []),
			...(s.after ?? []).map((l) => `<p>${lineHtml(l)}</p>`)
		]),
		`<hr><p style="color: #555; font-size: 0.9rem">${lineHtml(foot)}</p>`,
		'</body></html>',
		''
	].join('\n');

	return { subject: mail.subject, text, html };
}
