// How the pace toward 95% adoption reads on a page, from the figures the server worked out.
import { formatDate } from '$lib/format';

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
	return `${formatDate(p.earliestDate)} – ${p.latestDate ? formatDate(p.latestDate) : 'open-ended'}`;
}
