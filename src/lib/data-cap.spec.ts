import { describe, expect, it } from 'vitest';
import { dataCapAdvice, overDataCap } from './data-cap';

describe('the home data cap', () => {
	it('flags a first backup with strictly more to send than the cap, never an unknown amount', () => {
		const cap = 1_200_000_000_000;
		expect(overDataCap(cap + 1, cap)).toBe(true);
		expect(overDataCap(cap, cap)).toBe(false);
		expect(overDataCap(0, cap)).toBe(false);
		expect(overDataCap(null, cap)).toBe(false);
		expect(overDataCap(undefined, cap)).toBe(false);
	});

	it('gives the advice with the cap in decimal GB', () => {
		expect(dataCapAdvice(1200)).toBe(
			"A first backup of more than 1,200 GB over a home connection can exceed its monthly data cap: back the computer up on campus, or throttle Code42's upload until it is done."
		);
	});
});
