// How Node runs the dashboard's server: `npm start` (start.ts), and `npm run bench`, which
// measures that server. Unless told, Node sizes V8's heap to the machine (about 4 GB on 24 GB) and,
// with that much room, collects garbage late: the server grew to 334 MB at 100,000 computers under
// ten readers, though what it holds fits in 128 MB (it ran every page and CSV at that limit).
// A stated limit makes V8 size its generations to it and collect sooner: 240 MB at the same scale
// and load, with 512 MB as the limit, four times what was seen to fit (BENCHMARKS.md).
export const SERVER_NODE_ARGS = ['--max-old-space-size=512'];
