// A first backup sends everything selected once. From home, more than a month's data cap of it
// can cost the person extra or get them throttled by their provider: the health page, a
// department's page and the weekly digest flag those devices with this advice (the setting is on
// /admin/health, health-settings.ts). overDataCap is the one rule: the device lists call it in SQL
// (over_data_cap, db/functions.ts), the table beside each row, figures.spec.ts on the oracle.
import { formatCount } from './format';

/** The advice beside devices whose first backup has more than `capGb` still to send. */
export const dataCapAdvice = (capGb: number): string =>
	`A first backup of more than ${formatCount(capGb)} GB over a home connection can exceed its monthly data cap: back the computer up on campus, or throttle Code42's upload until it is done.`;

/** Whether a first backup still has more to send than the cap. */
export const overDataCap = (bytesToSend: number | null | undefined, capBytes: number): boolean =>
	bytesToSend !== null && bytesToSend !== undefined && bytesToSend > capBytes;
