// Reads a picked or dropped file off the page's thread: sniffs its encoding, then streams it
// through PapaParse a megabyte at a time to count its rows and collect the preview, so an 80 MB
// report neither freezes the page nor sits in memory whole.
import Papa from 'papaparse';
import { looksLikeBillingSummary, type DateOrder, type ExportKind } from '$lib/imports/formats';
import {
	CsvPreview,
	decoderLabel,
	previewSummary,
	sniffBytes,
	type FilePreview
} from '$lib/imports/preview';

export interface PreviewRequest {
	id: number;
	file: File;
	kind?: ExportKind;
	billingMonth?: string;
	dateOrder?: DateOrder;
}

export type PreviewMessage =
	| { id: number; type: 'progress'; fraction: number }
	| { id: number; type: 'done'; preview: FilePreview }
	| { id: number; type: 'error'; message: string };

const CHUNK = 1 << 20;
/** Billing Summaries are mails of a few kilobytes; past this the text is not read whole. */
const SUMMARY_MAX = 20 * CHUNK;

const post = (message: PreviewMessage) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<PreviewRequest>) => {
	const request = event.data;
	try {
		const preview = await build(request, (fraction) =>
			post({ id: request.id, type: 'progress', fraction })
		);
		post({ id: request.id, type: 'done', preview });
	} catch (error) {
		post({
			id: request.id,
			type: 'error',
			message: `The browser could not read ${request.file.name}: ${(error as Error).message ?? error}.`
		});
	}
};

async function build(
	request: PreviewRequest,
	progress: (fraction: number) => void
): Promise<FilePreview> {
	const { file } = request;
	const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
	const sniffed = sniffBytes(head);
	const label = decoderLabel(sniffed.encoding);
	if (sniffed.refusal || file.size === 0) {
		const empty = new CsvPreview(file.name).result(sniffed.encoding, null, file.size);
		return { ...empty, refusal: sniffed.refusal ?? `${file.name} is empty.` };
	}
	const headText = new TextDecoder(label).decode(head);
	const summary =
		request.kind === 'ezbackup-summary' || (!request.kind && looksLikeBillingSummary(headText));
	if (summary && file.size <= SUMMARY_MAX) {
		const text = new TextDecoder(label).decode(await file.arrayBuffer());
		progress(1);
		return previewSummary(file.name, text, sniffed.encoding, file.size);
	}
	const collector = new CsvPreview(file.name, {
		kind: request.kind,
		billingMonth: request.billingMonth,
		dateOrder: request.dateOrder
	});
	let line = 0;
	let chunks = 0;
	let delimiter: string | null = null;
	await new Promise<void>((resolve, reject) => {
		Papa.parse<string[]>(file, {
			encoding: label,
			chunkSize: CHUNK,
			delimitersToGuess: [',', ';', '\t', '|'],
			// lines are counted as rows: a quoted value over several lines shifts the later numbers,
			// which the server's refusal then gives exactly
			chunk(results) {
				delimiter ??= results.meta.delimiter;
				for (const row of results.data) collector.row(row, ++line);
				progress(Math.min(1, (++chunks * CHUNK) / file.size));
			},
			complete: () => resolve(),
			error: (error) => reject(error)
		});
	});
	return collector.result(sniffed.encoding, delimiter, file.size);
}
