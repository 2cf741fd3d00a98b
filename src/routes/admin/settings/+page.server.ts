import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guard';
import { parseMoney, parseMonth } from '$lib/server/imports/values';
import {
	readCode42Costs,
	readTariffs,
	removeCode42Cost,
	removeTariff,
	saveCode42Cost,
	saveTariff
} from '$lib/server/savings-settings';
import { fail } from '@sveltejs/kit';
import * as z from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	requireRole('admin');
	const db = getDb();
	return { tariffs: readTariffs(db), code42Costs: readCode42Costs(db) };
};

type Form = 'tariff' | 'cost' | 'removeTariff' | 'removeCost';

const month = (what: string) =>
	z.string().transform((text, ctx) => {
		const parsed = parseMonth(text);
		if (!parsed.ok || parsed.value === null) {
			ctx.addIssue({
				code: 'custom',
				message: `Enter the ${what} as a month, such as 2021-07.`
			});
			return z.NEVER;
		}
		return parsed.value;
	});

const money = (what: string) =>
	z.string().transform((text, ctx) => {
		const parsed = parseMoney(text);
		if (!parsed.ok || parsed.value === null || parsed.value < 0) {
			ctx.addIssue({
				code: 'custom',
				message:
					parsed.ok || !/fraction of a cent/.test(parsed.problem)
						? `Enter the ${what} in dollars and cents, such as 5.50.`
						: `Enter the ${what} in whole cents, such as 5.50: a fraction of a cent cannot be charged.`
			});
			return z.NEVER;
		}
		return parsed.value;
	});

const gigabytes = z.string().transform((text, ctx) => {
	const t = text.trim().replace(/\s*GB$/i, '');
	if (!/^\d{1,6}(\.\d{1,3})?$/.test(t)) {
		ctx.addIssue({ code: 'custom', message: 'Enter the included size in GB, such as 50.' });
		return z.NEVER;
	}
	// decimal GB, as EZ-Backup bills: 1 GB = 1,000,000,000 bytes
	const [whole, fraction = ''] = t.split('.');
	return Number(whole) * 1e9 + Number(fraction.padEnd(3, '0')) * 1e6;
});

const TariffForm = z.object({
	effectiveMonth: month('effective month'),
	base: money('base charge per node'),
	included: gigabytes,
	extra: money('price per extra GB')
});
const CostForm = z.object({
	effectiveMonth: month('effective month'),
	cost: money('cost per device per month')
});
const MonthForm = z.object({ effectiveMonth: month('effective month') });

function fields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') out[key] = value.slice(0, 100);
	return out;
}

function refuse(form: Form, error: z.ZodError, input: Record<string, string>) {
	const issue = error.issues[0];
	return fail(400, { form, field: String(issue.path[0] ?? ''), message: issue.message, input });
}

export const actions: Actions = {
	tariff: async (event) => {
		const by = requireRole('admin').email;
		const input = fields(await event.request.formData());
		const parsed = TariffForm.safeParse(input);
		if (!parsed.success) return refuse('tariff', parsed.error, input);
		const { effectiveMonth, base, included, extra } = parsed.data;
		const done = saveTariff(
			getDb(),
			{ effectiveMonth, baseCents: base, includedBytes: included, centsPerExtraGB: extra },
			by
		);
		return {
			form: 'tariff' as Form,
			message: `The tariff from ${effectiveMonth} was ${done}. It prices billing files without $ columns imported from now on.`
		};
	},
	removeTariff: async (event) => {
		const by = requireRole('admin').email;
		const input = fields(await event.request.formData());
		const parsed = MonthForm.safeParse(input);
		if (!parsed.success) return refuse('removeTariff', parsed.error, input);
		if (!removeTariff(getDb(), parsed.data.effectiveMonth, by)) {
			return fail(404, {
				form: 'removeTariff' as Form,
				message: `There is no tariff from ${parsed.data.effectiveMonth}.`
			});
		}
		return {
			form: 'removeTariff' as Form,
			message: `The tariff from ${parsed.data.effectiveMonth} was removed.`
		};
	},
	cost: async (event) => {
		const by = requireRole('admin').email;
		const input = fields(await event.request.formData());
		const parsed = CostForm.safeParse(input);
		if (!parsed.success) return refuse('cost', parsed.error, input);
		const done = saveCode42Cost(getDb(), parsed.data.effectiveMonth, parsed.data.cost, by);
		return {
			form: 'cost' as Form,
			message: `The Code42 cost from ${parsed.data.effectiveMonth} was ${done}.`
		};
	},
	removeCost: async (event) => {
		const by = requireRole('admin').email;
		const input = fields(await event.request.formData());
		const parsed = MonthForm.safeParse(input);
		if (!parsed.success) return refuse('removeCost', parsed.error, input);
		if (!removeCode42Cost(getDb(), parsed.data.effectiveMonth, by)) {
			return fail(404, {
				form: 'removeCost' as Form,
				message: `There is no Code42 cost from ${parsed.data.effectiveMonth}.`
			});
		}
		return {
			form: 'removeCost' as Form,
			message: `The Code42 cost from ${parsed.data.effectiveMonth} was removed.`
		};
	}
};
