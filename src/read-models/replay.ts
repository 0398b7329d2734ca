/**
 * Replays the log into the read models, from their checkpoints to the log's end: a rebuild (`ketnap projections
 * rebuild`, a projection whose version changed, a new file) or a long catch-up at start. The live runner's batches
 * (ReadModelDb.applyBatch) stay small so that a write shows in the read models at once; a replay instead cuts the log
 * into large chunks and writes each row it touches once per chunk:
 *
 * - the projections are the very same definitions, run event by event as applyBatch runs them, over rows held in
 *   memory (replay-state.ts) instead of a row cache plus a batch overlay;
 * - every `chunkEvents` events (100 000 by default, sooner when the heap passes `maxHeapBytes`) the chunk's rows and
 *   the checkpoints that cover them are committed in one transaction (replay-writer.ts); rows of write-only tables,
 *   which need no coalescing, go to the writer after each page of the log, inside the same transaction. A replay
 *   killed at any moment loses the chunk under way, never correctness: the next start resumes from the last chunk;
 * - for a long replay of a file, three threads share the work: the writing runs on a thread of its own
 *   (replay-worker.ts, its own connection; at most two chunks wait for it), and for the embedded store the log is
 *   read on another (src/event-store/sqlite/log-reader.ts), so this thread only parses events and runs projections;
 * - memory: what projections read back stays held (on the benchmark's province about 1.6 KB per dossier), and a
 *   chunk's sums and changed rows until its end; past `maxHeapBytes` everything held is dropped once written and
 *   reads go to the file again, so a log of any length replays in bounded memory.
 *
 * The content of the read models is the same as the live runner's over the same log (ReadModelDb.contentHash; the
 * test `replay.test.ts` compares them table by table).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { hasLogHead, type EventStore, type StoredEvent } from '../engine/event-store';
import { LogReaderThread, logReaderAvailable } from '../event-store/sqlite/log-reader';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { ReadModelDb } from './read-model-db';
import { ReplayState } from './replay-state';
import { type ChunkPart, ChunkWriter } from './replay-writer';

export interface ReplayOptions {
  /** events per chunk, each written in one transaction with its checkpoints (default 100 000) */
  chunkEvents?: number;
  /** past this heap size, the rows held are dropped once written (default: half the heap limit, at most 1 GiB) */
  maxHeapBytes?: number;
  /** events per read of the log (default 1 000: a page dies young, in the cheap part of the garbage collector) */
  pageSize?: number;
  /** where chunks are written: on a thread of their own, or on this one (default: a thread for a long replay of a file) */
  writer?: 'worker' | 'thread';
  /** the compiled writer thread (default: replay-worker.js beside this file, when it has been built) */
  workerScript?: string;
  /**
   * how the log is read: through the store's readAll, or (the embedded store only) on a thread of its own
   * (src/event-store/sqlite/log-reader.ts); default: that thread for a long replay when it has been built
   */
  reader?: 'store' | 'thread';
  /** the compiled log reader thread (default: the one beside log-reader.ts) */
  readerScript?: string;
}

const CHUNK_EVENTS = 100_000;
const PAGE_SIZE = 1000;
/** Below this many events to replay, the reader and writer threads cost more than they save. */
const LONG_REPLAY = 50_000;
/** Chunks handed to the writer thread and not yet written, at most: one being written, one waiting. */
const AHEAD = 2;

/** Replays from the lowest checkpoint to the end of the log; returns the number of events read. */
export async function replay(
  store: EventStore,
  db: ReadModelDb,
  options: ReplayOptions & { onProgress?(position: number, events: number): void } = {},
): Promise<number> {
  const projections = db.projections;
  const from = projections.map((p) => db.checkpoint(p.name));
  const chunkEvents = options.chunkEvents ?? CHUNK_EVENTS;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const maxHeap = options.maxHeapBytes ?? Math.min(1024 ** 3, getHeapStatistics().heap_size_limit / 2);
  let after = Math.min(...from);
  const state = new ReplayState(db);
  const long = hasLogHead(store) ? (await store.headPosition()) - after >= LONG_REPLAY : true;
  const sink = openSink(db, options, long, (ended) => options.onProgress?.(ended.position, ended.events));
  const pages = openPages(store, options, long, after, pageSize);
  const changed = new Set<string>();
  let seq = 0;
  let total = 0;
  let inChunk = 0;
  /** Ends the chunk at `after`: hands it to the writer, and once memory runs short forgets what is held. */
  const endChunk = async () => {
    const ended = { position: after, events: inChunk };
    inChunk = 0;
    const checkpoints = projections.map((p, i): [string, number] => [p.name, Math.max(from[i], after)]);
    await sink.write({ seq: seq++, tables: state.take(), checkpoints }, ended);
    if (getHeapStatistics().used_heap_size > maxHeap) {
      await sink.drain();
      state.evict();
    }
  };
  try {
    for (;;) {
      const page = await pages.next();
      for (const event of page) {
        for (let i = 0; i < projections.length; i++) {
          if (event.position <= from[i]) continue;
          const changes = projections[i].apply(event, state);
          if (changes.length > 0) changed.add(projections[i].name);
          for (const change of changes) state.apply(change);
        }
        after = event.position;
        total++;
        if (++inChunk >= chunkEvents) await endChunk();
      }
      if (page.length < pageSize) break;
      if (inChunk > 0 && getHeapStatistics().used_heap_size > maxHeap) await endChunk();
      else if (inChunk > 0) {
        // what needs no coalescing goes to the writer now, not at the chunk's end
        const tables = state.takeWriteOnly();
        if (tables.length > 0) await sink.write({ seq: seq++, tables });
      }
    }
    if (inChunk > 0) await endChunk();
    await sink.drain();
  } finally {
    await pages.close();
    await sink.close();
    db.replayed(changed);
  }
  return total;
}

/** A chunk written: the position it brought the read models to, and its number of events. */
interface Ended {
  position: number;
  events: number;
}

/** Where a replay's chunks go. */
interface Sink {
  /** Hands a part of a chunk over (`ended`: its last); resolves when the next may be handed over. */
  write(part: ChunkPart, ended?: Ended): Promise<void>;
  /** Resolves once every chunk handed over is in the file. */
  drain(): Promise<void>;
  /** Drops a chunk left unfinished; closes the writer. */
  close(): Promise<void>;
}

/** The log's pages after `after`, in order; a page shorter than `pageSize` is the last. */
interface Pages {
  next(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

function openPages(store: EventStore, options: ReplayOptions, long: boolean, after: number, pageSize: number): Pages {
  const embedded = store instanceof SqliteEventStore && store.file !== ':memory:';
  const reader = options.reader ?? (long && embedded && logReaderAvailable(options.readerScript) ? 'thread' : 'store');
  if (reader === 'thread') {
    if (!embedded) throw new Error('only the embedded store (a SQLite file) can be read on a thread of its own');
    return new LogReaderThread(store.file, after, pageSize, options.readerScript);
  }
  return {
    next: async () => {
      const page = await store.readAll({ after: after || undefined, maxCount: pageSize });
      if (page.length > 0) after = page[page.length - 1].position;
      return page;
    },
    close: () => Promise.resolve(),
  };
}

function openSink(db: ReadModelDb, options: ReplayOptions, long: boolean, written: (ended: Ended) => void): Sink {
  const script = options.workerScript ?? join(__dirname, 'replay-worker.js');
  const writer = options.writer ?? (long && db.file !== ':memory:' && existsSync(script) ? 'worker' : 'thread');
  if (writer === 'thread') {
    const chunkWriter = new ChunkWriter(db.db, db.projections.flatMap((p) => p.tables));
    return {
      write: (part, ended) => {
        chunkWriter.write(part);
        if (ended) written(ended);
        return Promise.resolve();
      },
      drain: () => Promise.resolve(),
      close: () => {
        chunkWriter.abort();
        return Promise.resolve();
      },
    };
  }
  if (db.file === ':memory:') throw new Error('a replay into an in-memory read-model database cannot write from another thread');
  return new WorkerSink(script, db, written);
}

/** The writer thread (replay-worker.ts) and the parts it has not yet acknowledged. */
class WorkerSink implements Sink {
  private readonly worker: Worker;
  private readonly waiting: { done: Promise<void>; resolve(): void; reject(error: Error): void; ended?: Ended }[] = [];
  private failure?: Error;
  private readonly exited: Promise<number>;

  constructor(script: string, db: ReadModelDb, written: (ended: Ended) => void) {
    this.worker = new Worker(script, { workerData: { file: db.file, tables: db.projections.flatMap((p) => p.tables) } });
    this.worker.on('message', (message: { seq: number; error?: string }) => {
      if (message.error !== undefined) return this.fail(new Error(`replay writer thread: ${message.error}`));
      const part = this.waiting.shift();
      if (part?.ended) written(part.ended);
      part?.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        if (this.waiting.length > 0) this.fail(new Error(`replay writer thread exited (${code}) with chunks unwritten`));
        resolve(code);
      }),
    );
  }

  async write(part: ChunkPart, ended?: Ended): Promise<void> {
    if (this.failure) throw this.failure;
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => undefined); // a failure is thrown by the next write, drain or close
    this.waiting.push({ done, resolve, reject, ended });
    this.worker.postMessage(part);
    const ends = this.waiting.filter((w) => w.ended);
    if (ends.length > AHEAD) await ends[0].done;
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.waiting.length > 0) await this.waiting[this.waiting.length - 1].done;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.failure) await this.worker.terminate();
    else this.worker.postMessage('close');
    await this.exited;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const part of this.waiting.splice(0)) part.reject(this.failure);
  }
}
