import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsStale } from './stale-build';

const dir = mkdtempSync(join(tmpdir(), 'stale-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildIsStale', () => {
	it('is stale without a build, or with one older than a source, and fresh after them', () => {
		expect(buildIsStale(join(dir, 'none'))).toBe(true);
		const index = join(dir, 'index.js');
		writeFileSync(index, '');
		utimesSync(index, new Date(0), new Date(0));
		expect(buildIsStale(dir)).toBe(true);
		const later = new Date(Date.now() + 3_600_000);
		utimesSync(index, later, later);
		expect(buildIsStale(dir)).toBe(false);
	});
});
