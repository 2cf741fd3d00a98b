import { getDb } from '$lib/server/db';
import { digestKindOf, setWantsDigest, wantsDigest } from '$lib/server/digest/subscription';
import { requireReader } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const user = requireReader();
	return {
		account: {
			email: user.email,
			name: user.name,
			role: user.role,
			departments: user.departments
		},
		digest: {
			kind: digestKindOf(user.role),
			wanted: wantsDigest(getDb(), user.id),
			scheduled: Boolean(process.env.DIGEST_SCHEDULE?.trim())
		}
	};
};

export const actions: Actions = {
	digest: async ({ request }) => {
		const user = requireReader();
		// a checkbox sends nothing when it is unticked
		const wanted = (await request.formData()).get('digest') === 'yes';
		setWantsDigest(getDb(), user.id, wanted, user.email);
		return {
			saved: wanted
				? 'You will get the weekly digest.'
				: 'You will no longer get the weekly digest.'
		};
	}
};
