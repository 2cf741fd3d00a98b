// A button that takes something away (undo an import, remove a user, clear the sample data) asks
// first. Once the page's script runs, a confirm dialog asks and the form carries `confirmed=yes`; a
// press before that (a slow connection) or without JavaScript carries nothing, and the action asks
// on the page instead (AskedQuestion.svelte), with a button that sends it.
import type { SubmitFunction } from '@sveltejs/kit';

export const CONFIRMED_FIELD = 'confirmed';

/** For `use:enhance`: asks `question`; sends the form, confirmed, only on OK. */
export function askFirst(question: string): SubmitFunction {
	return ({ cancel, formData }) => {
		if (confirm(question)) formData.set(CONFIRMED_FIELD, 'yes');
		else cancel();
	};
}

/** Whether the form was confirmed, by the dialog or by the page's own question. */
export const isConfirmed = (form: FormData): boolean => form.get(CONFIRMED_FIELD) === 'yes';
