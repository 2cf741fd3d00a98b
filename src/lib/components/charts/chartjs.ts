// Chart.js with only the pieces the dashboard's charts use (no chart.js/auto), registered once.
// Chart.svelte loads this module with import(), after the page is up: named imports here let the
// bundler leave the rest of Chart.js out of it.
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
