/** The query string of a URL with some parameters set: "?a=1&b=2". */
export function withParams(url: URL, changes: Record<string, string>): string {
	const params = new URLSearchParams(url.searchParams);
	for (const [name, value] of Object.entries(changes)) params.set(name, value);
	return `?${params}`;
}
