// `npm run report -- [--as-of YYYY-MM-DD] [--department CODE] --json`: the figures for other tools.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { departmentOption, reportOf } from '../src/lib/server/figures/report';

const USAGE = 'Usage: npm run report -- [--as-of YYYY-MM-DD] [--department CODE] --json';

function usage(message: string): never {
	console.error(`${message}\n\n${USAGE}`);
	process.exit(2);
}

let parsed;
try {
	parsed = parseArgs({
		options: {
			'as-of': { type: 'string' },
			department: { type: 'string' },
			json: { type: 'boolean', default: false }
		}
	});
} catch (error) {
	usage((error as Error).message);
}
const { values } = parsed;
const asOf = values['as-of'];
if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
	usage(`--as-of takes YYYY-MM-DD, not "${asOf}".`);
if (!values.json) usage('The report is printed as JSON: add --json.');

const db = openDatabase();
let department: string | null = null;
if (values.department !== undefined) {
	department = departmentOption(db, values.department);
	if (department === null) {
		console.error(
			`Unknown department "${values.department}": give a department code, name or alias, or UNASSIGNED.`
		);
		process.exit(2);
	}
}
console.log(JSON.stringify(await reportOf(db, asOf, department), null, 2));
db.$client.close();
