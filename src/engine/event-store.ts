/**
 * The event store port: a durable, ordered log of streams. Two adapters implement it (embedded SQLite and
 * EventStoreDB) and one contract suite (test/contracts/event-store.contract.ts) holds both to the same behaviour.
 */

export type JsonObject = { [key: string]: unknown };

/** What the caller expects the stream's last revision to be when appending. */
export type ExpectedRevision =
  /** the stream must not exist yet */
  | 'no_stream'
  /** no check */
  | 'any'
  /** the revision of the stream's last event (revisions start at 0) */
  | number;

export interface NewEvent {
  /** UUID; appending the same ids again at the same expected revision is a no-op that returns the first result */
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface StoredEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  streamId: string;
  /** 0-based position of the event inside its stream */
  revision: number;
  /**
   * Position in the global log. Strictly increasing in commit order; consecutive in SQLite, sparse in EventStoreDB
   * (its commit position, a byte offset: exact as a number below 2^53, i.e. 9 PB of log).
   */
  position: number;
  /** ISO 8601 UTC, the store's own time of the append */
  recordedAt: string;
}

export interface AppendResult {
  /** revision of the stream's last event after the append */
  nextRevision: number;
  /** global position of the last appended event */
  position: number;
}

export interface ReadStreamOptions {
  /** first revision to return (inclusive); default 0 */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** return events strictly after this position; omit to start at the beginning of the log */
  after?: number;
  maxCount?: number;
}

/** A catch-up subscription: the events after the start position, then live ones as they are appended. */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /** Appends all events atomically, or none. Throws RevisionConflictError when `expectedRevision` does not hold. */
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order. Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** A page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  subscribeToAll(options?: { after?: number }): Subscription;
  /** Throws StoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Stores that can list each stream's last revision can prove that no stream lost its tail (see `verify`). */
export interface StreamHeads {
  streamHeads(): AsyncIterable<{ streamId: string; lastRevision: number }>;
}

/** Stores that answer a stream's last revision cheaply spare the engine a read when its cache is current. */
export interface StreamRevisions {
  /** the revision of the stream's last event; undefined when the stream does not exist */
  lastRevision(streamId: string): Promise<number | undefined>;
}

export function hasStreamRevisions(store: EventStore): store is EventStore & StreamRevisions {
  return typeof (store as Partial<StreamRevisions>).lastRevision === 'function';
}

/** Stores that know the position of the log's last event, so long replays can show how far they are. */
export interface LogHead {
  /** 0 when the log is empty */
  headPosition(): Promise<number>;
}

export function hasLogHead(store: EventStore): store is EventStore & LogHead {
  return typeof (store as Partial<LogHead>).headPosition === 'function';
}

export function hasStreamHeads(store: EventStore): store is EventStore & StreamHeads {
  return typeof (store as Partial<StreamHeads>).streamHeads === 'function';
}

/** An event of an exported log, to be written back as it was (its position is the new store's to give). */
export type RestoredEvent = Omit<StoredEvent, 'position'>;

/**
 * Stores that can take an exported log back exactly (`ketnap import` of an export into an empty store): the events in
 * log order, with their ids and revisions and the store's own `recordedAt` of the first append.
 */
export interface LogRestore {
  /** Writes the events in this order, all or none; an event whose revision does not continue its stream is a conflict. */
  restore(events: RestoredEvent[]): Promise<void>;
}

export function hasLogRestore(store: EventStore): store is EventStore & LogRestore {
  return typeof (store as Partial<LogRestore>).restore === 'function';
}

export function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'number' ? String(expected) : expected;
}
