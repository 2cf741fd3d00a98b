/** A path with a query of the given parameters, leaving out the empty ones, in the order given. */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
	const query = Object.entries(params)
		.filter(
			(entry): entry is [string, string] =>
				entry[1] !== null && entry[1] !== undefined && entry[1] !== ''
		)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
		.join('&');
	return query ? `${path}?${query}` : path;
}
