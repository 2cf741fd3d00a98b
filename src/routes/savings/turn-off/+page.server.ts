import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { turnOffFigures } from '$lib/server/pages/savings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	const { rows: _rows, ...page } = await turnOffFigures(figuresContext(event.url, user), event.url);
	return page;
};
