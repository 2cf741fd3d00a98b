import { requireDepartment } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { departmentPage } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

// A report: its lists are paged by links and its one chart is drawn by its own small script, so it
// is sent as HTML and not hydrated, and its rows are not sent twice (as HTML and as data).
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireDepartment(event.params.code);
	// a page of each list, as the URL asks (?stragglersPage=, ?failuresPage=, ?firstBackupsPage=)
	const { department, savings, stragglers, failures, firstBackups, pages, ...figures } =
		await departmentPage(await figuresContext(event.url, user), event.params.code, event.url);
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
