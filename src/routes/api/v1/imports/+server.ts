// POST /api/v1/imports?name=FILE[&kind=&asOf=&billingMonth=&dateOrder=], with an uploader's API
// token and the file's bytes as the body: the same pipeline as every import (imports/receive.ts),
// answered with the JSON `npm run import -- --json` prints for that file (docs/api.md).
import { importJson, withDateOrderHint } from '$lib/imports/outcome';
import { requireToken } from '$lib/server/guard';
import { receiveFile } from '$lib/server/imports/receive';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const DATE_ORDER_HINT =
	'Add &dateOrder=mdy (month first) or &dateOrder=dmy (day first) to the URL, then send the file again.';

export const POST: RequestHandler = async ({ request, url }) => {
	const token = requireToken('uploader');
	const received = await receiveFile(request, url, `token:${token.name}`);
	if (!received.outcome) {
		const { status, message, headers } = received;
		return json({ message }, { status, headers });
	}
	const outcome = withDateOrderHint(received.outcome, DATE_ORDER_HINT);
	return json(importJson(outcome, received.name), {
		status: outcome.status === 'refused' ? 422 : 200
	});
};
