import { pageOf } from '$lib/paging';
import { requireReader } from '$lib/server/guard';
import { savingsFigures, savingsView } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireReader();
	const { figures, choices, selected, show } = savingsFigures(event);
	// the node lists are kept whole; a request sends one page of each
	const { nodes, waitingNodes, projection, ...rest } = savingsView(figures);
	const nodesPage = pageOf(nodes, event.url);
	const waiting = pageOf(waitingNodes, event.url, 'waitingPage');
	return {
		...rest,
		projection: { ...projection, firstBackupNodes: waiting.rows },
		waitingPage: waiting.info,
		nodes: nodesPage.rows,
		nodesPage: nodesPage.info,
		choices,
		selected,
		show
	};
};
