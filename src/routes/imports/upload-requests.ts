// The browser's side of the upload queue's requests (upload-queue.svelte.ts): a file goes up with
// XMLHttpRequest, whose upload events give a progress bar (fetch has none for a request body), and
// an undo goes to the page's own form action, confirmed.
import { deserialize } from '$app/forms';
import { CONFIRMED_FIELD } from '$lib/ask-first';
import type { UploadAnswer } from '$lib/imports/outcome';
import type { QueueOptions, SendResult } from './upload-queue.svelte';

export const sendFile: QueueOptions['send'] = (file, query, progress) => {
	const xhr = new XMLHttpRequest();
	const result = new Promise<SendResult>((resolve) => {
		xhr.open('POST', `/imports/upload?${query}`);
		xhr.setRequestHeader('content-type', 'application/octet-stream');
		xhr.responseType = 'json';
		xhr.upload.onprogress = (event) => {
			if (event.lengthComputable) progress.sending(event.loaded / event.total);
		};
		xhr.upload.onload = () => progress.sent();
		xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as UploadAnswer | null });
		xhr.onerror = () => resolve('unreachable');
		xhr.onabort = () => resolve('aborted');
		xhr.send(file);
	});
	return { result, abort: () => xhr.abort() };
};

export const undoImport: QueueOptions['undo'] = async (importId) => {
	const form = new FormData();
	form.set('id', String(importId));
	form.set(CONFIRMED_FIELD, 'yes');
	try {
		const response = await fetch('/imports?/undo', {
			method: 'POST',
			body: form,
			headers: { 'x-sveltekit-action': 'true' }
		});
		const result = deserialize(await response.text());
		if (result.type === 'success' || result.type === 'failure') {
			const message = (result.data as { message?: string } | undefined)?.message;
			if (message) return { ok: result.type === 'success', message };
		}
	} catch {
		// the server could not be reached: said below
	}
	return {
		ok: false,
		message: `Import #${importId} could not be undone from here: reload the page and use Undo in the history.`
	};
};
