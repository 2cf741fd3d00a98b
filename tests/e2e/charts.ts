// Whether a chart was drawn, as a person would see it: its canvas's non-transparent pixels.
import type { Locator } from '@playwright/test';

/** Non-transparent pixels of a chart's canvas; 0 for a canvas not laid out yet. */
export function paintedPixels(canvas: Locator): Promise<number> {
	return canvas.evaluate((c: HTMLCanvasElement) => {
		const ctx = c.getContext('2d');
		if (!ctx || c.width === 0) return 0;
		const { data } = ctx.getImageData(0, 0, c.width, c.height);
		let n = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
		return n;
	});
}
