import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { savingsFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireReader();
	// a page of each list, as the URL asks (?page=, ?waitingPage=)
	return savingsFigures(figuresContext(event.url, user), event.url);
};
