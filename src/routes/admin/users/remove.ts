// The question asked before a user is removed: by the page's confirm dialog, or by the server when
// the Remove button was pressed before the page's script ran (+page.server.ts, $lib/ask-first).
export const removeQuestion = (email: string) => `Remove ${email}? They can no longer sign in.`;
