// Large valid export files written at test time (too big to commit), shared by the crash,
// concurrency and load tests. Each row is unique, so a file imports whole.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A managed-computer inventory of `rows` computers; `tag` keeps two files' names apart. */
export async function writeInventory(path: string, rows: number, tag = 'BIG'): Promise<number> {
	const out = createWriteStream(path);
	out.write('Computer Name,Department,OS,Last Seen\n');
	const departments = ['ANSC', 'AEM', 'FDSC', 'NTRES'];
	let chunk = '';
	for (let i = 0; i < rows; i++) {
		chunk += `${tag}-PC${String(i).padStart(7, '0')},${departments[i % 4]},Windows 10,2020-11-${String((i % 28) + 1).padStart(2, '0')}\n`;
		if (chunk.length > 1 << 16) {
			if (!out.write(chunk)) await once(out, 'drain');
			chunk = '';
		}
	}
	out.end(chunk);
	await once(out, 'finish');
	return rows;
}
