import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from './db';
import { settings } from './db/schema';

// Settings rows, each with an effective month (the tariffs, the central cost) or without one
// ('0000-00'): the value in force for a month is that of the latest effective month not after it.

/** Settings key of the centrally paid Code42 cost, in cents per device per month. */
export const CODE42_COST_KEY = 'code42CentsPerDeviceMonth';

/**
 * The value of a setting in force in a month (every month by default), checked against its
 * shape; the fallback when it has none. A value of another shape is an error that says which.
 */
export function loadSetting<T>(
	db: Db,
	key: string,
	shape: z.ZodType<T>,
	fallback: T,
	month = '9999-99'
): T {
	const row = db
		.select({ value: settings.value })
		.from(settings)
		.where(and(eq(settings.key, key), lte(settings.effectiveMonth, month)))
		.orderBy(desc(settings.effectiveMonth))
		.limit(1)
		.get();
	if (!row) return fallback;
	const parsed = shape.safeParse(row.value);
	if (!parsed.success) {
		throw new Error(
			`The setting "${key}" holds a value of the wrong shape: ${parsed.error.message}`
		);
	}
	return parsed.data;
}

/** Whether a setting has any value at all (a cost never entered is not a cost of $0.00). */
export function hasSetting(db: Db, key: string): boolean {
	return (
		db.select({ key: settings.key }).from(settings).where(eq(settings.key, key)).limit(1).get() !==
		undefined
	);
}

/** Sets a setting's value from a month on (replacing the value set for that month), noting who. */
export function saveSetting(
	db: Db,
	key: string,
	effectiveMonth: string,
	value: unknown,
	by: string
): void {
	const updatedAt = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
	db.insert(settings)
		.values({ key, effectiveMonth, value, updatedBy: by, updatedAt })
		.onConflictDoUpdate({
			target: [settings.key, settings.effectiveMonth],
			set: { value, updatedBy: by, updatedAt }
		})
		.run();
}
