import { pageOf } from '$lib/paging';
import { savingsFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { figures, choices, selected, show } = savingsFigures(event);
	// the node lists are kept whole; a request sends one page of each
	const { nodes, projection, ...rest } = figures;
	const nodesPage = pageOf(nodes, event.url);
	const waiting = pageOf(projection.firstBackupNodes, event.url, 'waitingPage');
	return {
		...rest,
		projection: {
			months: projection.months,
			lowTotalCents: projection.lowTotalCents,
			highTotalCents: projection.highTotalCents,
			firstBackupNodes: waiting.rows,
			withinProjection: projection.firstBackupNodes.filter((n) => n.withinProjection).length
		},
		waitingPage: waiting.info,
		nodes: nodesPage.rows,
		nodesPage: nodesPage.info,
		choices,
		selected,
		show
	};
};
