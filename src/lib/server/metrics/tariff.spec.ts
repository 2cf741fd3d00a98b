import { describe, expect, it } from 'vitest';
import { chargeFromTariff, CORNELL_FY2020_TARIFF, priceCharge, tariffForMonth } from './tariff';
import type { Tariff } from './types';

describe('chargeFromTariff', () => {
	const fy2020 = { baseCents: 550, includedBytes: 50e9, centsPerExtraGB: 2 };

	it('charges the base up to the included 50 GB', () => {
		expect(chargeFromTariff(9.6e9, fy2020)).toEqual({
			baseCents: 550,
			extraCents: 0,
			totalCents: 550
		});
		expect(chargeFromTariff(50e9, fy2020)).toEqual({
			baseCents: 550,
			extraCents: 0,
			totalCents: 550
		});
		expect(chargeFromTariff(0, fy2020).totalCents).toBe(550);
	});

	it('adds 2 cents per GB over, pro rata, rounded half up to the cent', () => {
		// 62.5 GB: 12.5 GB over × 2 = 25 cents → $5.75, as on the Billing Summary
		expect(chargeFromTariff(62.5e9, fy2020)).toEqual({
			baseCents: 550,
			extraCents: 25,
			totalCents: 575
		});
		// 0.25 GB over = 0.5 cent → 1; 0.24 GB = 0.48 cent → 0; 1 byte over → 0
		expect(chargeFromTariff(50.25e9, fy2020).extraCents).toBe(1);
		expect(chargeFromTariff(50.24e9, fy2020).extraCents).toBe(0);
		expect(chargeFromTariff(50e9 + 1, fy2020).extraCents).toBe(0);
		// 1 TB: 950 GB over → 1900 cents
		expect(chargeFromTariff(1e12, fy2020)).toEqual({
			baseCents: 550,
			extraCents: 1900,
			totalCents: 2450
		});
	});

	it('stays exact where bytes × cents would pass 2^53', () => {
		// 5 PB: 4,999,950 GB over × 2 = 9,999,900 cents
		expect(chargeFromTariff(5e15, fy2020).extraCents).toBe(9_999_900);
	});

	it('refuses negative or fractional sizes and rates', () => {
		expect(() => chargeFromTariff(-1, fy2020)).toThrow(RangeError);
		expect(() => chargeFromTariff(1.5, fy2020)).toThrow(/whole number/);
		expect(() => chargeFromTariff(1, { ...fy2020, centsPerExtraGB: 1.5 })).toThrow(RangeError);
	});

	it('has the FY2020 tariff as a default setting', () => {
		expect(chargeFromTariff(62.5e9, CORNELL_FY2020_TARIFF).totalCents).toBe(575);
	});
});

describe('tariffForMonth', () => {
	const fy2020: Tariff = {
		effectiveMonth: '2019-07',
		baseCents: 550,
		includedBytes: 50e9,
		centsPerExtraGB: 2
	};
	const fy2022: Tariff = {
		effectiveMonth: '2021-07',
		baseCents: 600,
		includedBytes: 50e9,
		centsPerExtraGB: 2
	};
	const fix: Tariff = { ...fy2022, baseCents: 590 };

	it('takes the tariff with the latest effective month not after the month', () => {
		expect(tariffForMonth('2020-06', [fy2022, fy2020])).toBe(fy2020);
		expect(tariffForMonth('2021-06', [fy2020, fy2022])).toBe(fy2020);
		expect(tariffForMonth('2021-07', [fy2020, fy2022])).toBe(fy2022);
		expect(tariffForMonth('2030-01', [fy2020, fy2022])).toBe(fy2022);
	});

	it('is null before the first tariff, and the later listed wins on the same month', () => {
		expect(tariffForMonth('2019-06', [fy2020])).toBeNull();
		expect(tariffForMonth('2020-01', [])).toBeNull();
		expect(tariffForMonth('2022-01', [fy2020, fy2022, fix])).toBe(fix);
		expect(() => tariffForMonth('June 2020', [fy2020])).toThrow(/YYYY-MM/);
	});
});

describe('priceCharge', () => {
	const fy2020 = CORNELL_FY2020_TARIFF;
	const fy2022: Tariff = { ...fy2020, effectiveMonth: '2021-07', baseCents: 600 };
	const tariffs = [fy2020, fy2022];
	// ANSC-LABIMAGING-SRV-01 on the Billing Summary: 62.5 GB → $5.50 + $0.25 = $5.75
	const given = (money: { base?: number; extra?: number; total?: number }, month = '2020-01') => ({
		month,
		totalBytes: 62.5e9,
		baseCents: money.base ?? null,
		extraCents: money.extra ?? null,
		totalCents: money.total ?? null
	});

	it('uses the amounts a file gives as given, even where they disagree with the tariff', () => {
		expect(priceCharge(given({ base: 500, extra: 100, total: 600 }), tariffs)).toEqual({
			ok: true,
			baseCents: 500,
			extraCents: 100,
			totalCents: 600,
			fromTariff: false
		});
	});

	it('adds base and extra when the total is missing, with no tariff needed', () => {
		expect(priceCharge(given({ base: -550, extra: 0 }, '2019-01'), tariffs)).toEqual({
			ok: true,
			baseCents: -550,
			extraCents: 0,
			totalCents: -550,
			fromTariff: false
		});
	});

	it('computes the missing amounts from the tariff in force for the month', () => {
		expect(priceCharge(given({}), tariffs)).toEqual({
			ok: true,
			baseCents: 550,
			extraCents: 25,
			totalCents: 575,
			fromTariff: true
		});
		expect(priceCharge(given({}, '2021-07'), tariffs)).toMatchObject({
			baseCents: 600,
			totalCents: 625
		});
		// a given amount stays; only the missing one comes from the tariff
		expect(priceCharge(given({ base: 500 }), tariffs)).toEqual({
			ok: true,
			baseCents: 500,
			extraCents: 25,
			totalCents: 525,
			fromTariff: true
		});
		expect(priceCharge(given({ total: 600 }), tariffs)).toMatchObject({
			baseCents: 550,
			extraCents: 25,
			totalCents: 600
		});
	});

	it('says what it lacks: a tariff for the month, or the size', () => {
		expect(priceCharge(given({}, '2019-06'), tariffs)).toEqual({ ok: false, lacking: 'tariff' });
		expect(priceCharge({ ...given({}), totalBytes: null }, tariffs)).toEqual({
			ok: false,
			lacking: 'size'
		});
		expect(priceCharge(given({}), [])).toEqual({ ok: false, lacking: 'tariff' });
	});
});
