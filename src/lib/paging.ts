// Long tables (every failing device of a campus, every EZ-Backup node) are shown a page at a time:
// the server counts the rows and reads one page of them in SQL (LIMIT/OFFSET), so a page costs
// about the same with 1,300 computers as with 100,000. The CSV export holds every row.
// docs/rules.md, "Long tables".

/** Rows shown on one page of a long table. */
export const PAGE_SIZE = 50;

/** Where a page of a long table stands: what the pager shows, without the rows. */
export interface PageInfo {
	/** the URL parameter holding the page number (one per table when a page has several) */
	param: string;
	/** 1-based */
	page: number;
	pages: number;
	total: number;
	/** 1-based position of the first row shown, 0 when there is none */
	from: number;
	/** position of the last row shown */
	to: number;
}

export interface Paged<T> {
	rows: T[];
	info: PageInfo;
}

/**
 * Where the page asked for in `?<param>=N` stands in a list of `total` rows, and the rows to read
 * for it (`limit`, `offset`): the same reading of the number as `pageOf`.
 */
export function pageAsked(
	total: number,
	url: URL,
	param = 'page',
	size = PAGE_SIZE
): PageInfo & { limit: number; offset: number } {
	const pages = Math.max(1, Math.ceil(total / size));
	const asked = Number(url.searchParams.get(param) ?? '1');
	const page = Number.isSafeInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
	const offset = (page - 1) * size;
	const shown = Math.max(0, Math.min(size, total - offset));
	return {
		param,
		page,
		pages,
		total,
		from: shown === 0 ? 0 : offset + 1,
		to: offset + shown,
		limit: size,
		offset
	};
}

/** The page's info without what the query read it with. */
export const pageInfo = ({
	limit: _limit,
	offset: _offset,
	...info
}: ReturnType<typeof pageAsked>): PageInfo => info;

/**
 * The page asked for in `?<param>=N` of the rows. A number that is not a whole page number reads
 * as the first page; past the last page, the last page: a link kept from before an import that
 * shortened the list still shows rows.
 */
export function pageOf<T>(
	rows: readonly T[],
	url: URL,
	param = 'page',
	size = PAGE_SIZE
): Paged<T> {
	const pages = Math.max(1, Math.ceil(rows.length / size));
	const asked = Number(url.searchParams.get(param) ?? '1');
	const page = Number.isSafeInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
	const start = (page - 1) * size;
	const slice = rows.slice(start, start + size);
	return {
		rows: slice,
		info: {
			param,
			page,
			pages,
			total: rows.length,
			from: slice.length === 0 ? 0 : start + 1,
			to: start + slice.length
		}
	};
}

/**
 * The link to another page of a table: the page's other parameters (filters, sort, as-of date,
 * the other tables' pages) kept, the first page without the parameter.
 */
export function pageHref(url: URL, param: string, page: number, fragment = ''): string {
	const params = new URLSearchParams(url.searchParams);
	if (page <= 1) params.delete(param);
	else params.set(param, String(page));
	const query = params.toString();
	return `${url.pathname}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}
