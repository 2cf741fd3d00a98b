import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { savingsFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	// a page of each list, as the URL asks (?page=, ?waitingPage=)
	return savingsFigures(await figuresContext(event.url, user), event.url);
};
