// The question asked before a token is revoked: by the page's confirm dialog, or by the server when
// the Revoke button was pressed before the page's script ran (+page.server.ts, $lib/ask-first).
export const revokeQuestion = (name: string) =>
	`Revoke the token "${name}"? Scripts that send it get 401 from now on.`;
