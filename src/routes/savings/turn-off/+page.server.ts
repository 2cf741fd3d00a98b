import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { turnOffFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

// A printable list of every node to turn off, with nothing to press: sent as HTML and not
// hydrated, so its rows are not also sent as data (at 20,000 computers, a thousand nodes).
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	const { rows: _rows, ...page } = await turnOffFigures(figuresContext(event.url, user), event.url);
	return page;
};
