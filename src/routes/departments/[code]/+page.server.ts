import { pageOf } from '$lib/paging';
import { requireDepartment } from '$lib/server/guard';
import { departmentFigures, rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireDepartment(event.params.code);
	// built once per data version with the lists whole; a request sends one page of each
	const { rollout, ...figures } = departmentFigures(rolloutContext(event), event.params.code);
	const stragglers = pageOf(rollout.stragglers, event.url, 'stragglersPage');
	const failures = pageOf(rollout.failures, event.url, 'failuresPage');
	const firstBackups = pageOf(rollout.firstBackups, event.url, 'firstBackupsPage');
	return {
		...figures,
		rollout: {
			...rollout,
			stragglers: stragglers.rows,
			failures: failures.rows,
			firstBackups: firstBackups.rows
		},
		pages: {
			stragglers: stragglers.info,
			failures: failures.info,
			firstBackups: firstBackups.info
		}
	};
};
