// Chart.js with only the pieces the dashboard's charts use (no chart.js/auto), registered once.
// Chart.svelte loads this module with import() when a chart first comes on screen. The named
// imports let the bundler leave out the unused controllers (doughnut, pie, radar, polar area,
// bubble, scatter); Chart.js's core and its other scales (logarithmic, radial, time) stay in the
// chunk: 178 KB, 61 KB gzipped, with Chart.js 4.6.1 and Vite 8.
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
);

// Every chart fills the fixed-height box Chart.svelte gives it, and is drawn at once: the page must
// not move, and a print or a screenshot must not catch a chart half-way through an animation.
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;

export { Chart };
