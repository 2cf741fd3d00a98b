import { describe, expect, it } from 'vitest';
import { pageHref, pageOf } from './paging';

const rows = Array.from({ length: 120 }, (_, i) => i + 1);
const url = (query: string) => new URL(`http://x/health${query}`);

describe('pageOf', () => {
	it('shows the first 50 rows by default, and says where they stand', () => {
		const { rows: shown, info } = pageOf(rows, url(''));
		expect(shown).toEqual(rows.slice(0, 50));
		expect(info).toEqual({ param: 'page', page: 1, pages: 3, total: 120, from: 1, to: 50 });
	});

	it('shows the page asked for; the last one holds what is left', () => {
		expect(pageOf(rows, url('?page=2')).rows[0]).toBe(51);
		const last = pageOf(rows, url('?page=3'));
		expect(last.rows).toEqual(rows.slice(100));
		expect(last.info).toMatchObject({ page: 3, from: 101, to: 120 });
	});

	it('reads a page past the end as the last page, and nonsense as the first', () => {
		expect(pageOf(rows, url('?page=99')).info.page).toBe(3);
		for (const q of ['?page=0', '?page=-2', '?page=1.5', '?page=x', '?page=']) {
			expect(pageOf(rows, url(q)).info.page).toBe(1);
		}
	});

	it('keeps one page number per table', () => {
		const u = url('?page=2&firstBackupsPage=3');
		expect(pageOf(rows, u).info.page).toBe(2);
		expect(pageOf(rows, u, 'firstBackupsPage').info).toMatchObject({
			param: 'firstBackupsPage',
			page: 3
		});
	});

	it('has one empty page for an empty list', () => {
		expect(pageOf([], url('?page=4'))).toEqual({
			rows: [],
			info: { param: 'page', page: 1, pages: 1, total: 0, from: 0, to: 0 }
		});
	});
});

describe('pageHref', () => {
	it('keeps the filters and the other tables’ pages', () => {
		const u = url('?department=EEB&bucket=all&firstBackupsPage=2');
		expect(pageHref(u, 'page', 3, 'devices-heading')).toBe(
			'/health?department=EEB&bucket=all&firstBackupsPage=2&page=3#devices-heading'
		);
	});

	it('links the first page without the parameter', () => {
		expect(pageHref(url('?page=3&os=Mac'), 'page', 1)).toBe('/health?os=Mac');
		expect(pageHref(url('?page=2'), 'page', 1)).toBe('/health');
	});
});
