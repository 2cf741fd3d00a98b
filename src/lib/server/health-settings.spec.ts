import { describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { healthSettingsForm, loadHealthSettings, saveHealthSettings } from './health-settings';
import { figuresAt } from './figures/at';

describe('health settings', () => {
	it('defaults to Code42’s thresholds and 10 Mbit/s, and keeps what an administrator saves', () => {
		const db = openDatabase(':memory:');
		expect(loadHealthSettings(db)).toEqual({
			thresholds: { warningDays: 3, criticalDays: 5, firstBackupGraceDays: 14 },
			uploadMbps: 10,
			dataCapGb: 1200
		});
		const form = healthSettingsForm.parse({
			warningDays: '2',
			criticalDays: '7',
			firstBackupGraceDays: '21',
			uploadMbps: '2.5',
			dataCapGb: '1000'
		});
		saveHealthSettings(db, form, 'erin@college.edu');
		saveHealthSettings(db, { ...form, uploadMbps: 25 }, 'erin@college.edu'); // replaces
		expect(loadHealthSettings(db)).toEqual({
			thresholds: { warningDays: 2, criticalDays: 7, firstBackupGraceDays: 21 },
			uploadMbps: 25,
			dataCapGb: 1000
		});
		expect(
			db.$client.prepare(`SELECT actor, action FROM audit_log ORDER BY id DESC LIMIT 1`).get()
		).toEqual({ actor: 'erin@college.edu', action: 'settings.health' });
		// the figures of every page and of `npm run report` take the same thresholds
		expect(figuresAt(db, '2020-11-30').thresholds).toEqual({
			warningDays: 2,
			criticalDays: 7,
			firstBackupGraceDays: 21
		});
		expect(figuresAt(db, '2020-11-30').dataCapBytes).toBe(1_000_000_000_000);
		db.$client.close();
	});

	it('refuses a form that makes no sense, saying why', () => {
		const message = (values: Record<string, string>) => {
			const parsed = healthSettingsForm.safeParse({
				warningDays: '3',
				criticalDays: '5',
				firstBackupGraceDays: '14',
				uploadMbps: '10',
				dataCapGb: '1200',
				...values
			});
			return parsed.success ? null : parsed.error.issues[0]?.message;
		};
		expect(message({})).toBeNull();
		expect(message({ warningDays: '5' })).toBe(
			'The warning threshold must be fewer days than the critical one.'
		);
		expect(message({ criticalDays: '2.5' })).toBe(
			'The critical threshold must be a whole number of days.'
		);
		expect(message({ firstBackupGraceDays: '0' })).toBe(
			'The first-backup grace must be at least 1 day.'
		);
		expect(message({ uploadMbps: '0' })).toBe('The upload speed must be above 0 Mbit/s.');
		expect(message({ uploadMbps: 'fast' })).toBe('The upload speed must be a number of Mbit/s.');
		expect(message({ dataCapGb: '0' })).toBe('The data cap must be above 0 GB.');
		expect(message({ dataCapGb: 'none' })).toBe('The data cap must be a number of GB.');
	});
});
