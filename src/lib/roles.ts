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
