// Integer arithmetic for money and percentages. Floats are never used to round a figure: 0.05% or
// 12.5 cents must round up every time, and a float such as 0.1 + 0.2 does not always let it.

function assertSafeInteger(value: number, what: string): void {
	if (!Number.isSafeInteger(value)) {
		throw new RangeError(`${what} must be a whole number within ±2^53, not ${value}.`);
	}
}

/** ⌊a / b⌋ exactly, for whole numbers and b > 0. */
export function floorDiv(a: number, b: number): number {
	assertSafeInteger(a, 'The dividend');
	assertSafeInteger(b, 'The divisor');
	if (b <= 0) throw new RangeError(`The divisor must be positive, not ${b}.`);
	const r = ((a % b) + b) % b;
	const q = (a - r) / b;
	return q === 0 ? 0 : q; // never -0
}

/** ⌈a / b⌉ exactly, for whole numbers and b > 0. */
export function ceilDiv(a: number, b: number): number {
	const q = -floorDiv(-a, b);
	return q === 0 ? 0 : q;
}

/** a / b rounded half up (a half goes toward +∞), for whole numbers and b > 0. */
export function divRoundHalfUp(a: number, b: number): number {
	return floorDiv(2 * a + b, 2 * b);
}

/**
 * part / whole as a percentage with one decimal, rounded half up from the exact ratio (2/3 → 66.7,
 * 1/8 → 12.5, 1/2000 → 0.1); null when whole is 0, as there is nothing to take a share of.
 */
export function percentHalfUp1(part: number, whole: number): number | null {
	if (whole === 0) return null;
	return divRoundHalfUp(1000 * part, whole) / 10;
}
