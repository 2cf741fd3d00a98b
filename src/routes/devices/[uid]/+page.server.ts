import { requireReader } from '$lib/server/guard';
import { figuresContext } from '$lib/server/pages/context';
import { devicePage } from '$lib/server/pages/device';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireReader();
	return devicePage(await figuresContext(event.url, user), event.params.uid);
};
