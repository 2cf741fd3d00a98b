// The monthly EZ-Backup Billing Summary mailed to each account: fixed-width text, not CSV.
//
//   Bill to: KFS# IT-ANS1004-_____-6601-___-__________-________
//            Nodename             Backup Archiv  Total  Extra   $ Base  $ Extra  $ Total
//            -------------------- ------ ------ ------ ------ -------- -------- --------
//            ANSC-PC0042@ADSM4      9.4G 200.0M   9.6G   0.0M     5.50     0.00     5.50
//        Total for 1 nodes          9.4G 200.0M   9.6G   0.0M     5.50     0.00     5.50
//
// A file may hold several accounts' tables. Node names never contain spaces, so a row is read as
// whitespace-separated values in the header's order. Every table must end in its total line, which
// must agree with its rows (money exactly; sizes within the rounding of the written figures): a
// summary cut short or edited by hand is refused. Each node row and the total line must add up,
// $ Base + $ Extra = $ Total. Discount and net-charge lines after it are
// tolerated. The month comes from a "Billing month: ..." line, else from the uploader.

import {
	normalizeHeader,
	splitSummaryHeader,
	SUMMARY_COLUMNS,
	SUMMARY_LINES
} from '../../imports/formats';
import type { ImportProblem } from '../../imports/outcome';
import { listWords } from './headers';
import { notAddingUp, shownValue, where } from './row';
import type { BillingCharge } from './types';
import { formatCents, parseMoney, parseMonth, readSize } from './values';

type SummaryColumn =
	'nodename' | 'backup' | 'archive' | 'total' | 'extra' | 'baseMoney' | 'extraMoney' | 'totalMoney';

type SizeColumn = 'backup' | 'archive' | 'total' | 'extra';
type MoneyColumn = 'baseMoney' | 'extraMoney' | 'totalMoney';
type Money = Pick<BillingCharge, 'baseCents' | 'extraCents' | 'totalCents'>;

/** Where each money column goes in a charge. */
const CENTS: Record<MoneyColumn, keyof Money> = {
	baseMoney: 'baseCents',
	extraMoney: 'extraCents',
	totalMoney: 'totalCents'
};

/** Every spelling of a table header (normalized) → its column. */
const HEADER_WORDS = new Map(
	SUMMARY_COLUMNS.flatMap((column) =>
		[column.header, ...(column.aliases ?? [])].map(
			(header) => [normalizeHeader(header), column.key as SummaryColumn] as const
		)
	)
);

interface Column {
	key: SummaryColumn;
	/** as the header writes it */
	header: string;
}

interface Block {
	account: string;
	line: number;
	columns: Column[];
	charges: BillingCharge[];
	/** sums over the rows, and how far rounding of the written sizes may put them off */
	sums: Record<SizeColumn | MoneyColumn, number>;
	slack: Record<SizeColumn, number>;
	/** a row could not be read, so the total cannot be checked against the rows */
	unreadable: boolean;
}

type State = 'preamble' | 'header' | 'rows' | 'after-total';

/** The table header's known columns, in order (a node row has a value for each). */
function headerColumns(line: string): Column[] {
	const columns: Column[] = [];
	for (const header of splitSummaryHeader(line)) {
		const key = HEADER_WORDS.get(normalizeHeader(header));
		if (key) columns.push({ key, header });
	}
	return columns;
}

export interface SummaryOutcome {
	charges: BillingCharge[];
	/** the line of each charge */
	lines: number[];
	/** the first table's header words, `$ Base` as one */
	header: string[];
	problems: ImportProblem[];
	/** the month the text states, if it does */
	statedMonth: string | null;
}

/** A node billed twice in one month of a summary (`earlier` < `line`), as a problem of `line`. */
export function billedTwice(
	fileName: string,
	charge: Pick<BillingCharge, 'nodename' | 'month'>,
	earlier: number,
	line: number
): ImportProblem {
	return {
		line,
		column: 'Nodename',
		value: shownValue(charge.nodename),
		message: `${where(fileName, line, 'Nodename')}: node ${charge.nodename} is billed twice for ${charge.month} (lines ${earlier} and ${line}). Keep one row per node, then upload the summary again.`
	};
}

/** Reads a Billing Summary line by line; push text as it comes, then end(). */
export class SummaryReader {
	private state: State = 'preamble';
	private rest = '';
	private lineNumber = 0;
	private block: Block | null = null;
	private readonly charges: BillingCharge[] = [];
	private readonly problems: ImportProblem[] = [];
	private readonly chargeLines = new Map<BillingCharge, number>();
	private statedMonth: { month: string; line: number; text: string } | null = null;
	private header: string[] = [];

	constructor(private readonly options: { fileName: string; billingMonth?: string }) {}

	push(text: string): void {
		this.rest += text;
		let start = 0;
		for (;;) {
			const lf = this.rest.indexOf('\n', start);
			const cr = this.rest.indexOf('\r', start);
			const at = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
			if (at === -1) break;
			// a CR at the very end may be the first half of a CRLF
			if (at === cr && at === this.rest.length - 1) break;
			this.line(this.rest.slice(start, at));
			start = at + (at === cr && this.rest[at + 1] === '\n' ? 2 : 1);
		}
		this.rest = this.rest.slice(start);
	}

	end(): SummaryOutcome {
		if (this.rest !== '') this.line(this.rest.replace(/\r$/, ''));
		this.rest = '';
		this.closeBlock(null);
		let month = this.statedMonth?.month ?? this.options.billingMonth ?? null;
		if (this.statedMonth && this.options.billingMonth) {
			if (this.statedMonth.month !== this.options.billingMonth) {
				this.fileProblem(
					this.statedMonth.line,
					this.statedMonth.text,
					`the summary states the billing month ${this.statedMonth.month}, but ${this.options.billingMonth} was chosen for it. Choose ${this.statedMonth.month}, or check that this is the right summary, then upload it again.`
				);
			}
		}
		if (month === null && this.charges.length > 0) {
			this.problems.push({
				line: null,
				column: null,
				message: `${this.options.fileName} does not say which month it bills. Set the billing month (YYYY-MM) when you upload it.`
			});
			month = '';
		}
		for (const charge of this.charges) charge.month = month ?? '';
		// the same node twice in one month would be one charge counted twice (a summary is held
		// whole: one account's table of nodes)
		if (month) {
			const lines = new Map<string, number>();
			for (const charge of this.charges) {
				const line = this.chargeLines.get(charge) ?? 0;
				const earlier = lines.get(charge.nodename);
				if (earlier === undefined) lines.set(charge.nodename, line);
				else this.problems.push(billedTwice(this.options.fileName, charge, earlier, line));
			}
		}
		const charges = this.problems.length > 0 ? [] : this.charges;
		return {
			charges,
			lines: charges.map((charge) => this.chargeLines.get(charge) ?? 0),
			header: this.header,
			problems: this.problems,
			statedMonth: this.statedMonth?.month ?? null
		};
	}

	private fileProblem(
		line: number | null,
		value: string | null,
		sentence: string,
		column?: string
	) {
		this.problems.push({
			line,
			column: column ?? null,
			value: value === null ? null : shownValue(value),
			message: `${where(this.options.fileName, line, column)}: ${sentence}`
		});
	}

	private line(text: string): void {
		const n = ++this.lineNumber;
		const billTo = SUMMARY_LINES.billTo.exec(text);
		if (billTo) {
			this.closeBlock(n);
			const account = SUMMARY_LINES.account.exec(billTo[1].trim());
			if (!account) {
				this.fileProblem(
					n,
					text.trim(),
					'the "Bill to:" line names no KFS account (such as KFS# IT-ANS1004-...). Upload the summary as EZ-Backup mailed it.'
				);
			}
			this.block = {
				account: account ? `${account[1]}-${account[2]}` : '',
				line: n,
				columns: [],
				charges: [],
				sums: {
					backup: 0,
					archive: 0,
					total: 0,
					extra: 0,
					baseMoney: 0,
					extraMoney: 0,
					totalMoney: 0
				},
				slack: { backup: 0, archive: 0, total: 0, extra: 0 },
				unreadable: false
			};
			this.state = 'header';
			return;
		}
		if (this.state === 'preamble' || this.state === 'after-total') {
			this.noteMonth(text, n);
			return;
		}
		if (text.trim() === '' || SUMMARY_LINES.rule.test(text)) return;
		const block = this.block;
		if (!block) return;
		if (SUMMARY_LINES.tableHeader.test(text)) {
			const columns = headerColumns(text);
			const names = SUMMARY_COLUMNS.filter(
				(c) => c.required && !columns.some((known) => known.key === c.key)
			).map((c) => c.header);
			if (names.length > 0) {
				this.fileProblem(
					n,
					text.trim(),
					`the table header lacks the column${names.length > 1 ? 's' : ''} ${listWords(names)}. Upload the summary as EZ-Backup mailed it.`
				);
			}
			block.columns = columns;
			if (this.header.length === 0) this.header = columns.map((c) => c.header);
			this.state = 'rows';
			return;
		}
		if (this.state === 'header') {
			if (SUMMARY_LINES.monthStated.test(text)) {
				this.noteMonth(text, n);
				return;
			}
			this.fileProblem(
				n,
				text.trim(),
				'a "Nodename  Backup ..." table header should follow the "Bill to:" line. Upload the summary as EZ-Backup mailed it.'
			);
			this.state = 'rows';
			return;
		}
		const total = SUMMARY_LINES.total.exec(text);
		if (total) {
			this.totalLine(block, n, total[1], total[2]);
			this.state = 'after-total';
			return;
		}
		this.nodeRow(block, n, text);
	}

	private noteMonth(text: string, n: number): void {
		const stated = SUMMARY_LINES.monthStated.exec(text);
		if (!stated) return;
		const month = parseMonth(stated[1].replace(',', ''));
		if (!month.ok || month.value === null) return;
		if (this.statedMonth && this.statedMonth.month !== month.value) {
			this.fileProblem(
				n,
				text.trim(),
				`the summary states two billing months, ${this.statedMonth.month} (line ${this.statedMonth.line}) and ${month.value}. Upload one month's summary per file.`
			);
			return;
		}
		this.statedMonth ??= { month: month.value, line: n, text: text.trim() };
	}

	private nodeRow(block: Block, n: number, text: string): void {
		const values = text.trim().split(/\s+/);
		if (block.columns.length === 0) return;
		if (values.length !== block.columns.length) {
			block.unreadable = true;
			this.fileProblem(
				n,
				text.trim(),
				`this line is not a node row: it has ${values.length} values where the table has ${block.columns.length} columns (${block.columns.map((c) => c.header).join(', ')}). Upload the summary as EZ-Backup mailed it.`
			);
			return;
		}
		const charge: BillingCharge = {
			month: '',
			account: block.account,
			department: null,
			nodename: '',
			backupBytes: null,
			archiveBytes: null,
			totalBytes: null,
			extraBytes: null,
			baseCents: null,
			extraCents: null,
			totalCents: null
		};
		let fine = true;
		block.columns.forEach((column, i) => {
			const value = values[i];
			if (column.key === 'nodename') {
				charge.nodename = value;
				return;
			}
			if (
				column.key === 'baseMoney' ||
				column.key === 'extraMoney' ||
				column.key === 'totalMoney'
			) {
				const money = parseMoney(value);
				if (!money.ok) {
					fine = false;
					this.fileProblem(n, value, `"${value}" ${money.problem}.`, column.header);
					return;
				}
				const cents = money.value ?? 0;
				block.sums[column.key] += cents;
				charge[CENTS[column.key]] = cents;
				return;
			}
			const size = readSize(value);
			if (!size.ok) {
				fine = false;
				this.fileProblem(n, value, `"${value}" ${size.problem}.`, column.header);
				return;
			}
			const bytes = size.value?.bytes ?? 0;
			block.sums[column.key] += bytes;
			block.slack[column.key] += size.value?.halfUnit ?? 0;
			if (column.key === 'backup') charge.backupBytes = bytes;
			else if (column.key === 'archive') charge.archiveBytes = bytes;
			else if (column.key === 'total') charge.totalBytes = bytes;
			else charge.extraBytes = bytes;
		});
		if (!fine) {
			block.unreadable = true;
			return;
		}
		const totalAt = block.columns.findIndex((c) => c.key === 'totalMoney');
		this.checkAddsUp(block, n, charge, values[totalAt], 'the row');
		block.charges.push(charge);
		this.charges.push(charge);
		this.chargeLines.set(charge, n);
	}

	private totalLine(block: Block, n: number, count: string | undefined, rest: string): void {
		// with a row unread, the sums would only repeat that row's problem
		if (block.unreadable) return;
		const values = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
		const valueColumns = block.columns.filter((c) => c.key !== 'nodename');
		if (count !== undefined && Number(count) !== block.charges.length) {
			this.fileProblem(
				n,
				`Total for ${count} nodes`,
				`the total line counts ${count} nodes but the table lists ${block.charges.length}. The summary may be cut short or edited; upload it as EZ-Backup mailed it.`
			);
		}
		if (values.length !== valueColumns.length) {
			this.fileProblem(
				n,
				rest.trim(),
				`the total line has ${values.length} values where the table has ${valueColumns.length} (${valueColumns.map((c) => c.header).join(', ')}). Upload the summary as EZ-Backup mailed it.`
			);
			return;
		}
		const money: Money = { baseCents: null, extraCents: null, totalCents: null };
		let writtenTotal = '';
		valueColumns.forEach((column, i) => {
			const value = values[i];
			if (column.key === 'nodename') return;
			if (
				column.key === 'baseMoney' ||
				column.key === 'extraMoney' ||
				column.key === 'totalMoney'
			) {
				const cents = parseMoney(value);
				if (!cents.ok) {
					this.fileProblem(n, value, `"${value}" ${cents.problem}.`, column.header);
					return;
				}
				money[CENTS[column.key]] = cents.value ?? 0;
				if (column.key === 'totalMoney') writtenTotal = value;
				if ((cents.value ?? 0) !== block.sums[column.key]) {
					this.fileProblem(
						n,
						value,
						`the total ${value} is not the sum of the node rows above it (${formatCents(block.sums[column.key])}). The summary may be cut short or edited; upload it as EZ-Backup mailed it.`,
						column.header
					);
				}
				return;
			}
			const size = readSize(value);
			if (!size.ok) {
				this.fileProblem(n, value, `"${value}" ${size.problem}.`, column.header);
				return;
			}
			const written = size.value?.bytes ?? 0;
			// each written size may be off by half its last digit
			const slack = block.slack[column.key] + (size.value?.halfUnit ?? 0);
			if (Math.abs(written - block.sums[column.key]) > slack) {
				this.fileProblem(
					n,
					value,
					`the total ${value} is not the sum of the node rows above it (${block.sums[column.key].toLocaleString('en-US')} bytes). The summary may be cut short or edited; upload it as EZ-Backup mailed it.`,
					column.header
				);
			}
		});
		this.checkAddsUp(block, n, money, writtenTotal, 'the total line');
	}

	/** A row or total line whose three amounts are all written must add up (domain.md). */
	private checkAddsUp(block: Block, n: number, money: Money, writtenTotal: string, what: string) {
		const { baseCents, extraCents, totalCents } = money;
		if (baseCents === null || extraCents === null || totalCents === null) return;
		const header = (key: MoneyColumn) => block.columns.find((c) => c.key === key)?.header ?? '';
		const sentence = notAddingUp(
			{ baseCents, extraCents, totalCents },
			{ base: header('baseMoney'), extra: header('extraMoney'), total: header('totalMoney') },
			what
		);
		if (sentence) this.fileProblem(n, writtenTotal, sentence, header('totalMoney'));
	}

	/** Ends the current table; `next` is the line of the next "Bill to:", null at the end. */
	private closeBlock(next: number | null): void {
		const block = this.block;
		if (block && (this.state === 'header' || this.state === 'rows')) {
			const at = next === null ? 'the end of the file' : `line ${next}`;
			this.fileProblem(
				block.line,
				null,
				`the table for account ${block.account || '(unknown)'} has no "Total for N nodes" line before ${at}, so the summary may be cut short. Upload the whole summary as EZ-Backup mailed it.`
			);
		}
		this.block = null;
		this.state = next === null ? this.state : 'preamble';
	}
}
