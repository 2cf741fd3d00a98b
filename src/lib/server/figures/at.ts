import { desc, lte, max } from 'drizzle-orm';
import type { Db } from '../db';
import { reportDates } from '../db/schema';
import { loadHealthSettings } from '../health-settings';
import { asOfInstant, monthOfDay } from '../metrics/asof';
import type { HealthThresholds } from '../metrics/types';
import type { AdoptionWeekRow, DeviceTallyRow } from './rollout';

// Every figure is as of a day D (domain.md). The devices' state as of D is that of the latest
// report date on or before D (kept in device_states), so any day costs what a report date does:
// only the instant T, at which ages are measured, differs.

export interface At {
	/** D, YYYY-MM-DD */
	asOf: string;
	/** the report date whose device states hold as of D; null before the first report */
	state: string | null;
	/** T: the end of D in UTC, ms */
	T: number;
	/** D's month, YYYY-MM: charges are read up to it */
	month: string;
	thresholds: HealthThresholds;
	/** the home upload speed first backups are timed at, Mbit/s */
	uploadMbps: number;
	/** a home connection's monthly data cap, bytes: a first backup with more to send is flagged */
	dataCapBytes: number;
	/** a day between report dates, once worked out (figures/day-codes.ts): its departments' tallies */
	dayTallies?: readonly DeviceTallyRow[];
	/** a day between report dates with another inventory in force, once worked out: its adoption */
	dayAdoption?: readonly AdoptionWeekRow[];
}

/** The as-of date figures default to: that of the latest Code42 report, else today (UTC). */
export function defaultAsOf(db: Db): string {
	const latest = db
		.select({ asOf: max(reportDates.asOf) })
		.from(reportDates)
		.get()?.asOf;
	return latest ?? new Date().toISOString().slice(0, 10);
}

/** The figures' reference points as of a day (the default one when none is given). */
export function figuresAt(db: Db, asOf = defaultAsOf(db)): At {
	const T = asOfInstant(asOf);
	const state =
		db
			.select({ asOf: reportDates.asOf })
			.from(reportDates)
			.where(lte(reportDates.asOf, asOf))
			.orderBy(desc(reportDates.asOf))
			.limit(1)
			.get()?.asOf ?? null;
	const { thresholds, uploadMbps, dataCapGb } = loadHealthSettings(db);
	return {
		asOf,
		state,
		T,
		month: monthOfDay(asOf),
		thresholds,
		uploadMbps,
		dataCapBytes: Math.round(dataCapGb * 1e9)
	};
}
