import { describe, expect, it } from 'vitest';
import { formatDays, formatDuration } from './duration';

describe('formatDuration', () => {
	it('says a time left the way people say it', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(59)).toBe('under a minute');
		expect(formatDuration(90)).toBe('2 min'); // 1.5 min rounds to 2
		expect(formatDuration(9374)).toBe('2 h 36 min'); // 156.2 min
		expect(formatDuration(7200)).toBe('2 h');
		expect(formatDuration(36_000)).toBe('10 h');
		expect(formatDuration(86_400)).toBe('1 day');
		expect(formatDuration(3 * 86_400 + 4 * 3600 + 100)).toBe('3 days 4 h');
	});
});

describe('formatDays', () => {
	it('gives days with one decimal', () => {
		expect(formatDays(null)).toBe('—');
		expect(formatDays(86_400_000)).toBe('1.0 day');
		expect(formatDays(4.25 * 86_400_000)).toBe('4.3 days');
		expect(formatDays(0)).toBe('0.0 days');
	});
});
