// GET /api/v1/report[?asOf=YYYY-MM-DD&department=CODE], with an API token: the JSON of
// `npm run report -- --json` (figures/report.ts), kept per kept version like every page's figures.
import { figures } from '$lib/server/cache';
import { getDb } from '$lib/server/db';
import { figuresAt } from '$lib/server/figures/at';
import { workedOut } from '$lib/server/figures/day-codes';
import { departmentOption, reportOf } from '$lib/server/figures/report';
import { requireToken } from '$lib/server/guard';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	requireToken('uploader', 'leadership');
	const db = getDb();
	const asOf = url.searchParams.get('asOf') || undefined;
	if (asOf !== undefined && !isDay(asOf)) {
		return json(
			{ message: `asOf takes a day written YYYY-MM-DD, not "${asOf}".` },
			{ status: 400 }
		);
	}
	const asked = url.searchParams.get('department') || null;
	const department = asked === null ? null : departmentOption(db, asked);
	if (asked !== null && department === null) {
		return json(
			{
				message: `Unknown department "${asked}": give a department code, name or alias, or UNASSIGNED.`
			},
			{ status: 400 }
		);
	}
	const report = await figures(db, `api-report:${asOf ?? ''}:${department ?? '*'}`, async () => {
		// a day between report dates is worked out a chunk at a time (figures/day-codes.ts)
		return reportOf(db, asOf, department, await workedOut(db, figuresAt(db, asOf)));
	});
	return json(report);
};

const isDay = (text: string) =>
	/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
