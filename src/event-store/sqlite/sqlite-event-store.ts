/**
 * The embedded event store: one SQLite file, WAL with synchronous=FULL, so an append is on disk before it is
 * acknowledged.
 *
 * Group commit. better-sqlite3 is synchronous, so appends are queued and written by one flush scheduled with
 * `setImmediate`: everything that arrives while the event loop is busy (including during the previous commit's
 * fsync, when socket reads pile up in the poll phase) lands in the next single transaction, and each caller's
 * promise settles only after that transaction commits. One fsync then serves many writers. Each append inside the
 * batch runs in its own savepoint, so a conflicting append fails alone and the others still commit.
 *
 * Positions are the table's rowid: one writer and no deletes make them consecutive (1, 2, 3, …).
 *
 * Stream heads. `lastRevision` (the engine's freshness check before it answers from its cache) is answered from
 * memory for streams this connection wrote or looked up, as long as SQLite's `data_version` says no other connection
 * has committed since; a write by another process empties that memory.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult,
  describeExpected,
  EventStore,
  ExpectedRevision,
  JsonObject,
  LogHead,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RestoredEvent,
  LogRestore,
  StoredEvent,
  StreamHeads,
  StreamRevisions,
  Subscription,
} from '../../engine/event-store';
import {
  EngineError,
  RevisionConflictError,
  StoreCorruptError,
  StoreUnavailableError,
  StreamNotFoundError,
} from '../../engine/errors';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id     TEXT    PRIMARY KEY,
  last_revision INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Stream heads kept in memory; beyond this the memory starts over. */
const HEADS_KEPT = 100_000;

interface EventRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** Shared between a subscription's handle and its generator. */
interface FollowSignal {
  closed: boolean;
  /** an append happened while the consumer was busy: read again before sleeping */
  dirty: boolean;
  wake?: () => void;
}

export interface SqliteEventStoreOptions {
  /** how often a subscription looks for appends made by other processes on the same file */
  pollIntervalMs?: number;
  readPageSize?: number;
}

export class SqliteEventStore implements EventStore, StreamHeads, StreamRevisions, LogHead, LogRestore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appendInBatch: (batch: PendingAppend[], recordedAt: string) => (AppendResult | Error)[];
  private readonly restoreInOne: (events: RestoredEvent[]) => void;
  private readonly appended = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly readPageSize: number;
  /** last revision by stream, valid while `data_version` stays `headsVersion` */
  private readonly heads = new Map<string, number>();
  /** heads written by the transaction under way; they count once it commits */
  private readonly uncommittedHeads = new Map<string, number>();
  private headsVersion = -1;

  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.readPageSize = options.readPageSize ?? 1000;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.appended.setMaxListeners(0);

    const db = this.db;
    this.statements = {
      streamRevision: db.prepare<[string], { last_revision: number }>(
        'SELECT last_revision FROM streams WHERE stream_id = ?',
      ),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertStream: db.prepare(
        'INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision',
      ),
      readStream: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      heads: db.prepare<[], { stream_id: string; last_revision: number }>(
        'SELECT stream_id, last_revision FROM streams ORDER BY stream_id',
      ),
      ping: db.prepare('SELECT 1'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };

    // One savepoint per append (a nested better-sqlite3 transaction), all inside one outer transaction per batch.
    const appendOne = db.transaction((pending: PendingAppend, recordedAt: string) => this.write(pending, recordedAt));
    this.appendInBatch = db.transaction((batch: PendingAppend[], recordedAt: string) =>
      batch.map((pending) => {
        try {
          return appendOne(pending, recordedAt);
        } catch (error) {
          if (error instanceof EngineError) return error;
          throw error;
        }
      }),
    );
    this.restoreInOne = db.transaction((events: RestoredEvent[]) => this.writeRestored(events));
  }

  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = this.guard(() =>
      this.statements.readStream.all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1),
    );
    if (rows.length === 0 && !this.guard(() => this.statements.streamRevision.get(streamId))) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readAllSync(options.after ?? 0, options.maxCount ?? this.readPageSize);
  }

  subscribeToAll(options: { after?: number } = {}): Subscription {
    const signal: FollowSignal = { closed: false, dirty: false };
    const onAppend = () => {
      signal.dirty = true;
      signal.wake?.();
    };
    this.appended.on('append', onAppend);
    const stop = () => {
      signal.closed = true;
      this.appended.off('append', onAppend);
      signal.wake?.();
    };
    const iterator = this.follow(options.after ?? 0, signal, stop);
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        stop();
        await iterator.return(undefined);
      },
    };
  }

  private async *follow(after: number, signal: FollowSignal, stop: () => void): AsyncGenerator<StoredEvent> {
    try {
      while (!signal.closed && !this.closed) {
        signal.dirty = false;
        const page = this.readAllSync(after, this.readPageSize);
        for (const event of page) {
          if (signal.closed) return;
          after = event.position;
          yield event;
        }
        // Caught up and nothing appended meanwhile: sleep until this process appends, or poll for other processes.
        if (page.length < this.readPageSize && !signal.dirty && !signal.closed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pollIntervalMs);
            signal.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          signal.wake = undefined;
        }
      }
    } finally {
      stop();
    }
  }

  /** LogRestore: one transaction; the queue is written first, so the order of this process's writes is kept. */
  async restore(events: RestoredEvent[]): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.flush();
    this.guard(() => this.restoreInOne(events));
    this.appended.emit('append');
  }

  async headPosition(): Promise<number> {
    return this.guard(() => this.statements.head.get())?.head ?? 0;
  }

  async lastRevision(streamId: string): Promise<number | undefined> {
    return this.guard(() => {
      const version = this.statements.dataVersion.get() as number;
      if (version !== this.headsVersion) {
        this.heads.clear();
        this.headsVersion = version;
      }
      const known = this.heads.get(streamId);
      if (known !== undefined) return known;
      const stored = this.statements.streamRevision.get(streamId)?.last_revision;
      if (stored !== undefined) this.rememberHead(streamId, stored);
      return stored;
    });
  }

  private rememberHead(streamId: string, revision: number): void {
    if (this.heads.size >= HEADS_KEPT && !this.heads.has(streamId)) this.heads.clear();
    this.heads.set(streamId, revision);
  }

  async *streamHeads(): AsyncIterable<{ streamId: string; lastRevision: number }> {
    for (const row of this.guard(() => this.statements.heads.all())) {
      yield { streamId: row.stream_id, lastRevision: row.last_revision };
    }
  }

  async ping(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.guard(() => this.statements.ping.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.appended.emit('append');
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let results: (AppendResult | Error)[];
    try {
      results = this.appendInBatch(batch, new Date().toISOString());
      for (const [streamId, revision] of this.uncommittedHeads) this.rememberHead(streamId, revision);
    } catch (error) {
      const failure = new StoreUnavailableError(`append failed: ${(error as Error).message}`, { cause: error });
      for (const pending of batch) pending.reject(failure);
      return;
    } finally {
      this.uncommittedHeads.clear();
    }
    batch.forEach((pending, i) => {
      const result = results[i];
      if (result instanceof Error) pending.reject(result);
      else pending.resolve(result);
    });
    this.appended.emit('append');
  }

  /** Runs inside a savepoint: throws an EngineError to roll back this append alone. */
  private write({ streamId, events, expected }: PendingAppend, recordedAt: string): AppendResult {
    const current = this.statements.streamRevision.get(streamId)?.last_revision;
    const replay = this.findEarlierAppend(streamId, events);
    if (replay) return replay;
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' ? current === undefined : current !== undefined && current === expected);
    if (!matches) {
      throw new RevisionConflictError(streamId, describeExpected(expected), current === undefined ? 'no_stream' : String(current));
    }
    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run(
        event.id,
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    this.statements.upsertStream.run(streamId, revision);
    this.uncommittedHeads.set(streamId, revision);
    return { nextRevision: revision, position };
  }

  private writeRestored(events: RestoredEvent[]): void {
    const heads = new Map<string, number>();
    for (const event of events) {
      const current = heads.get(event.streamId) ?? this.statements.streamRevision.get(event.streamId)?.last_revision ?? -1;
      if (event.revision !== current + 1) {
        throw new RevisionConflictError(event.streamId, String(event.revision - 1), current < 0 ? 'no_stream' : String(current));
      }
      this.statements.insert.run(
        event.id,
        event.streamId,
        event.revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.recordedAt,
      );
      heads.set(event.streamId, event.revision);
    }
    for (const [streamId, revision] of heads) this.statements.upsertStream.run(streamId, revision);
  }

  /**
   * The same event ids appended again (a retry after a lost answer) return the first result and write nothing,
   * as EventStoreDB does. Ids already used elsewhere are a conflict, never a silent duplicate.
   */
  private findEarlierAppend(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const first = this.statements.eventById.get(events[0].id);
    if (!first) return undefined;
    let last = first;
    for (let i = 1; i < events.length; i++) {
      const found = this.statements.eventById.get(events[i].id);
      if (!found || found.stream_id !== streamId || found.revision !== first.revision + i) {
        throw new RevisionConflictError(streamId, 'new event ids', `event id ${events[i].id} already used`);
      }
      last = found;
    }
    if (first.stream_id !== streamId) {
      throw new RevisionConflictError(streamId, 'new event ids', `event id ${events[0].id} used in another stream`);
    }
    return { nextRevision: last.revision, position: last.position };
  }

  private readAllSync(after: number, maxCount: number): StoredEvent[] {
    return this.guard(() => this.statements.readAll.all(after, maxCount)).map(toStoredEvent);
  }

  /** Translates driver failures (closed handle, I/O errors) into the port's error. */
  private guard<T>(read: () => T): T {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return read();
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new StoreUnavailableError((error as Error).message, { cause: error });
    }
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    data: parseEventJson(row.data, row.stream_id, row.revision, 'data'),
    metadata: parseEventJson(row.metadata, row.stream_id, row.revision, 'metadata'),
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}

/** A stored event's data or metadata column; text that is not JSON is a corrupt store, named by stream and revision. */
export function parseEventJson(text: string, streamId: string, revision: number, field: 'data' | 'metadata'): JsonObject {
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    throw new StoreCorruptError(streamId, revision, `${field} is not valid JSON`);
  }
}
