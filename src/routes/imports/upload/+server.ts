// POST /imports/upload?name=FILE[&kind=&asOf=&billingMonth=&dateOrder=&source=] with the file's bytes as
// the body (not a form), from the upload page: read into the pipeline as it arrives
// (imports/receive.ts). Answers the import's outcome as JSON, with the pages it changed.
import { changeLinks } from '$lib/imports/links';
import type { UploadAnswer } from '$lib/imports/outcome';
import { requireRole } from '$lib/server/guard';
import { receiveFile } from '$lib/server/imports/receive';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Every answer is an UploadAnswer: the page's upload queue reads it. */
const reply = (body: UploadAnswer, init?: ResponseInit) => json(body, init);

export const POST: RequestHandler = async ({ request, url }) => {
	const uploadedBy = requireRole('uploader').email;
	const received = await receiveFile(request, url, uploadedBy);
	if (!received.outcome) {
		const { status, message, headers } = received;
		return reply({ message }, { status, headers });
	}
	const { outcome } = received;
	return reply(
		{ outcome, links: outcome.status === 'imported' ? changeLinks(outcome) : [] },
		{ status: outcome.status === 'refused' ? 422 : 200 }
	);
};
