import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { overviewFigures } from '$lib/server/pages/overview';
import type { PageServerLoad } from './$types';

// The overview is a report: nothing on it changes without a new request, so it is sent as HTML
// and not hydrated. On a phone that saves SvelteKit's start-up and the hydration of the page
// (most of its blocking time: docs/architecture.md, "The overview without hydration"); its two
// charts are drawn by their own small script (static-charts.ts).
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	return overviewFigures(await figuresContext(event.url, user));
};
