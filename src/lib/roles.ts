// The roles a user can hold, and their names in the pages (the menu, the users and SSO pages).
// Shared by the server (the schema, the access rules) and the browser.
export const ROLES = ['admin', 'uploader', 'leadership', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	uploader: 'Uploader',
	leadership: 'Leadership',
	manager: 'Department manager'
};

/** The roles an API token can hold (docs/api.md): a script uploads, or reads the figures. */
export const TOKEN_ROLES = ['uploader', 'leadership'] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];
