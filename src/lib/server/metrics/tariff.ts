// The EZ-Backup tariff (domain.md): what a node's month costs from its size, which tariff is in
// force in a month, and how the money of a charge is completed from it when a file leaves some out.
// The tariffs themselves are a setting (savings-settings.ts).

import { monthNumber } from './asof';
import type { Tariff } from './types';

/** Cornell FY2020: $5.50 per node per month including 50 GB, $0.02 per GB over. FY2020 began
 * July 2019; for an earlier month no tariff is in force and money must come from the file. */
export const CORNELL_FY2020_TARIFF: Tariff = {
	effectiveMonth: '2019-07',
	baseCents: 550,
	includedBytes: 50_000_000_000,
	centsPerExtraGB: 2
};

export interface TariffCharge {
	baseCents: number;
	extraCents: number;
	totalCents: number;
}

const GB = 1_000_000_000n;

/**
 * The monthly charge of a node of `totalBytes` under a tariff: the base, plus the bytes over the
 * included ones at `centsPerExtraGB` per decimal GB, pro rata, rounded half up to the cent
 * (62.5 GB → 12.5 GB extra → 25 cents; 50.25 GB → 0.5 cent → 1 cent).
 */
export function chargeFromTariff(
	totalBytes: number,
	tariff: Pick<Tariff, 'baseCents' | 'includedBytes' | 'centsPerExtraGB'>
): TariffCharge {
	for (const [what, value] of [
		['The size', totalBytes],
		['The included size', tariff.includedBytes],
		['The base charge', tariff.baseCents],
		['The charge per extra GB', tariff.centsPerExtraGB]
	] as const) {
		if (!Number.isSafeInteger(value) || value < 0) {
			throw new RangeError(
				`${what} must be a whole number of bytes or cents, 0 or more, not ${value}.`
			);
		}
	}
	const extraBytes = BigInt(Math.max(0, totalBytes - tariff.includedBytes));
	const numerator = extraBytes * BigInt(tariff.centsPerExtraGB);
	const extraCents = Number((2n * numerator + GB) / (2n * GB));
	return { baseCents: tariff.baseCents, extraCents, totalCents: tariff.baseCents + extraCents };
}

/** The tariff in force in a month: the one with the latest effective month not after it; else null. */
export function tariffForMonth(month: string, tariffs: readonly Tariff[]): Tariff | null {
	const target = monthNumber(month);
	if (target === null) throw new RangeError(`"${month}" is not a month: write it as YYYY-MM.`);
	let best: Tariff | null = null;
	let bestMonth = -Infinity;
	for (const tariff of tariffs) {
		const effective = monthNumber(tariff.effectiveMonth);
		// On two tariffs of the same effective month, the later in the list wins (the newer setting).
		if (effective !== null && effective <= target && effective >= bestMonth) {
			best = tariff;
			bestMonth = effective;
		}
	}
	return best;
}

/** A charge's money as its file gives it: null where the file has no amount. */
export interface GivenMoney {
	/** YYYY-MM */
	month: string;
	totalBytes: number | null;
	baseCents: number | null;
	extraCents: number | null;
	totalCents: number | null;
}

export type PricedCharge =
	| { ok: true; baseCents: number; extraCents: number; totalCents: number; fromTariff: boolean }
	/** what the tariff would need and the charge lacks: a tariff in force for its month, or its size */
	| { ok: false; lacking: 'tariff' | 'size' };

/**
 * The money of a charge (domain.md): the amounts its file gives are used as given, even where they
 * disagree with the tariff; the missing ones come from the tariff in force for its month. A
 * missing total is base + extra, so with both given no tariff is needed.
 */
export function priceCharge(charge: GivenMoney, tariffs: readonly Tariff[]): PricedCharge {
	const { baseCents, extraCents, totalCents } = charge;
	if (baseCents !== null && extraCents !== null) {
		return {
			ok: true,
			baseCents,
			extraCents,
			totalCents: totalCents ?? baseCents + extraCents,
			fromTariff: false
		};
	}
	const tariff = tariffForMonth(charge.month, tariffs);
	if (!tariff) return { ok: false, lacking: 'tariff' };
	if (charge.totalBytes === null) return { ok: false, lacking: 'size' };
	const computed = chargeFromTariff(charge.totalBytes, tariff);
	const base = baseCents ?? computed.baseCents;
	const extra = extraCents ?? computed.extraCents;
	return {
		ok: true,
		baseCents: base,
		extraCents: extra,
		totalCents: totalCents ?? base + extra,
		fromTariff: true
	};
}
