// Durations as people say them: time left of a first backup, how long first backups take.

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Seconds as "under a minute", "42 min", "2 h 36 min" or "3 days 4 h"; a dash for none. */
export function formatDuration(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds)) return '—';
	if (seconds < 60) return 'under a minute';
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
	const days = Math.floor(hours / 24);
	return hours % 24 === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${hours % 24} h`;
}

/** Milliseconds as days with one decimal: "4.3 days"; a dash for none. */
export function formatDays(ms: number | null): string {
	if (ms === null || !Number.isFinite(ms)) return '—';
	const days = Math.round((ms / 86_400_000) * 10) / 10;
	return `${days.toFixed(1)} ${days === 1 ? 'day' : 'days'}`;
}
