import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from './audit';
import type { Db } from './db';
import { settings } from './db/schema';
import { keep } from './kept';
import { CORNELL_FY2020_TARIFF } from './metrics/tariff';
import type { Tariff } from './metrics/types';
import { CODE42_COST_KEY, saveSetting } from './settings';

// The administrator settings behind the savings figures, each with an effective month:
// - the EZ-Backup tariffs, all in ONE settings row (key 'tariffs', a Tariff[]), the form the import
//   pipeline reads when a billing file has no $ columns; with no row, the Cornell FY2020 tariff;
// - the centrally paid Code42 cost per device per month, one row per effective month
//   (key CODE42_COST_KEY), read for the as-of month.

export const TARIFFS_KEY = 'tariffs';
const NO_MONTH = '0000-00';

const cents = z.number().int().nonnegative();
const TARIFFS_SHAPE = z.array(
	z.object({
		effectiveMonth: z.string().regex(/^\d{4}-\d{2}$/),
		baseCents: cents,
		includedBytes: z.number().int().nonnegative(),
		centsPerExtraGB: cents
	})
);
/** The shape of the Code42 cost setting: whole cents per device per month. */
export const CODE42_COST_SHAPE = cents;

const byMonth = (tariffs: Tariff[]) =>
	[...tariffs].sort((a, b) => (a.effectiveMonth < b.effectiveMonth ? -1 : 1));

export interface SettingChange {
	updatedBy: string;
	updatedAt: string;
}

export interface TariffSettings {
	tariffs: Tariff[];
	/** true while no administrator has set the tariffs: the Cornell FY2020 one applies */
	isDefault: boolean;
	change: SettingChange | null;
}

/** A setting row's value checked against its shape, with a sentence when it is not. */
function checked<T>(shape: z.ZodType<T>, key: string, value: unknown): T {
	const parsed = shape.safeParse(value);
	if (!parsed.success)
		throw new Error(
			`The setting "${key}" holds a value of the wrong shape: ${parsed.error.message}`
		);
	return parsed.data;
}

export function readTariffs(db: Db): TariffSettings {
	const row = db
		.select({ value: settings.value, updatedBy: settings.updatedBy, updatedAt: settings.updatedAt })
		.from(settings)
		.where(eq(settings.key, TARIFFS_KEY))
		.orderBy(desc(settings.effectiveMonth))
		.limit(1)
		.get();
	if (!row) return { tariffs: [CORNELL_FY2020_TARIFF], isDefault: true, change: null };
	return {
		tariffs: byMonth(checked(TARIFFS_SHAPE, TARIFFS_KEY, row.value)),
		isDefault: false,
		change: { updatedBy: row.updatedBy, updatedAt: row.updatedAt }
	};
}

function writeTariffs(db: Db, tariffs: Tariff[], by: string): void {
	const sorted = byMonth(tariffs);
	saveSetting(db, TARIFFS_KEY, NO_MONTH, sorted, by);
	keep(db, { what: 'setting' });
	audit(db, by, 'settings.tariffs', TARIFFS_KEY, { tariffs: sorted });
}

/** Adds a tariff, or replaces the one of the same effective month. */
export function saveTariff(db: Db, tariff: Tariff, by: string): 'added' | 'replaced' {
	return db.transaction(
		() => {
			const { tariffs } = readTariffs(db);
			const at = tariffs.findIndex((t) => t.effectiveMonth === tariff.effectiveMonth);
			const next = at < 0 ? [...tariffs, tariff] : tariffs.map((t, i) => (i === at ? tariff : t));
			writeTariffs(db, next, by);
			return at < 0 ? 'added' : 'replaced';
		},
		{ behavior: 'immediate' }
	);
}

/** Removes the tariff of an effective month; false when there is none. */
export function removeTariff(db: Db, effectiveMonth: string, by: string): boolean {
	return db.transaction(
		() => {
			const { tariffs } = readTariffs(db);
			const next = tariffs.filter((t) => t.effectiveMonth !== effectiveMonth);
			if (next.length === tariffs.length) return false;
			writeTariffs(db, next, by);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export interface Code42Cost extends SettingChange {
	effectiveMonth: string;
	centsPerDeviceMonth: number;
}

export function readCode42Costs(db: Db): Code42Cost[] {
	return db
		.select({
			effectiveMonth: settings.effectiveMonth,
			value: settings.value,
			updatedBy: settings.updatedBy,
			updatedAt: settings.updatedAt
		})
		.from(settings)
		.where(eq(settings.key, CODE42_COST_KEY))
		.orderBy(asc(settings.effectiveMonth))
		.all()
		.map(({ value, ...row }) => ({
			...row,
			centsPerDeviceMonth: checked(CODE42_COST_SHAPE, CODE42_COST_KEY, value)
		}));
}

const costRow = (effectiveMonth: string) =>
	and(eq(settings.key, CODE42_COST_KEY), eq(settings.effectiveMonth, effectiveMonth));

export function saveCode42Cost(
	db: Db,
	effectiveMonth: string,
	centsPerDeviceMonth: number,
	by: string
): 'added' | 'replaced' {
	return db.transaction(
		() => {
			const before = db
				.select({ key: settings.key })
				.from(settings)
				.where(costRow(effectiveMonth))
				.get();
			saveSetting(db, CODE42_COST_KEY, effectiveMonth, centsPerDeviceMonth, by);
			keep(db, { what: 'setting' });
			audit(db, by, 'settings.code42-cost', CODE42_COST_KEY, {
				effectiveMonth,
				centsPerDeviceMonth
			});
			return before ? 'replaced' : 'added';
		},
		{ behavior: 'immediate' }
	);
}

export function removeCode42Cost(db: Db, effectiveMonth: string, by: string): boolean {
	return db.transaction(
		() => {
			const removed = db.delete(settings).where(costRow(effectiveMonth)).run().changes > 0;
			if (removed) {
				keep(db, { what: 'setting' });
				audit(db, by, 'settings.code42-cost.remove', CODE42_COST_KEY, { effectiveMonth });
			}
			return removed;
		},
		{ behavior: 'immediate' }
	);
}
