// What a screenshot shows, read back in pixels: Playwright gives PNG bytes, and a blank page of
// the same browser decodes them (no image library needed).
import type { Browser } from '@playwright/test';

/**
 * The mean brightness (0 black to 255 white) of each column of a PNG, left to right: enough to
 * tell a shadow at a box's edge from the plain surface beside it.
 */
export async function columnBrightness(browser: Browser, png: Buffer): Promise<number[]> {
	const page = await browser.newPage();
	try {
		return await page.evaluate(async (base64) => {
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
			const canvas = new OffscreenCanvas(image.width, image.height);
			const context = canvas.getContext('2d')!;
			context.drawImage(image, 0, 0);
			const { data } = context.getImageData(0, 0, image.width, image.height);
			const columns = new Array<number>(image.width).fill(0);
			for (let y = 0; y < image.height; y++) {
				for (let x = 0; x < image.width; x++) {
					const i = (y * image.width + x) * 4;
					columns[x] += (data[i] + data[i + 1] + data[i + 2]) / 3 / image.height;
				}
			}
			return columns;
		}, png.toString('base64'));
	} finally {
		await page.close();
	}
}
