// The question asked before an import is undone: by the page's confirm dialog, or by the server
// when the Undo button was pressed before the page's script ran (+page.server.ts).
export const undoQuestion = (id: number, fileName: string) =>
	`Undo import #${id} (${fileName})? Its rows are taken out and every figure goes back to what it was without this file.`;
