import { getDb } from '$lib/server/db';
import { text } from '@sveltejs/kit';

/** For load balancers and the test runner: answers once the database is open and migrated. */
export const GET = () => {
	getDb().$client.prepare('SELECT 1').get();
	return text('ok');
};
