import { requireRole } from '$lib/server/guard';
import { auditActions, listAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

/** `role: manager, departments: ANSC, CS`: easier to scan than JSON; the CSV keeps the JSON. */
function describeDetails(details: Record<string, unknown> | null): string {
	if (details === null) return '';
	return Object.entries(details)
		.map(([key, value]) => {
			const text = Array.isArray(value)
				? value.join(', ') || '—'
				: typeof value === 'object' && value !== null
					? JSON.stringify(value)
					: String(value);
			return `${key}: ${text}`;
		})
		.join('; ');
}

export const load: PageServerLoad = (event) => {
	requireRole('admin');
	const db = getDb();
	const params = event.url.searchParams;
	const action = params.get('action')?.slice(0, 100) || undefined;
	const search = params.get('q')?.trim().slice(0, 200) || undefined;
	const page = Math.max(1, Math.min(100_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
	const { total, entries } = listAudit(db, {
		action,
		search,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	const query = new URLSearchParams();
	if (action) query.set('action', action);
	if (search) query.set('q', search);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const pageLink = (n: number) => {
		const params = new URLSearchParams(query);
		if (n > 1) params.set('page', String(n));
		return `?${params}`;
	};
	return {
		entries: entries.map((e) => ({
			...e,
			details: describeDetails(e.details)
		})),
		total,
		page,
		pages,
		newer: page > 1 ? pageLink(page - 1) : null,
		older: page < pages ? pageLink(page + 1) : null,
		actions: auditActions(db),
		filter: { action: action ?? '', q: search ?? '' },
		query: query.toString()
	};
};
