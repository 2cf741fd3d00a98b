// How each backup health bucket is told apart: a word and a symbol as well as a colour.
export type Bucket = 'ok' | 'warning' | 'critical' | 'never';

export const BUCKET_LABEL: Record<Bucket, string> = {
	ok: 'OK',
	warning: 'Warning',
	critical: 'Critical',
	never: 'Never backed up'
};

export const BUCKET_SYMBOL: Record<Bucket, string> = {
	ok: '✓',
	warning: '▲',
	critical: '✖',
	never: '○'
};

export const BUCKETS: readonly Bucket[] = ['ok', 'warning', 'critical', 'never'];
