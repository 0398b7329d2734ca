/**
 * The embedded store's log read on a thread of its own, for long replays of the read models (src/read-models/
 * replay.ts): the thread (log-reader-worker.ts) reads pages of raw rows with a connection of its own, a few pages
 * ahead, and hands each over as one flat array of column values; this thread only parses the JSON of data and
 * metadata. On the benchmark's province that takes about a third of a replay's reading off the thread that runs the
 * projections. The pages are those of SqliteEventStore.readAll: the events after a position, in log order, as they
 * stand in the file when each page is read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '../../engine/event-store';
import { StoreUnavailableError } from '../../engine/errors';
import { parseEventJson } from './sqlite-event-store';

/** The columns of a raw row as the thread sends them, in this order. */
export const RAW_COLUMNS = ['position', 'id', 'stream_id', 'revision', 'type', 'data', 'metadata', 'recorded_at'] as const;

/** Pages read ahead of the one being applied. */
const AHEAD = 4;

const SCRIPT = join(__dirname, 'log-reader-worker.js');

/** Whether the reader thread can run here (its compiled script exists: not under ts-jest). */
export function logReaderAvailable(script = SCRIPT): boolean {
  return existsSync(script);
}

export class LogReaderThread {
  private readonly worker: Worker;
  private readonly pages: unknown[][] = [];
  private waiting?: { resolve(page: unknown[]): void; reject(error: Error): void };
  private failure?: Error;

  constructor(file: string, after: number, pageSize: number, script = SCRIPT) {
    this.worker = new Worker(script, { workerData: { file, after, pageSize, ahead: AHEAD } });
    this.worker.on('message', (page: unknown[]) => {
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(page);
      } else this.pages.push(page);
    });
    this.worker.on('error', (error) => this.fail(new StoreUnavailableError(`log reader thread: ${error.message}`, { cause: error })));
  }

  /** The next page of the log; shorter than the page size at its end. */
  async next(): Promise<StoredEvent[]> {
    if (this.failure) throw this.failure;
    const flat = this.pages.shift() ?? (await new Promise<unknown[]>((resolve, reject) => (this.waiting = { resolve, reject })));
    this.worker.postMessage('next'); // one more page may be read ahead
    return decode(flat);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }
}

/** Raw rows, flat, as the events SqliteEventStore.readAll returns for them. */
function decode(flat: unknown[]): StoredEvent[] {
  const width = RAW_COLUMNS.length;
  const events: StoredEvent[] = new Array(flat.length / width);
  for (let i = 0, e = 0; i < flat.length; i += width, e++) {
    const streamId = flat[i + 2] as string;
    const revision = flat[i + 3] as number;
    events[e] = {
      id: flat[i + 1] as string,
      type: flat[i + 4] as string,
      data: parseEventJson(flat[i + 5] as string, streamId, revision, 'data'),
      metadata: parseEventJson(flat[i + 6] as string, streamId, revision, 'metadata'),
      streamId,
      revision,
      position: flat[i] as number,
      recordedAt: flat[i + 7] as string,
    };
  }
  return events;
}
