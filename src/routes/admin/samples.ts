// The question asked before the sample data is cleared: by the page's confirm dialog, or by the
// server when the button was pressed before the page's script ran (+page.server.ts, $lib/ask-first).
export const CLEAR_SAMPLES_QUESTION =
	'Clear the sample data? Every sample import is undone, and the figures show only the exports you import.';
