import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { healthFigures } from '$lib/server/pages/health';
import type { PageServerLoad } from './$types';

// A report with filters that are a plain GET form, lists paged by links and one chart drawn by its
// own small script: sent as HTML and not hydrated, so its rows are not sent twice (as HTML and as
// data), which halves what every request renders and sends.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	// a page of each list, as the URL asks (?page=, ?firstBackupsPage=)
	return healthFigures(await figuresContext(event.url, user), event.url);
};
