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

export type ChartSpec = AdoptionSpec | PaceSpec;

export function configOf(spec: ChartSpec): ChartConfiguration {
	return spec.kind === 'adoption' ? adoption(spec) : pace(spec);
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
