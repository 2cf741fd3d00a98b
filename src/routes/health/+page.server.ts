import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { healthFigures } from '$lib/server/pages/health';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireReader();
	// a page of each list, as the URL asks (?page=, ?firstBackupsPage=)
	return healthFigures(figuresContext(event.url, user), event.url);
};
