import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { turnOffFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

// A printable list with nothing to press: sent as HTML and not hydrated, so its rows are not also
// sent as data. A department's list is shown whole (its manager prints it); the list of several
// departments a page at a time.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	return turnOffFigures(await figuresContext(event.url, user), event.url);
};
