// `npm run import -- [--kind KIND] [--as-of YYYY-MM-DD] [--source NAME] [--json] FILE...`
// The billing staff's scripted monthly upload: the same pipeline as the browser's. Each file is
// read as a stream, so a large Code42 report is never held in memory whole.
// Exit 0 when every file was taken (imported or duplicate), 1 when any was refused, 2 on a usage
// error (nothing is imported then).
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_KINDS, type ExportKind } from '../src/lib/imports/formats';
import {
	importJson,
	noLongerPhrase,
	withDateOrderHint,
	type ImportOutcome
} from '../src/lib/imports/outcome';
import { openDatabase } from '../src/lib/server/db';
import { importStream, undoImport } from '../src/lib/server/imports/pipeline';

const USAGE = `Usage: npm run import -- [--kind KIND] [--as-of YYYY-MM-DD] [--billing-month YYYY-MM]
                         [--date-order mdy|dmy] [--source NAME] [--user NAME] [--json] FILE...
       npm run import -- --undo ID
KIND: ${EXPORT_KINDS.join(', ')} (detected from the header when left out)
--date-order: how to read numeric dates such as 03/04/2020 when nothing in their column settles it
  (mdy: month first, dmy: day first)
--source: an inventory's system (SCCM, Jamf) when the file has no Source column; default inventory.
  A newer file of a source replaces that source's computers from its date.
--as-of: a Code42 report's export day, or an inventory's date (by default its latest Last Seen).`;

function usage(message: string): never {
	console.error(`${message}\n\n${USAGE}`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			kind: { type: 'string' },
			'as-of': { type: 'string' },
			'billing-month': { type: 'string' },
			'date-order': { type: 'string' },
			source: { type: 'string' },
			undo: { type: 'string' },
			user: { type: 'string' },
			json: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
} catch (error) {
	usage((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const kind = values.kind as ExportKind | undefined;
if (kind !== undefined && !EXPORT_KINDS.includes(kind)) usage(`Unknown --kind "${kind}".`);
const asOf = values['as-of'];
if (asOf !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(asOf))
	usage(`--as-of takes a day written YYYY-MM-DD, not "${asOf}".`);
const billingMonth = values['billing-month'];
if (billingMonth !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(billingMonth))
	usage(`--billing-month takes a month written YYYY-MM, not "${billingMonth}".`);
const dateOrder = values['date-order'];
if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy')
	usage(`--date-order takes mdy (month first) or dmy (day first), not "${dateOrder}".`);
const source = values.source?.trim();
if (source !== undefined && (source === '' || source.length > 100))
	usage(`--source takes the name of the system listing the computers (at most 100 characters).`);
const uploadedBy = values.user ?? `cli:${process.env.USER ?? 'unknown'}`;

if (values.undo !== undefined) {
	if (positionals.length > 0) usage('--undo takes an import ID and no files.');
	const id = Number(values.undo);
	if (!Number.isInteger(id) || id <= 0) usage(`--undo takes an import ID, not "${values.undo}".`);
	const db = openDatabase();
	const result = undoImport(db, id, uploadedBy);
	db.$client.close();
	if (values.json)
		console.log(JSON.stringify({ undo: id, ok: result.ok, message: result.message }));
	else if (result.ok) console.log(result.message);
	else console.error(result.message);
	process.exit(result.ok ? 0 : 1);
}

if (positionals.length === 0) usage('Name at least one file to import.');
// Every file must be there before any is imported: a typo is a usage error, not half an import.
for (const path of positionals) {
	let isFile = false;
	try {
		isFile = statSync(path).isFile();
	} catch (error) {
		usage(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
	}
	if (!isFile) usage(`${path} is not a file.`);
}

/** The CLI answers the date-order question with a flag, where the browser asks. */
const withCliHint = (outcome: ImportOutcome) =>
	withDateOrderHint(
		outcome,
		'Pass --date-order mdy (month first) or --date-order dmy (day first), then import the file again.'
	);

const db = openDatabase();
let refused = false;
for (const path of positionals) {
	const outcome = withCliHint(
		await importStream(db, createReadStream(path, { highWaterMark: 256 * 1024 }), {
			fileName: basename(path),
			kind,
			asOf,
			billingMonth,
			dateOrder: dateOrder as 'mdy' | 'dmy' | undefined,
			source,
			uploadedBy
		})
	);
	if (outcome.status === 'refused') refused = true;
	const { file, status, rows, inserted, updated, unchanged, errors } = outcome;
	if (values.json) {
		console.log(JSON.stringify(importJson(outcome, path)));
	} else if (status === 'refused') {
		console.error(`${file}: refused (import #${outcome.importId}). ${outcome.message}`);
		if (errors.length > 1 || errors[0]?.message !== outcome.message) {
			for (const e of errors)
				console.error(`  line ${e.line ?? '-'}, column ${e.column ?? '-'}: ${e.message}`);
		}
		if (outcome.errorCount > errors.length)
			console.error(`  … and ${outcome.errorCount - errors.length} more problems.`);
	} else if (status === 'duplicate') {
		console.log(outcome.message);
	} else {
		const asOfText = outcome.asOf ? `, as of ${outcome.asOf}` : '';
		console.log(
			`${file}: imported as ${outcome.kind}${asOfText} (import #${outcome.importId}): ${rows} rows, ` +
				`${inserted} new, ${updated} replaced, ${unchanged} unchanged` +
				`${noLongerPhrase(outcome)}.`
		);
	}
}
db.$client.close();
process.exit(refused ? 1 : 0);
