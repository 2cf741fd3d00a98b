import { audit } from './audit';
import type { Db } from './db';
import { CORNELL_FY2020_TARIFF } from './metrics/tariff';
import type { Tariff } from './metrics/types';
import { CODE42_COST_KEY, saveSetting } from './state';

// The administrator settings behind the savings figures, each with an effective month:
// - the EZ-Backup tariffs, all in ONE settings row (key 'tariffs', a Tariff[]), the form the import
//   pipeline reads when a billing file has no $ columns; with no row, the Cornell FY2020 tariff;
// - the centrally paid Code42 cost per device per month, one row per effective month
//   (key CODE42_COST_KEY), which loadState reads for the as-of month.

export const TARIFFS_KEY = 'tariffs';
const NO_MONTH = '0000-00';

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

export function readTariffs(db: Db): TariffSettings {
	const row = db.$client
		.prepare(
			`SELECT value, updated_by AS updatedBy, updated_at AS updatedAt FROM settings
			WHERE key = ? ORDER BY effective_month DESC LIMIT 1`
		)
		.get(TARIFFS_KEY) as { value: string; updatedBy: string; updatedAt: string } | undefined;
	if (!row) return { tariffs: [CORNELL_FY2020_TARIFF], isDefault: true, change: null };
	const tariffs = byMonth(JSON.parse(row.value) as Tariff[]);
	return {
		tariffs,
		isDefault: false,
		change: { updatedBy: row.updatedBy, updatedAt: row.updatedAt }
	};
}

function writeTariffs(db: Db, tariffs: Tariff[], by: string): void {
	const sorted = byMonth(tariffs);
	saveSetting(db, TARIFFS_KEY, NO_MONTH, sorted, by);
	audit(db, by, 'settings.tariffs', TARIFFS_KEY, { tariffs: sorted });
}

/** Adds a tariff, or replaces the one of the same effective month. */
export function saveTariff(db: Db, tariff: Tariff, by: string): 'added' | 'replaced' {
	return db.$client
		.transaction(() => {
			const { tariffs } = readTariffs(db);
			const at = tariffs.findIndex((t) => t.effectiveMonth === tariff.effectiveMonth);
			const next = at < 0 ? [...tariffs, tariff] : tariffs.map((t, i) => (i === at ? tariff : t));
			writeTariffs(db, next, by);
			return at < 0 ? 'added' : 'replaced';
		})
		.immediate();
}

/** Removes the tariff of an effective month; false when there is none. */
export function removeTariff(db: Db, effectiveMonth: string, by: string): boolean {
	return db.$client
		.transaction(() => {
			const { tariffs } = readTariffs(db);
			const next = tariffs.filter((t) => t.effectiveMonth !== effectiveMonth);
			if (next.length === tariffs.length) return false;
			writeTariffs(db, next, by);
			return true;
		})
		.immediate();
}

export interface Code42Cost extends SettingChange {
	effectiveMonth: string;
	centsPerDeviceMonth: number;
}

export function readCode42Costs(db: Db): Code42Cost[] {
	return (
		db.$client
			.prepare(
				`SELECT effective_month AS effectiveMonth, value, updated_by AS updatedBy,
					updated_at AS updatedAt
				FROM settings WHERE key = ? ORDER BY effective_month`
			)
			.all(CODE42_COST_KEY) as {
			effectiveMonth: string;
			value: string;
			updatedBy: string;
			updatedAt: string;
		}[]
	).map(({ value, ...row }) => ({ ...row, centsPerDeviceMonth: JSON.parse(value) as number }));
}

export function saveCode42Cost(
	db: Db,
	effectiveMonth: string,
	centsPerDeviceMonth: number,
	by: string
): 'added' | 'replaced' {
	return db.$client
		.transaction(() => {
			const before = db.$client
				.prepare(`SELECT 1 FROM settings WHERE key = ? AND effective_month = ?`)
				.get(CODE42_COST_KEY, effectiveMonth);
			saveSetting(db, CODE42_COST_KEY, effectiveMonth, centsPerDeviceMonth, by);
			audit(db, by, 'settings.code42-cost', CODE42_COST_KEY, {
				effectiveMonth,
				centsPerDeviceMonth
			});
			return before ? 'replaced' : 'added';
		})
		.immediate();
}

export function removeCode42Cost(db: Db, effectiveMonth: string, by: string): boolean {
	const removed =
		db.$client
			.prepare(`DELETE FROM settings WHERE key = ? AND effective_month = ?`)
			.run(CODE42_COST_KEY, effectiveMonth).changes > 0;
	if (removed) audit(db, by, 'settings.code42-cost.remove', CODE42_COST_KEY, { effectiveMonth });
	return removed;
}
