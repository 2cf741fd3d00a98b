import { requireDepartment } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { departmentPage } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireDepartment(event.params.code);
	// a page of each list, as the URL asks (?stragglersPage=, ?failuresPage=, ?firstBackupsPage=)
	const { department, savings, stragglers, failures, firstBackups, pages, ...figures } =
		await departmentPage(figuresContext(event.url, user), event.params.code, event.url);
	return {
		...figures,
		savings,
		rollout: {
			department,
			stragglers,
			failures,
			firstBackups,
			uploadMbps: figures.uploadMbps,
			dataCapBytes: figures.dataCapBytes,
			graceDays: figures.graceDays
		},
		pages
	};
};
