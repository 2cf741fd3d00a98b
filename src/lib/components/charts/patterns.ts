// Fills that differ by pattern as well as by colour, so a stacked chart of many departments never
// tells them apart by colour alone: the legend shows the same swatch as the bars.

/** Colour-blind-safe hues (Okabe–Ito), readable on light and dark backgrounds. */
export const SERIES_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];

export type PatternKind = 'solid' | 'stripes' | 'dots';

const KINDS: PatternKind[] = ['solid', 'stripes', 'dots'];

/** The n-th series' colour and pattern: six colours, then the six again striped, then dotted. */
export function seriesStyle(n: number): { colour: string; kind: PatternKind } {
	return {
		colour: SERIES_COLOURS[n % SERIES_COLOURS.length],
		kind: KINDS[Math.floor(n / SERIES_COLOURS.length) % KINDS.length]
	};
}

/**
 * A canvas fill of a colour with a pattern over it. On the server (no canvas to draw a pattern
 * with) it is the plain colour; the chart is drawn in the browser only anyway.
 */
export function patternFill(colour: string, kind: PatternKind): string | CanvasPattern {
	if (kind === 'solid' || typeof document === 'undefined') return colour;
	const size = 8;
	const tile = document.createElement('canvas');
	tile.width = size;
	tile.height = size;
	const ctx = tile.getContext('2d');
	if (!ctx) return colour;
	ctx.fillStyle = colour;
	ctx.fillRect(0, 0, size, size);
	ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
	ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
	if (kind === 'stripes') {
		ctx.lineWidth = 2;
		ctx.beginPath();
		ctx.moveTo(0, size);
		ctx.lineTo(size, 0);
		ctx.moveTo(-size / 2, size / 2);
		ctx.lineTo(size / 2, -size / 2);
		ctx.moveTo(size / 2, size * 1.5);
		ctx.lineTo(size * 1.5, size / 2);
		ctx.stroke();
	} else {
		ctx.beginPath();
		ctx.arc(size / 2, size / 2, 1.6, 0, Math.PI * 2);
		ctx.fill();
	}
	return ctx.createPattern(tile, 'repeat') ?? colour;
}
