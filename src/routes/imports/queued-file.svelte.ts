// One file of the upload queue (upload-queue.svelte.ts): the step it is at, what the browser read
// of it, the uploader's choices, and the server's answer; and what it may do next.
import { normalizeHeader, type DateOrder, type ExportKind } from '$lib/imports/formats';
import type { ChangeLink } from '$lib/imports/links';
import type { AmbiguousDates, ImportOutcome } from '$lib/imports/outcome';
import type { FilePreview } from '$lib/imports/preview';

export type Step =
	/** the browser reads it */
	| 'reading'
	/** read: waits for Import, and for the choices it needs */
	| 'ready'
	/** Import pressed: waits for the files before it to be sent */
	| 'queued'
	/** its bytes go to the server */
	| 'sending'
	/** the server has them all: it checks every row, then writes */
	| 'importing'
	/** imported, or a duplicate of an earlier import */
	| 'done'
	/** the server refused it: its problems, and maybe a date-order question */
	| 'refused'
	/** it could not be read or sent: `message` says why */
	| 'failed'
	/** stopped before the server had all of it */
	| 'cancelled'
	/** imported, then undone from its card */
	| 'undone';

export class QueuedFile {
	step = $state<Step>('reading');
	readFraction = $state(0);
	sendFraction = $state(0);
	preview = $state<FilePreview | null>(null);
	/** '' reads the file as the kind detected from its header */
	kind = $state<ExportKind | ''>('');
	asOf = $state('');
	billingMonth = $state('');
	/** inventory without a Source column: the system listing its computers; '' for the default */
	source = $state('');
	dateOrder = $state<DateOrder | ''>('');
	outcome = $state<ImportOutcome | null>(null);
	links = $state<ChangeLink[]>([]);
	/** a sentence about the file itself: too large, unreadable, broken off, cancelled, undone */
	message = $state<string | null>(null);
	/** stops its upload while it is sending */
	abort: (() => void) | null = null;

	constructor(
		readonly key: number,
		readonly file: File
	) {}

	/** The dates it asks the order of: the preview's before sending, the server's after a refusal. */
	get questions(): AmbiguousDates[] {
		if (this.step === 'refused') return this.outcome?.dateOrderQuestion?.columns ?? [];
		return this.outcome ? [] : (this.preview?.ambiguous ?? []);
	}

	get askingDateOrder(): boolean {
		return this.questions.length > 0 && !this.dateOrder;
	}

	/** Why it cannot be imported as it stands, or null. */
	get blocker(): string | null {
		const p = this.preview;
		if (!p) return 'The file is still being read.';
		if (p.refusal) return p.refusal;
		if (p.needsBillingMonth && !this.billingMonth) return 'Set the billing month first.';
		if (this.askingDateOrder) return 'Choose the date order first.';
		return null;
	}

	/** An inventory whose own Source column names each computer's source. */
	get sourceColumn(): boolean {
		return this.preview?.recognized.some((h) => normalizeHeader(h) === 'source') ?? false;
	}

	/** Read, and not on its way to the server or answered: its kind and choices can change. */
	get editable(): boolean {
		const waiting = this.step === 'ready' || this.step === 'cancelled' || this.step === 'failed';
		return waiting && this.preview !== null;
	}

	get canImport(): boolean {
		if (this.blocker !== null) return false;
		if (this.step === 'refused') return this.questions.length > 0;
		return this.editable;
	}

	get canCancel(): boolean {
		return this.step === 'queued' || this.step === 'sending';
	}

	get canRemove(): boolean {
		return !this.canCancel && this.step !== 'importing';
	}

	get canUndo(): boolean {
		return this.step === 'done' && this.outcome?.status === 'imported';
	}

	/** The progress bar while it is read, sent or imported; null otherwise. */
	get progress(): { value: number | undefined; label: string } | null {
		const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
		switch (this.step) {
			case 'reading':
				return {
					value: this.readFraction,
					label: `Reading in the browser: ${percent(this.readFraction)}`
				};
			case 'queued':
				return { value: 0, label: 'Waiting for the files before it to be sent' };
			case 'sending':
				return { value: this.sendFraction, label: `Uploading: ${percent(this.sendFraction)}` };
			case 'importing':
				return { value: undefined, label: 'Importing: checking every row, then writing…' };
			default:
				return null;
		}
	}

	/** The query of its upload: the name and the choices the uploader made. */
	get query(): string {
		const params: Record<string, string> = { name: this.file.name };
		if (this.kind) params.kind = this.kind;
		// the server takes the as-of date from the report itself unless the uploader changed it
		if (this.asOf && this.asOf !== this.preview?.asOf) params.asOf = this.asOf;
		if (this.billingMonth) params.billingMonth = this.billingMonth;
		if (this.dateOrder) params.dateOrder = this.dateOrder;
		if (this.preview?.kind === 'inventory' && !this.sourceColumn && this.source.trim())
			params.source = this.source.trim();
		return Object.entries(params)
			.map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
			.join('&');
	}
}
