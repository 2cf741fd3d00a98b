import { devicePage } from '$lib/server/pages/device';
import { rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => devicePage(rolloutContext(event), event.params.uid);
