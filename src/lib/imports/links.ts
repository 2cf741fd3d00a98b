// Where to look after an import: the pages whose figures the file changed, at the date it speaks
// for. Pure, so the upload page and its tests share it.
import type { ExportKind } from './formats';

export interface ChangeLink {
	href: string;
	label: string;
}

/** The last day of a month `YYYY-MM`. */
export function lastDayOf(month: string): string {
	const [year, m] = month.split('-').map(Number);
	const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
	return `${month}-${String(day).padStart(2, '0')}`;
}

export function changeLinks(outcome: {
	kind: ExportKind | null;
	asOf: string | null;
	months: string[];
}): ChangeLink[] {
	const at = (path: string, asOf: string | null) => (asOf ? `${path}?asOf=${asOf}` : path);
	switch (outcome.kind) {
		case 'code42-devices':
			return [
				{ href: at('/', outcome.asOf), label: 'Overview as of that report' },
				{ href: at('/health', outcome.asOf), label: 'Backup health as of that report' },
				{ href: at('/departments', outcome.asOf), label: 'Departments as of that report' }
			];
		case 'code42cli-devices':
			return [
				{ href: at('/', outcome.asOf), label: 'Overview as of that list' },
				{ href: at('/departments', outcome.asOf), label: 'Departments as of that list' }
			];
		case 'ezbackup-billing':
		case 'ezbackup-summary': {
			const latest = outcome.months[outcome.months.length - 1];
			const asOf = latest ? lastDayOf(latest) : null;
			return [
				{ href: at('/savings', asOf), label: 'Savings through the latest month billed' },
				{ href: at('/departments', asOf), label: 'Departments through that month' }
			];
		}
		case 'inventory':
			return [
				{ href: '/', label: 'Overview (adoption against the inventory)' },
				{ href: '/departments', label: 'Departments' }
			];
		case 'departments':
			return [{ href: '/departments', label: 'Departments' }];
		default:
			return [];
	}
}
