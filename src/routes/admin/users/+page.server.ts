import { isConfirmed } from '$lib/ask-first';
import { requireRole } from '$lib/server/guard';
import { getDb } from '$lib/server/db';
import { departmentsInForce } from '$lib/server/kept/departments';
import {
	addUser,
	getUser,
	listUsers,
	MIN_PASSWORD_LENGTH,
	removeUser,
	resetPassword,
	ROLES,
	setRole,
	UserError
} from '$lib/server/users';
import { fail } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { removeQuestion } from './remove';

const RoleField = z
	.enum([...ROLES, 'none'], { error: 'Choose a role.' })
	.transform((r) => (r === 'none' ? null : r));
const Departments = z
	.string()
	.max(2000)
	.transform((s) => s.split(/[\s,;]+/).filter(Boolean));
const UserId = z.string().min(1).max(100);

const AddUser = z.object({
	email: z.string().trim().min(1, 'Enter the email.'),
	name: z.string().trim().max(200, 'The name is too long.'),
	password: z.string().max(128, 'The password is too long.'),
	role: RoleField,
	departments: Departments
});
const SetRole = z.object({ userId: UserId, role: RoleField, departments: Departments });
const ResetPassword = z.object({
	userId: UserId,
	password: z
		.string()
		.min(MIN_PASSWORD_LENGTH, `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`)
		.max(128, 'The password is too long.')
});
const Remove = z.object({ userId: UserId });

type FormName = 'add' | 'role' | 'password' | 'remove';

function fields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') out[key] = value;
	return out;
}

/** Runs a change, answering a refusal next to the form that asked for it. */
async function change<T>(
	formName: FormName,
	userId: string | undefined,
	run: () => T | Promise<T>,
	done: string
) {
	try {
		await run();
		return { form: formName, userId, done };
	} catch (e) {
		if (e instanceof UserError)
			return fail(e.status, { form: formName, userId, message: e.message });
		throw e;
	}
}

export const load: PageServerLoad = () => {
	const me = requireRole('admin');
	const db = getDb();
	return {
		me: me.id,
		users: listUsers(db),
		departments: departmentsInForce(db).map((d) => d.code),
		minPasswordLength: MIN_PASSWORD_LENGTH
	};
};

export const actions: Actions = {
	add: async (event) => {
		const me = requireRole('admin');
		const form = fields(await event.request.formData());
		const parsed = AddUser.safeParse(form);
		if (!parsed.success) {
			return fail(400, {
				form: 'add' as const,
				message: parsed.error.issues[0].message,
				values: form
			});
		}
		const { password, ...rest } = parsed.data;
		try {
			const created = await addUser(
				getDb(),
				{ ...rest, password: password === '' ? undefined : password },
				me.email
			);
			return { form: 'add' as const, done: `${created.email} was added.` };
		} catch (e) {
			if (e instanceof UserError) {
				return fail(e.status, { form: 'add' as const, message: e.message, values: form });
			}
			throw e;
		}
	},

	setRole: async (event) => {
		const me = requireRole('admin');
		const parsed = SetRole.safeParse(fields(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { form: 'role', message: parsed.error.issues[0].message });
		const { userId, role, departments } = parsed.data;
		return change(
			'role',
			userId,
			() => setRole(getDb(), userId, role, departments, me.email),
			'Role saved.'
		);
	},

	resetPassword: async (event) => {
		const me = requireRole('admin');
		const form = fields(await event.request.formData());
		const parsed = ResetPassword.safeParse(form);
		if (!parsed.success) {
			return fail(400, {
				form: 'password',
				userId: form.userId,
				message: parsed.error.issues[0].message
			});
		}
		const { userId, password } = parsed.data;
		return change(
			'password',
			userId,
			() => resetPassword(getDb(), userId, password, me.email),
			'Password set; their sessions were ended.'
		);
	},

	remove: async (event) => {
		const me = requireRole('admin');
		const data = await event.request.formData();
		const parsed = Remove.safeParse(fields(data));
		if (!parsed.success) return fail(400, { form: 'remove', message: 'Choose a user to remove.' });
		const { userId } = parsed.data;
		if (userId === me.id) {
			return fail(409, {
				form: 'remove',
				userId,
				message: 'You cannot remove yourself: ask another administrator.'
			});
		}
		const who = getUser(getDb(), userId);
		if (!who) return fail(404, { form: 'remove', userId, message: 'There is no such user.' });
		// pressed before the page's script ran, or without JavaScript: nothing asked yet (ask-first.ts)
		if (!isConfirmed(data)) return { form: 'remove', userId, question: removeQuestion(who.email) };
		return change(
			'remove',
			userId,
			() => removeUser(getDb(), userId, me.email),
			`${who.email} was removed.`
		);
	}
};
