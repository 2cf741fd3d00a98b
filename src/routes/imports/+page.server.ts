import { isConfirmed } from '$lib/ask-first';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import { HISTORY_LIMIT, listImports, uploadLimitMb } from '$lib/server/imports/history';
import { undoable, undoImport } from '$lib/server/imports/pipeline';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { undoQuestion } from './undo';

// Uploaders import and undo; leadership may look at the history.
export const load: PageServerLoad = () => {
	const { role } = requireRole('uploader', 'leadership');
	const mayUpload = role === 'admin' || role === 'uploader';
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
		const by = requireRole('uploader').email;
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
		return { id, message: result.message };
	}
};
