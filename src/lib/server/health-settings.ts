// The administrator's settings of the backup health page: the bucket thresholds (which the kept
// health history is counted with: a change recounts it), the home upload speed the time left of a
// first backup is worked out at, and the home data cap a first backup still to send is compared
// with. All are key/value rows of the settings table, without an effective month: a change
// applies to every as-of date.
import { z } from 'zod';
import { audit } from './audit';
import type { Db } from './db';
import type { HealthThresholds } from './metrics/types';
import { keep } from './kept';
import { DEFAULT_THRESHOLDS } from './metrics/health';
import { loadSetting, saveSetting } from './settings';

export const THRESHOLDS_KEY = 'healthThresholds';
export const UPLOAD_SPEED_KEY = 'homeUploadMbps';
export const DEFAULT_UPLOAD_MBPS = 10;
export const DATA_CAP_KEY = 'homeDataCapGb';
/** A common monthly data cap of American home internet (1.2 TB), in decimal GB. */
export const DEFAULT_DATA_CAP_GB = 1200;
const NO_MONTH = '0000-00';

export interface HealthSettings {
	thresholds: HealthThresholds;
	uploadMbps: number;
	/** a home connection's monthly data cap, decimal GB (1 GB = 1,000,000,000 bytes) */
	dataCapGb: number;
}

const dayCount = z.number().int().positive();
const THRESHOLDS_SHAPE = z
	.object({ warningDays: dayCount, criticalDays: dayCount, firstBackupGraceDays: dayCount })
	.partial();

// made once: a zod schema is costly to build, and the settings are read for every page
const POSITIVE = z.number().positive();

export function loadHealthSettings(db: Db): HealthSettings {
	const stored = loadSetting(db, THRESHOLDS_KEY, THRESHOLDS_SHAPE, {});
	return {
		thresholds: { ...DEFAULT_THRESHOLDS, ...stored },
		uploadMbps: loadSetting(db, UPLOAD_SPEED_KEY, POSITIVE, DEFAULT_UPLOAD_MBPS),
		dataCapGb: loadSetting(db, DATA_CAP_KEY, POSITIVE, DEFAULT_DATA_CAP_GB)
	};
}

const days = (what: string, max: number) =>
	z.coerce
		.number({ error: `${what} must be a number of days.` })
		.int(`${what} must be a whole number of days.`)
		.min(1, `${what} must be at least 1 day.`)
		.max(max, `${what} must be at most ${max} days.`);

/** The form of /admin/health, as submitted. */
export const healthSettingsForm = z
	.object({
		warningDays: days('The warning threshold', 365),
		criticalDays: days('The critical threshold', 365),
		firstBackupGraceDays: days('The first-backup grace', 365),
		uploadMbps: z.coerce
			.number({ error: 'The upload speed must be a number of Mbit/s.' })
			.gt(0, 'The upload speed must be above 0 Mbit/s.')
			.max(100_000, 'The upload speed must be at most 100,000 Mbit/s.'),
		dataCapGb: z.coerce
			.number({ error: 'The data cap must be a number of GB.' })
			.gt(0, 'The data cap must be above 0 GB.')
			.max(1_000_000, 'The data cap must be at most 1,000,000 GB.')
	})
	.refine((v) => v.warningDays < v.criticalDays, {
		message: 'The warning threshold must be fewer days than the critical one.',
		path: ['warningDays']
	});

export type HealthSettingsForm = z.infer<typeof healthSettingsForm>;

export function saveHealthSettings(db: Db, values: HealthSettingsForm, by: string): void {
	const thresholds: HealthThresholds = {
		warningDays: values.warningDays,
		criticalDays: values.criticalDays,
		firstBackupGraceDays: values.firstBackupGraceDays
	};
	db.transaction(() => {
		saveSetting(db, THRESHOLDS_KEY, NO_MONTH, thresholds, by);
		saveSetting(db, UPLOAD_SPEED_KEY, NO_MONTH, values.uploadMbps, by);
		saveSetting(db, DATA_CAP_KEY, NO_MONTH, values.dataCapGb, by);
		keep(db, { what: 'thresholds' });
		audit(db, by, 'settings.health', THRESHOLDS_KEY, {
			...thresholds,
			uploadMbps: values.uploadMbps,
			dataCapGb: values.dataCapGb
		});
	});
}
