// The files on the imports page, from the moment they are dropped to their answer (the steps of
// each are in queued-file.svelte.ts). Each is read in the browser first (the preview worker),
// waits for the uploader's Import and choices, then is sent one at a time. The reader, the upload
// and the undo are handed in (UploadPanel.svelte gives the browser's; the spec the real
// endpoint's), so every step can be tested.
import { formatBytes } from '$lib/format';
import type { UploadAnswer } from '$lib/imports/outcome';
import type { PreviewMessage, PreviewRequest } from './preview.worker';
import { QueuedFile } from './queued-file.svelte';
import { undoQuestion } from './undo';

/** What sending a file gives back: the server's answer, or how it broke off. */
export type SendResult = { status: number; body: UploadAnswer | null } | 'unreachable' | 'aborted';

export interface Sending {
	result: Promise<SendResult>;
	abort(): void;
}

export interface QueueOptions {
	/** UPLOAD_LIMIT_MB: a larger file is not sent */
	limitMb: number;
	/** POST /imports/upload?QUERY with the file as the body */
	send(
		file: File,
		query: string,
		progress: { sending(fraction: number): void; sent(): void }
	): Sending;
	/** the confirm dialog */
	confirm(question: string): boolean;
	/** the page's undo action, confirmed */
	undo(importId: number): Promise<{ ok: boolean; message: string }>;
	/** reloads what the page shows (the history) */
	refresh(): Promise<void>;
}

export class UploadQueue {
	files = $state<QueuedFile[]>([]);
	/** the reader runs (or failed to): a file picked or dropped before this would be lost */
	started = $state(false);
	#read: ((request: PreviewRequest) => void) | null = null;
	#nextKey = 1;
	/** the files whose Import was pressed, in that order */
	#line: QueuedFile[] = [];
	#sending = false;

	constructor(private readonly options: QueueOptions) {}

	/** The files that can be imported now. */
	get ready(): QueuedFile[] {
		return this.files.filter((file) => file.canImport);
	}

	/** The preview worker is there: files go to it from now on. */
	readerStarted(read: (request: PreviewRequest) => void): void {
		this.#read = read;
		this.started = true;
	}

	/** A reader that cannot start would leave every card "reading" for ever: say so on each. */
	readerFailed(): void {
		this.#read = null;
		this.started = true;
		for (const file of this.files) if (file.step === 'reading') this.#cannotRead(file);
	}

	add(files: Iterable<File>): void {
		for (const picked of files) {
			const file = new QueuedFile(this.#nextKey++, picked);
			this.files.push(file);
			if (picked.size > this.options.limitMb * 1024 * 1024) {
				file.step = 'failed';
				file.message = `${picked.name} is ${formatBytes(picked.size)}, larger than the upload limit of ${this.options.limitMb} MB, so it cannot be imported here. Split it, or ask the administrator to raise UPLOAD_LIMIT_MB.`;
			} else this.read(file);
		}
	}

	/** Reads a file (again, after its kind was changed). */
	read(file: QueuedFile): void {
		file.step = 'reading';
		file.readFraction = 0;
		file.preview = null;
		if (!this.#read) return this.#cannotRead(file);
		this.#read({
			id: file.key,
			file: file.file,
			kind: file.kind || undefined,
			billingMonth: file.billingMonth || undefined,
			dateOrder: file.dateOrder || undefined
		});
	}

	#cannotRead(file: QueuedFile): void {
		file.step = 'failed';
		file.message = `The browser could not start reading ${file.file.name}. Reload the page and try again.`;
	}

	/** A message from the reader; one for a file no longer being read is dropped. */
	received(message: PreviewMessage): void {
		const file = this.files.find((f) => f.key === message.id);
		if (!file || file.step !== 'reading') return;
		if (message.type === 'progress') file.readFraction = message.fraction;
		else if (message.type === 'error') {
			file.step = 'failed';
			file.message = message.message;
		} else {
			file.preview = message.preview;
			file.readFraction = 1;
			file.asOf = message.preview.asOf ?? '';
			file.step = 'ready';
		}
	}

	remove(file: QueuedFile): void {
		if (file.canRemove) this.files = this.files.filter((f) => f !== file);
	}

	/** Queues the files that can be imported; they are sent one at a time, in that order. */
	async import(...files: QueuedFile[]): Promise<void> {
		for (const file of files.filter((f) => f.canImport)) {
			file.step = 'queued';
			file.message = null;
			this.#line.push(file);
		}
		if (this.#sending) return;
		this.#sending = true;
		try {
			for (let next = this.#line.shift(); next; next = this.#line.shift()) {
				if (next.step === 'queued') await this.#send(next);
			}
		} finally {
			this.#sending = false;
		}
		await this.options.refresh();
	}

	async #send(file: QueuedFile): Promise<void> {
		file.step = 'sending';
		file.sendFraction = 0;
		file.outcome = null;
		file.links = [];
		const sending = this.options.send(file.file, file.query, {
			sending: (fraction) => (file.sendFraction = fraction),
			sent: () => {
				file.sendFraction = 1;
				file.step = 'importing';
			}
		});
		file.abort = sending.abort;
		const result = await sending.result;
		file.abort = null;
		if (result === 'aborted') return;
		if (result === 'unreachable') {
			file.step = 'failed';
			file.message = 'The upload broke off: the server could not be reached. Try again.';
		} else if (result.body?.outcome) {
			const { outcome, links } = result.body;
			file.outcome = outcome;
			file.links = links;
			file.step = outcome.status === 'refused' ? 'refused' : 'done';
			// the server asks the order of dates the preview thought settled: ask the uploader
			if (outcome.dateOrderQuestion) file.dateOrder = '';
		} else {
			file.step = 'failed';
			file.message =
				result.body?.message ??
				`The server answered ${result.status}: the file was not imported. Try again.`;
		}
	}

	/** Stops a file waiting its turn or being sent; once the server has it all, it is too late. */
	cancel(file: QueuedFile): void {
		if (!file.canCancel) return;
		const wasSending = file.step === 'sending';
		file.step = 'cancelled';
		file.message = wasSending
			? `The upload of ${file.file.name} was cancelled before the server had all of it, so nothing of it was imported.`
			: `${file.file.name} was not sent, so nothing of it was imported.`;
		if (wasSending) file.abort?.();
	}

	/** Undoes an imported file's import, as the history's Undo does: asking first. */
	async undo(file: QueuedFile): Promise<void> {
		const id = file.outcome?.importId;
		if (!file.canUndo || !id) return;
		if (!this.options.confirm(undoQuestion(id, file.file.name))) return;
		const result = await this.options.undo(id);
		file.message = result.message;
		if (result.ok) file.step = 'undone';
		await this.options.refresh();
	}
}
