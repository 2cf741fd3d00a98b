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

export { Chart };
