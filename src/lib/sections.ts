// The sections of the app a person may open, as the layout gets them (src/lib/server/menu.ts,
// from the route rules): a link to a page is shown only to those who may open it.

export interface Section {
	href: string;
	label: string;
}

/** Whether `path` is one of the sections or a page under one (Admin → /admin/settings). */
export function opens(sections: readonly Section[], path: string): boolean {
	return sections.some(
		({ href }) => path === href || (href !== '/' && path.startsWith(`${href}/`))
	);
}
