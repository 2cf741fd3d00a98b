import { describe, expect, it } from 'vitest';
import { ceilDiv, divRoundHalfUp, floorDiv, percentHalfUp1 } from './rounding';

describe('floorDiv / ceilDiv', () => {
	it('divides exactly, toward −∞ and +∞', () => {
		expect(floorDiv(7, 2)).toBe(3);
		expect(floorDiv(-7, 2)).toBe(-4);
		expect(floorDiv(0, 5)).toBe(0);
		expect(Object.is(floorDiv(-0, 5), 0)).toBe(true); // never -0 in JSON-bound figures
		expect(ceilDiv(7, 2)).toBe(4);
		expect(ceilDiv(6, 2)).toBe(3);
		expect(ceilDiv(-7, 2)).toBe(-3);
	});

	it('refuses fractions and a divisor of 0 or less', () => {
		expect(() => floorDiv(1.5, 2)).toThrow(RangeError);
		expect(() => floorDiv(1, 0)).toThrow(/positive/);
	});
});

describe('divRoundHalfUp', () => {
	it('rounds a half up and the rest to nearest', () => {
		expect(divRoundHalfUp(5, 2)).toBe(3); // 2.5 → 3
		expect(divRoundHalfUp(7, 3)).toBe(2); // 2.33 → 2
		expect(divRoundHalfUp(8, 3)).toBe(3); // 2.67 → 3
		expect(divRoundHalfUp(1652, 3)).toBe(551); // 550.67 → 551
		expect(divRoundHalfUp(1151, 2)).toBe(576); // 575.5 → 576
	});

	it('takes a negative half toward +∞ (a credit of −2.5 cents is −2)', () => {
		expect(divRoundHalfUp(-5, 2)).toBe(-2);
		expect(divRoundHalfUp(-7, 2)).toBe(-3); // −3.5 → −3
	});
});

describe('percentHalfUp1', () => {
	it('gives one decimal from the exact ratio', () => {
		expect(percentHalfUp1(2, 3)).toBe(66.7); // 66.666… → 66.7
		expect(percentHalfUp1(1, 3)).toBe(33.3); // 33.333… → 33.3
		expect(percentHalfUp1(1, 8)).toBe(12.5); // exactly 12.5
		expect(percentHalfUp1(7, 16)).toBe(43.8); // 43.75 → 43.8 (half up)
		expect(percentHalfUp1(5, 7)).toBe(71.4); // 71.428… → 71.4
	});

	it('rounds the 0.05 edge up where floats would not', () => {
		// 1/2000 = 0.05 % → 0.1; 3/2000 = 0.15 % → 0.2 (3/2000*100 is 0.15000000000000002 in
		// floats, but 29/20000 = 0.145 % is 0.14500000000000002 and must still give 0.1).
		expect(percentHalfUp1(1, 2000)).toBe(0.1);
		expect(percentHalfUp1(3, 2000)).toBe(0.2);
		expect(percentHalfUp1(29, 20000)).toBe(0.1);
		expect(percentHalfUp1(1, 2001)).toBe(0); // 0.04997… → 0.0
		// 201/20000 = 1.005 %: 10.05 tenths, below the half → 1.0
		expect(percentHalfUp1(201, 20000)).toBe(1);
		// 0.25 % exactly (1/400) → 0.3
		expect(percentHalfUp1(1, 400)).toBe(0.3);
	});

	it('is 0 and 100 at the ends, and null with nothing to divide by', () => {
		expect(percentHalfUp1(0, 5)).toBe(0);
		expect(percentHalfUp1(5, 5)).toBe(100);
		expect(percentHalfUp1(0, 0)).toBeNull();
	});
});
