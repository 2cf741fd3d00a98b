// The script of a page that does not hydrate (the overview, `csr = false`): it draws each chart
// the HTML carries as a spec (Chart.svelte's `data-chart`) as Chart.svelte would, when it comes
// on screen or in an idle moment after the load. Pages import it with `?worker&url`, which makes
// Vite bundle it on its own (with Chart.js as a chunk it loads when a chart is due) and give its
// URL; it runs as a module script.
import { afterLoad, drawChart, whenDue } from './draw';
import { configOf, type ChartSpec } from './specs';

for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
	const spec = JSON.parse(canvas.dataset.chart ?? '') as ChartSpec;
	whenDue(canvas, () => drawChart(canvas, configOf(spec)));
}

// A part laid out only when it comes near the screen (`content-visibility: auto`, the overview's
// departments table) is laid out in the same idle moment after the load as the charts, so that a
// full-page screenshot shows it too.
for (const part of document.querySelectorAll<HTMLElement>('[data-laid-out-later]')) {
	afterLoad(() => (part.style.contentVisibility = 'visible'));
}
