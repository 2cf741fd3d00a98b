import { isConfirmed } from '$lib/ask-first';
import { requireRole } from '$lib/server/access';
import { getDb } from '$lib/server/db';
import { HISTORY_LIMIT, listImports, uploadLimitMb } from '$lib/server/imports/history';
import { undoable, undoImport } from '$lib/server/imports/pipeline';
import { warmOverview } from '$lib/server/pages/overview';
import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { undoQuestion } from './undo';

// The route rules (access.ts) let uploaders and leadership read and uploaders write; each load
// and action checks for itself all the same.
function reader(event: RequestEvent): { mayUpload: boolean } {
	const user = requireRole(event, 'uploader', 'leadership');
	return { mayUpload: user.role === 'admin' || user.role === 'uploader' };
}

export const load: PageServerLoad = (event) => {
	const { mayUpload } = reader(event);
	// the page reloads its history after each upload: the overview is rebuilt meanwhile, in the
	// background, rather than by whoever opens it next (nothing to do when nothing changed)
	warmOverview(getDb());
	const { entries, total } = listImports(getDb());
	return {
		history: entries,
		total,
		historyLimit: HISTORY_LIMIT,
		mayUpload,
		uploadLimitMb: uploadLimitMb()
	};
};

const UndoForm = z.object({
	id: z.coerce
		.number()
		.int('Give the number of an import.')
		.positive('Give the number of an import.')
});

export const actions: Actions = {
	undo: async (event) => {
		const by = requireRole(event, 'uploader').email;
		const data = await event.request.formData();
		const parsed = UndoForm.safeParse(Object.fromEntries(data));
		if (!parsed.success) {
			return fail(400, { id: null, message: parsed.error.issues[0].message });
		}
		const { id } = parsed.data;
		// pressed before the page's script ran, or without JavaScript: nothing asked yet (ask-first.ts)
		if (!isConfirmed(data)) {
			const check = undoable(getDb(), id);
			if (!check.ok) return fail(409, { id, message: check.message });
			return { id, question: undoQuestion(id, check.fileName) };
		}
		const result = undoImport(getDb(), id, by);
		if (!result.ok) return fail(409, { id, message: result.message });
		warmOverview(getDb());
		return { id, message: result.message };
	}
};
