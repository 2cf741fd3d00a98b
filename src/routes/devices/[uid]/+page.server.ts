import { requireReader } from '$lib/server/guard';
import { devicePage } from '$lib/server/pages/device';
import { rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireReader();
	return devicePage(rolloutContext(event), event.params.uid);
};
