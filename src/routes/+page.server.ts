import { overviewFigures } from '$lib/server/pages/overview';
import { rolloutContext } from '$lib/server/pages/rollout';
import type { PageServerLoad } from './$types';

// seconds at campus scale, so built once per data version (src/lib/server/cache.ts)
export const load: PageServerLoad = (event) => overviewFigures(rolloutContext(event));
