// How every chart of the dashboard is drawn, for Chart.svelte (pages that hydrate) and for
// static-charts.ts (the overview, which does not). Chart.js is loaded on its own, once the page
// has loaded: the figures, captions and tables are in the HTML already, and evaluating Chart.js
// and drawing a chart are each a long task on a slow phone (chartjs.ts registers the pieces in
// use). A chart on screen is drawn first; the others follow in idle moments after the page's
// load, so that a full-page screenshot, a page saved from the browser or a reader who scrolls
// fast finds every chart drawn.
import type { Chart as ChartJs, ChartConfiguration } from 'chart.js';

let loading: Promise<typeof ChartJs> | undefined;
/** Chart.js once loaded: a chart not drawn yet is drawn at once when printing. */
export let loaded: typeof ChartJs | undefined;

export function loadChartJs(): Promise<typeof ChartJs> {
	loading ??= import('./chartjs').then((m) => (loaded = m.Chart));
	return loading;
}

/**
 * Runs `then` when the browser has nothing more urgent to do (at the latest after `timeout` ms,
 * if given). Returns the cancel.
 */
function whenIdle(then: () => void, timeout?: number): () => void {
	if ('requestIdleCallback' in window) {
		const id = window.requestIdleCallback(then, timeout === undefined ? {} : { timeout });
		return () => window.cancelIdleCallback(id);
	}
	const id = setTimeout(then, 1);
	return () => clearTimeout(id);
}

/**
 * How long after the load event the charts off screen wait before they are drawn. The first
 * seconds after a page loads belong to the reader's first scroll or tap, and to the loading's
 * own work: on a slow phone, loading Chart.js and drawing a chart are long tasks (Lighthouse's
 * mobile run counts them as blocking time when they come within its second after the load).
 */
const AFTER_LOAD_MS = 3000;

/** Runs `then` in an idle moment, AFTER_LOAD_MS after the page's load event. Returns the cancel. */
export function afterLoad(then: () => void): () => void {
	let cancelIdle = () => {};
	let timer: ReturnType<typeof setTimeout> | undefined;
	const wait = () => {
		timer = setTimeout(() => (cancelIdle = whenIdle(then)), AFTER_LOAD_MS);
	};
	if (document.readyState === 'complete') wait();
	else addEventListener('load', wait, { once: true });
	return () => {
		removeEventListener('load', wait);
		clearTimeout(timer);
		cancelIdle();
	};
}

// A reader who moves the pointer or presses a key may print next (the browser's menu, Ctrl+P):
// Chart.js is loaded then, so that printing can draw the charts not scrolled to yet. Ctrl+P (⌘P)
// as the very first thing done comes before Chart.js could load: that print waits for it.
let warming = false;
function loadOnFirstIntent() {
	if (warming) return;
	warming = true;
	const warm = (e: Event) => {
		// The browser itself sends a pointermove that did not move after a layout (Chromium, to
		// update what is hovered): that is no one's intent, and on a phone it would load Chart.js
		// with the page.
		if (e instanceof PointerEvent && e.type === 'pointermove' && !e.movementX && !e.movementY)
			return;
		for (const type of ['pointermove', 'pointerdown', 'keydown']) removeEventListener(type, warm);
		whenIdle(() => void loadChartJs(), 2000);
	};
	for (const type of ['pointermove', 'pointerdown', 'keydown'])
		addEventListener(type, warm, { passive: true });
	addEventListener('keydown', printOnceLoaded);
}

/** Ctrl+P before Chart.js is loaded: print once it is, so that every chart is drawn on paper. */
function printOnceLoaded(e: KeyboardEvent) {
	if (loaded || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'p') return;
	e.preventDefault();
	// window.print() fires beforeprint, where each chart not drawn yet is drawn (whenDue)
	void loadChartJs().then(() => window.print());
}

/**
 * Calls `due` once Chart.js is loaded, in an idle moment of its own (loading Chart.js and drawing
 * are separate tasks, and each chart draws in a task of its own): when the canvas comes on
 * screen, else in an idle moment after the page's load; or at once when the page is printed and
 * Chart.js is there. Returns the cancel.
 */
export function whenDue(canvas: HTMLCanvasElement, due: () => void): () => void {
	let cancelIdle = () => {};
	let done = false;
	const fire = () => {
		if (done) return;
		done = true;
		stop();
		due();
	};
	const show = () => {
		onScreen?.disconnect();
		void loadChartJs().then(() => {
			cancelIdle();
			cancelIdle = whenIdle(fire, 2000);
		});
	};
	const onScreen =
		'IntersectionObserver' in window
			? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && show(), {
					rootMargin: '100px 0px'
				})
			: undefined;
	if (onScreen) onScreen.observe(canvas);
	// off screen, it is drawn all the same once the page has loaded
	const cancelAfterLoad = afterLoad(show);
	loadOnFirstIntent();
	// Printing draws a chart not scrolled to yet, if Chart.js is there (loadOnFirstIntent).
	const print = window.matchMedia('print');
	const drawForPrint = () => {
		if (loaded) fire();
	};
	const printMedia = (e: MediaQueryListEvent) => e.matches && drawForPrint();
	window.addEventListener('beforeprint', drawForPrint);
	print.addEventListener('change', printMedia);
	function stop() {
		onScreen?.disconnect();
		cancelAfterLoad();
		cancelIdle();
		window.removeEventListener('beforeprint', drawForPrint);
		print.removeEventListener('change', printMedia);
	}
	return stop;
}

/** Draws `config` into the canvas with the loaded Chart.js. Returns the chart's destroy. */
export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): () => void {
	const Chart = loaded;
	if (!Chart) throw new Error('drawChart before Chart.js was loaded');
	// Axis text and grid lines take the page's own colours, so they stay readable in dark mode
	// (Chart.js's default grey is too faint on a dark background).
	const page = getComputedStyle(canvas);
	Chart.defaults.color = page.getPropertyValue('--muted').trim() || Chart.defaults.color;
	Chart.defaults.borderColor =
		page.getPropertyValue('--border').trim() || Chart.defaults.borderColor;
	const chart = new Chart(canvas, config);
	// Chart.js does not follow the page into print layout: redraw at the paper's width when
	// printing starts and back after (app.css also scales a canvas that missed the event).
	const print = window.matchMedia('print');
	const fit = () => chart.resize();
	window.addEventListener('beforeprint', fit);
	window.addEventListener('afterprint', fit);
	print.addEventListener('change', fit);
	return () => {
		window.removeEventListener('beforeprint', fit);
		window.removeEventListener('afterprint', fit);
		print.removeEventListener('change', fit);
		chart.destroy();
	};
}
