import { count } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db';
import { imports } from '../db/schema';
import type { ExportKind } from '../../imports/formats';
import { importFile } from './pipeline';

export const SAMPLES_DIR = resolve('data/samples');

interface SampleFile {
	file: string;
	kind: ExportKind;
	asOf?: string;
	billingMonth?: string;
}

/** Loads the committed sample exports into a database that has never seen an import. */
export function loadSamples(db: Db, dir = SAMPLES_DIR): number {
	const seen = db.select({ n: count() }).from(imports).get()?.n ?? 0;
	if (seen > 0) return 0;
	const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as SampleFile[];
	for (const sample of manifest) {
		const outcome = importFile(db, {
			fileName: sample.file,
			bytes: readFileSync(join(dir, sample.file)),
			kind: sample.kind,
			asOf: sample.asOf,
			billingMonth: sample.billingMonth,
			uploadedBy: 'sample data',
			sample: true
		});
		if (outcome.status === 'refused') {
			throw new Error(`Sample file ${sample.file} was refused: ${outcome.errors[0]?.message}`);
		}
	}
	return manifest.length;
}
