// Charts given as plain data rather than as a configuration: the HTML can carry them (a
// `data-chart` attribute, Chart.svelte) and a page that does not hydrate can draw them
// (static-charts.ts). Each spec holds only what its chart plots, in columns: it is part of the
// page's HTML.
import type { ChartConfiguration } from 'chart.js';
import { formatDate } from '$lib/format';

/** Cumulative installs by week against the managed computers (the overview). */
export interface AdoptionSpec {
	kind: 'adoption';
	/** each week's Monday, YYYY-MM-DD */
	weeks: string[];
	/** devices installed to date, each week */
	installed: number[];
	/** active devices in the Code42 report of that week, if one was imported */
	active: (number | null)[];
	managed: number;
	/** the week the 1,000th device was installed in */
	milestoneWeek: string | null;
}

/** Managed computers installed a week, and their mean: the pace toward 95 %. */
export interface PaceSpec {
	kind: 'pace';
	weeks: string[];
	installs: number[];
	perWeek: number;
}

/** Devices in each health bucket, report by report (the health page). */
export interface HealthSpec {
	kind: 'health';
	/** each report's as-of date, YYYY-MM-DD */
	reports: string[];
	critical: number[];
	never: number[];
	warning: number[];
	failures: number[];
}

export type ChartSpec = AdoptionSpec | PaceSpec | HealthSpec;

export function configOf(spec: ChartSpec): ChartConfiguration {
	return spec.kind === 'adoption'
		? adoption(spec)
		: spec.kind === 'pace'
			? pace(spec)
			: health(spec);
}

function adoption(spec: AdoptionSpec): ChartConfiguration {
	return {
		type: 'line',
		data: {
			labels: spec.weeks.map((w) => formatDate(w)),
			datasets: [
				{
					label: 'Devices installed (cumulative)',
					data: spec.installed,
					borderColor: '#2563eb',
					backgroundColor: 'rgba(37, 99, 235, 0.12)',
					fill: true,
					pointRadius: spec.weeks.map((w) => (w === spec.milestoneWeek ? 7 : 0)),
					pointStyle: 'rectRot',
					pointBackgroundColor: '#f59e0b',
					tension: 0.1
				},
				{
					label: 'Active devices (Code42 reports)',
					data: spec.active,
					borderColor: '#15803d',
					backgroundColor: '#15803d',
					pointRadius: 5,
					pointStyle: 'triangle',
					showLine: false
				},
				{
					label: 'Managed computers (target)',
					data: spec.weeks.map(() => spec.managed),
					borderColor: '#6b7280',
					borderDash: [8, 4],
					pointRadius: 0,
					borderWidth: 2
				},
				{
					label: '1,000 devices',
					data: spec.weeks.map(() => 1000),
					borderColor: '#f59e0b',
					borderDash: [2, 3],
					pointRadius: 0,
					borderWidth: 2
				}
			]
		},
		options: {
			interaction: { mode: 'index', intersect: false },
			scales: {
				x: { ticks: { maxTicksLimit: 12 } },
				y: { beginAtZero: true, title: { display: true, text: 'Devices' } }
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}

function pace(spec: PaceSpec): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels: spec.weeks.map((w) => formatDate(w)),
			datasets: [
				{
					label: 'Managed computers installed',
					data: spec.installs,
					backgroundColor: 'rgba(37, 99, 235, 0.55)',
					borderColor: '#2563eb',
					borderWidth: 1
				},
				{
					type: 'line',
					label: `Mean: ${spec.perWeek} a week`,
					data: spec.weeks.map(() => spec.perWeek),
					borderColor: '#f59e0b',
					borderDash: [6, 4],
					pointRadius: 0,
					borderWidth: 2
				}
			]
		},
		options: {
			scales: {
				y: {
					beginAtZero: true,
					ticks: { precision: 0 },
					title: { display: true, text: 'Installs' }
				}
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}

// Each series differs by point shape and line pattern as well as colour. Failures include the
// critical devices, so their lines often coincide: failures are drawn wide and underneath (Chart.js
// draws the first dataset on top).
const HEALTH_SERIES = [
	{
		key: 'critical',
		label: 'Critical',
		color: '#dc2626',
		pointStyle: 'crossRot',
		dash: [2, 2],
		width: 2
	},
	{
		key: 'never',
		label: 'Never backed up',
		color: '#8b5cf6',
		pointStyle: 'rect',
		dash: [8, 4],
		width: 2
	},
	{
		key: 'warning',
		label: 'Warning',
		color: '#d97706',
		pointStyle: 'triangle',
		dash: [4, 4],
		width: 2
	},
	{ key: 'failures', label: 'Failures', color: '#db2777', pointStyle: 'star', dash: [], width: 6 }
] as const;

function health(spec: HealthSpec): ChartConfiguration {
	return {
		type: 'line',
		data: {
			labels: spec.reports.map((d) => formatDate(d)),
			datasets: HEALTH_SERIES.map((s) => ({
				label: s.label,
				data: spec[s.key],
				borderColor: s.key === 'failures' ? 'rgba(219, 39, 119, 0.45)' : s.color,
				backgroundColor: s.color,
				borderDash: [...s.dash],
				pointStyle: s.pointStyle,
				pointRadius: s.key === 'failures' ? 9 : 6,
				borderWidth: s.width,
				tension: 0
			}))
		},
		options: {
			scales: {
				y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Devices' } }
			},
			plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } }
		}
	};
}
