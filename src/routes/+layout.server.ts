import { getDb } from '$lib/server/db';
import { hasSampleData } from '$lib/server/imports/pipeline';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => ({ sampleData: hasSampleData(getDb()) });
