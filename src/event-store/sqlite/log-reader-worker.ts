/**
 * The log reader thread (log-reader.ts): reads pages of the events table after a position with its own read-only
 * connection and posts each as a flat array of raw column values, `ahead` pages before they are asked for (each
 * `'next'` message allows one more). Stops after the first short page: the end of the log.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { RAW_COLUMNS } from './log-reader';

const port = parentPort;
if (!port) throw new Error('log-reader-worker runs as a worker thread');
const { file, after, pageSize, ahead } = workerData as { file: string; after: number; pageSize: number; ahead: number };
const db = new Database(file, { readonly: true, fileMustExist: true });
const page = db.prepare<[number, number], unknown[]>(`SELECT ${RAW_COLUMNS.join(', ')} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw();

let last = after;
let allowed = ahead;
let ended = false;

function readAhead(): void {
  while (allowed > 0 && !ended) {
    const rows = page.all(last, pageSize);
    port!.postMessage(rows.flat());
    allowed--;
    if (rows.length < pageSize) ended = true;
    else last = rows[rows.length - 1][0] as number;
  }
}

port.on('message', () => {
  allowed++;
  readAhead();
});
readAhead();
