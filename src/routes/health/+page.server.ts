import { pageOf } from '$lib/paging';
import { requireReader } from '$lib/server/guard';
import { healthFigures } from '$lib/server/pages/health';
import { rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireReader();
	// the whole lists are kept per data version and filters; a request sends one page of each
	const { rows, inProgress, ...figures } = healthFigures(rolloutContext(event), event.url);
	const devices = pageOf(rows, event.url);
	const firstBackups = pageOf(inProgress, event.url, 'firstBackupsPage');
	return {
		...figures,
		rows: devices.rows,
		rowsPage: devices.info,
		inProgress: firstBackups.rows,
		inProgressPage: firstBackups.info
	};
};
