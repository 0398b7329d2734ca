/**
 * Prepares an import's rows (prepare.ts) on worker threads, handing them back in file order. Reading, checking and
 * deciding a row costs more CPU than appending it, and rows are independent until they reach the store, so with a
 * second core the main thread appends while workers decide the rows that follow.
 *
 * Rows go out in chunks (a message per row would cost more than the row), each worker holds at most four chunks, and
 * the reader waits while that many are out: a large file is never all in memory. Needs the compiled build: under
 * ts-jest, or with `threads: 0`, the rows are prepared on the calling thread, by the same function.
 *
 * The events' ids and hashed text (`prepareEvents`) can be made on either side, so they balance the load: while the
 * calling thread waits for the workers, the chunks it sends next leave them to it (the engine prepares what it is not
 * offered); while prepared rows wait for the calling thread, the workers prepare them. The result is the same. With
 * two chunks per worker, a worker that kept up on the whole still left the next chunk unfinished now and then, and
 * the calling thread — the busier one — prepared about three events in four of an import of 100 000 rows; with four,
 * it prepares 36–44 chunks of 500.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type ImportAuthor, prepareRow, type PreparedRow } from './prepare';
import type { SourceRow } from './sources';

export interface ChunkRequest {
  id: number;
  today: string;
  /** who the rows' events are prepared for; absent: the calling thread prepares them */
  author?: ImportAuthor;
  rows: SourceRow[];
  /** the rows whose dossier was found in the store (by index): read and fingerprinted, not decided */
  known: number[];
}

export type ChunkAnswer = { id: number; prepared: PreparedRow[] } | { id: number; error: string };

const WORKER_SCRIPT = join(__dirname, 'prepare-worker.js');
const CHUNK_ROWS = 200;
const CHUNKS_PER_WORKER = 4;

/** Worker threads to use by default: every core but the main thread's, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}


/**
 * The rows prepared, in file order. `known(row)` says whether a row's dossier is in the store already: such a row is
 * read and fingerprinted but not decided (its verdict comes back `unchecked`).
 */
export async function* prepareRows(
  rows: AsyncIterable<SourceRow>,
  today: string,
  author: ImportAuthor,
  options: { threads?: number; known?(row: SourceRow): Promise<boolean> } = {},
): AsyncGenerator<PreparedRow> {
  const { threads = defaultThreads(), known = async () => false } = options;
  // The worker script exists in the compiled build only (not beside the sources ts-jest runs).
  if (threads <= 0 || !existsSync(WORKER_SCRIPT)) {
    for await (const row of rows) yield prepareRow(row, today, author, await known(row));
    return;
  }
  const pool = new Pool(threads);
  try {
    const out: { rows: Promise<PreparedRow[]>; ready: boolean }[] = [];
    let waiting = false;
    let knownRows: number[] = [];
    const send = (chunk: SourceRow[]) => {
      const sent = { rows: pool.prepare({ today, author: waiting ? undefined : author, rows: chunk, known: knownRows }), ready: false };
      knownRows = [];
      sent.rows.then(() => (sent.ready = true), () => undefined);
      out.push(sent);
    };
    const next = () => {
      const first = out.shift()!;
      waiting = !first.ready;
      return first.rows;
    };
    let chunk: SourceRow[] = [];
    for await (const row of rows) {
      if (await known(row)) knownRows.push(chunk.length);
      chunk.push(row);
      if (chunk.length < CHUNK_ROWS) continue;
      send(chunk);
      chunk = [];
      if (out.length >= threads * CHUNKS_PER_WORKER) yield* await next();
    }
    if (chunk.length > 0) send(chunk);
    while (out.length > 0) yield* await next();
  } finally {
    await pool.close();
  }
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve(rows: PreparedRow[]): void; reject(error: Error): void }>();
  private nextId = 0;
  private failure?: Error;
  private closing = false;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER_SCRIPT);
      worker.on('message', (answer: ChunkAnswer) => this.answered(answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`an import worker thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
    }
  }

  /** Chunks go round the workers in turn, so each holds about the same number. */
  prepare(request: Omit<ChunkRequest, 'id'>): Promise<PreparedRow[]> {
    const id = this.nextId++;
    const answer = new Promise<PreparedRow[]>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage({ id, ...request } satisfies ChunkRequest);
    });
    // Awaited in order by the reader; a failure of a later chunk is its failure too, never an unhandled one.
    answer.catch(() => undefined);
    return answer;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.pending.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private answered(answer: ChunkAnswer): void {
    const waiting = this.pending.get(answer.id);
    this.pending.delete(answer.id);
    if ('error' in answer) waiting?.reject(new Error(`preparing import rows failed: ${answer.error}`));
    else waiting?.resolve(answer.prepared);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
