// How the pace toward 95% adoption reads on a page, from the figures the server worked out.
import { formatCount, formatDate, formatRange } from '$lib/format';

export interface PaceFigures {
	perWeek: number;
	slowestWeek: number;
	fastestWeek: number;
	remaining: number;
	paceStatus: 'reached' | 'projected' | 'stalled' | 'no-inventory';
	projectedDate: string | null;
	earliestDate: string | null;
	latestDate: string | null;
}

/** The projected day, or what stands in for it: "Reached", "Stalled", "No inventory". */
export function paceDate(p: PaceFigures): string {
	switch (p.paceStatus) {
		case 'reached':
			return 'Reached';
		case 'stalled':
			return 'Stalled';
		case 'no-inventory':
			return 'No inventory';
		default:
			return formatDate(p.projectedDate);
	}
}

/**
 * The low–high range of a projection: the fastest week's day to the slowest week's; "open-ended"
 * when the slowest week had no install (at that pace the day never comes).
 */
export function paceRange(p: PaceFigures): string {
	if (p.paceStatus !== 'projected') return '';
	return formatRange(
		formatDate(p.earliestDate),
		p.latestDate ? formatDate(p.latestDate) : 'open-ended'
	);
}

/** The pace chart's finding: where the pace of the last `weeks` weeks leads, in one sentence. */
export function paceFinding(p: PaceFigures, who: string, weeks: number): string {
	switch (p.paceStatus) {
		case 'reached':
			return `${who} has reached 95% of its managed computers.`;
		case 'no-inventory':
			return `${who} has no managed computers in the inventory, so there is no target.`;
		case 'stalled':
			return `${who} is stalled: no managed computer installed in the last ${weeks} weeks, ${formatCount(p.remaining)} still to go for 95%.`;
		default: {
			const rate = `${who} installed ${formatCount(p.perWeek)} managed computers a week over the last ${weeks} weeks`;
			const fastest = formatDate(p.earliestDate);
			const range = p.latestDate
				? formatRange(
						fastest,
						formatDate(p.latestDate),
						(a, b) => `between ${a} and ${b} at the fastest and slowest weeks' pace`,
						(day) => `${day} at the fastest and at the slowest week's pace`
					)
				: `${fastest} at the fastest week's pace, and no end at the slowest (a week without installs)`;
			return `${rate}: at that pace it reaches 95% on ${paceDate(p)}, ${formatCount(p.remaining)} to go; ${range}.`;
		}
	}
}
