import type Database from 'better-sqlite3';
import { overDataCap } from '../../data-cap';
import { asOfInstant, monthNumber, parseInstant } from '../metrics/asof';
import { OS_FAMILIES, osFamily, bytesStillToSend } from '../metrics/firstbackup';
import { alertBits, healthCodeOf } from '../metrics/health';
import { nameKey, nodeMatchKey, shortHostname } from '../metrics/names';
import { isActiveStatus } from '../metrics/rollout';
import { baselineCents } from '../metrics/savings';

// The rules of metrics/ that SQL needs, registered as SQL functions on every connection: the
// upkeep (kept/) and the queries of the pages call the very functions the unit tests pin, so no
// rule is written a second time in SQL.

type Value = number | string | bigint | Buffer | null;
const text = (v: Value): string | null => (v === null ? null : String(v));
const number = (v: Value): number | null => (v === null ? null : Number(v));

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
	/** nameKey: trimmed, inner spaces as one, lower-cased */
	name_key: (v) => nameKey(text(v)),
	/** the short hostname of a host name, else of a device or computer name */
	short_name: (host, name) => shortHostname(text(host), text(name)),
	node_match_key: (v) => nodeMatchKey(text(v) ?? ''),
	/** index into OS_FAMILIES */
	os_family: (v) => OS_FAMILIES.indexOf(osFamily(text(v))),
	/** an ISO 8601 instant as ms, null for none */
	instant_ms: (v) => parseInstant(text(v)),
	/** T of an as-of day: the end of the day in UTC, ms */
	as_of_instant: (v) => asOfInstant(text(v) ?? ''),
	/** year × 12 + month − 1: months subtract */
	month_number: (v) => monthNumber(text(v) ?? ''),
	is_active: (v) => (isActiveStatus(text(v)) ? 1 : 0),
	/** the ALERT bits of an alertStates cell */
	alert_bits: (v) => alertBits(text(v)),
	/** what a destination still has to send of its first backup, bytes */
	still_to_send: (selected, percent) => bytesStillToSend(number(selected), number(percent)),
	/** whether a first backup still has more to send than the home data cap, bytes */
	over_data_cap: (toSend, cap) => (overDataCap(number(toSend), Number(cap)) ? 1 : 0),
	/**
	 * a device's place in the health counts as of T (healthCodeOf), from its combined state and
	 * the thresholds in days
	 */
	health_code: (active, hasBackup, lastMs, alerts, creationMs, T, warning, critical, grace) =>
		healthCodeOf(
			{
				active: Number(active) === 1,
				hasBackup: Number(hasBackup) === 1,
				lastCompletedMs: number(lastMs),
				alerts: Number(alerts),
				creationMs: number(creationMs)
			},
			Number(T),
			{
				warningDays: Number(warning),
				criticalDays: Number(critical),
				firstBackupGraceDays: Number(grace)
			}
		)
};

export function registerFunctions(sqlite: Database.Database): void {
	for (const [name, fn] of Object.entries(FUNCTIONS)) {
		sqlite.function(name, { deterministic: true, varargs: false }, fn);
	}
	// the ALERT bits over a device's destinations
	sqlite.aggregate('alerts_of', {
		start: 0,
		step: (bits: number, alertStates: Value) => bits | alertBits(text(alertStates))
	});
	// the baseline of a node's last (up to) three billed months, as a window over its months
	sqlite.aggregate('baseline_of', {
		start: () => [] as number[],
		step: (totals: number[], cents: Value) => {
			totals.push(Number(cents));
			return totals;
		},
		inverse: (totals: number[]) => {
			totals.shift();
			return totals;
		},
		result: (totals: number[]) => baselineCents([...totals].reverse())
	});
}
