/**
 * The cluster event store: EventStoreDB/KurrentDB through @eventstore/db-client, built only from a connection string
 * (TLS, credentials, nodes and deadlines are the operator's, in one place).
 *
 * Positions are commit positions. `$all` read from {P, P} includes P, so "after P" skips it; `$`-system events are
 * left out. An append that fails without an answer may have been written, so it is resent (bounded) with the same
 * ids and expected revision: the server's idempotency makes a landed write a no-op returning the first result, and
 * a conflict on a resend is checked by reading our ids back.
 */
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult as ClientAppendResult,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  ResolvedEvent,
  START,
} from '@eventstore/db-client';
import {
  AppendResult,
  describeExpected,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
} from '../../engine/event-store';
import { RevisionConflictError, StoreCorruptError, StoreUnavailableError, StreamNotFoundError } from '../../engine/errors';
import { isStreamNotFound, isTransient, isWrongExpectedVersion, translate } from './errors';
import { isSystemEvent, positionOf, toStoredEvent } from './events';
import { AllSubscription } from './subscription';

export interface EventStoreDbStoreOptions {
  /** further tries of an append whose outcome is unknown (default 3) */
  appendRetries?: number;
  /** pause before the first retry, doubled for each next one (default 50 ms) */
  retryDelayMs?: number;
  /** an append try with no answer after this long counts as lost (default 15 s; the client's own deadline is 10 s) */
  appendTimeoutMs?: number;
  /** events per `$all` read when readAll is given no maxCount, and per page while skipping system events */
  readPageSize?: number;
  /** ping fails after this long without an answer (default 5 s) */
  pingTimeoutMs?: number;
}

/** How far back an `any` append's retry looks for its own events (the server gives no revision to check). */
const ANY_LOOKBACK = 100;

export class EventStoreDbStore implements EventStore {
  private closed = false;
  private readonly appendRetries: number;
  private readonly retryDelayMs: number;
  private readonly appendTimeoutMs: number;
  private readonly readPageSize: number;
  private readonly pingTimeoutMs: number;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbStoreOptions,
  ) {
    this.appendRetries = options.appendRetries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.appendTimeoutMs = options.appendTimeoutMs ?? 15_000;
    this.readPageSize = options.readPageSize ?? 1000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  /**
   * e.g. `esdb://node1:2113,node2:2113?tls=true` or, for a local single node, `esdb://127.0.0.1:2113?tls=false`.
   * KurrentDB's schemes (`kurrentdb://`, `kdb://`, with `+discover`) name the same format; this client only knows
   * `esdb`, so they are rewritten.
   */
  static fromConnectionString(url: string, options: EventStoreDbStoreOptions = {}): EventStoreDbStore {
    const esdbUrl = url.replace(/^(?:kurrentdb|kdb)(\+discover)?:\/\//i, (_, discover: string | undefined) => `esdb${discover ?? ''}://`);
    return new EventStoreDbStore(EventStoreDBClient.connectionString(esdbUrl), options);
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
    const expected: AppendExpectedRevision = typeof expectedRevision === 'number' ? BigInt(expectedRevision) : expectedRevision;

    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.withTimeout(
          this.client.appendToStream(streamId, proposed, { expectedRevision: expected }),
          this.appendTimeoutMs,
          'no answer to the append',
        );
        return await this.toAppendResult(streamId, result);
      } catch (error) {
        if (isWrongExpectedVersion(error)) {
          // After a lost answer, a conflict can be our own first try: the ids decide.
          const landed = attempt > 0 ? await this.findLanded(streamId, events, expectedRevision) : undefined;
          if (landed) return landed;
          const actual = error.actualVersion === 'no_stream' ? 'no_stream' : String(error.actualVersion);
          throw new RevisionConflictError(streamId, describeExpected(expectedRevision), actual);
        }
        if (!isTransient(error) || attempt >= this.appendRetries || this.closed) {
          throw translate(error, `append to ${streamId}`);
        }
      }
      await delay(this.retryDelayMs * 2 ** attempt);
      // The server only guarantees idempotency for `any` while the ids are in its cache: look before resending.
      if (expectedRevision === 'any') {
        const landed = await this.findLanded(streamId, events, expectedRevision).catch(() => undefined);
        if (landed) return landed;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const fromRevision = options.fromRevision ? BigInt(options.fromRevision) : START;
    let read: ResolvedEvent[];
    try {
      // A count of 0 would not tell whether the stream exists; read one and drop it.
      read = await drain(this.client.readStream(streamId, { fromRevision, maxCount: Math.max(1, maxCount) }));
    } catch (error) {
      throw translate(error, `read ${streamId}`, streamId);
    }
    return read.slice(0, maxCount).flatMap((resolved) => toStoredEvent(resolved) ?? []);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = options.maxCount ?? this.readPageSize;
    const out: StoredEvent[] = [];
    let after = options.after;
    // System events and the event at `after` take room in a page, so read pages until we have enough or the end.
    while (out.length < maxCount) {
      const pageSize = Math.max(2, Math.min(maxCount - out.length + 1, this.readPageSize));
      const fromPosition = after === undefined ? START : { commit: BigInt(after), prepare: BigInt(after) };
      let page: AllStreamResolvedEvent[];
      try {
        page = await drain(this.client.readAll({ fromPosition, maxCount: pageSize, direction: FORWARDS }));
      } catch (error) {
        throw translate(error, 'read $all');
      }
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === undefined || (after !== undefined && position <= after)) continue;
        after = position;
        const event = isSystemEvent(resolved) ? undefined : toStoredEvent(resolved);
        if (event && out.length < maxCount) out.push(event);
      }
      if (page.length < pageSize) break;
    }
    return out;
  }

  subscribeToAll(options: { after?: number } = {}): Subscription {
    const { after } = options;
    const open = (): AllStreamSubscription => {
      this.assertOpen();
      const fromPosition = after === undefined ? START : { commit: BigInt(after), prepare: BigInt(after) };
      return this.client.subscribeToAll({ fromPosition });
    };
    return new AllSubscription(open, after);
  }

  /** Round trip to the server: reads a stream that need not exist (not-found is an answer too). */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readStream('ketnap-ping', { maxCount: 1 });
    try {
      await this.withTimeout(
        drain(read).catch((error: unknown) => {
          if (!isStreamNotFound(error)) throw error;
        }),
        this.pingTimeoutMs,
        'no answer to ping',
      );
    } catch (error) {
      void read.cancel().catch(() => undefined);
      throw translate(error, 'ping');
    }
  }

  /**
   * The position of the last event in the global log, system events included (undefined for an empty log): where a
   * reader that wants only what comes next starts, e.g. tests sharing a real server.
   */
  /** The LogHead capability: how far a replay has to go. */
  async headPosition(): Promise<number> {
    return (await this.endPosition()) ?? 0;
  }

  async endPosition(): Promise<number | undefined> {
    this.assertOpen();
    try {
      const [last] = await drain(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
      return last && positionOf(last);
    } catch (error) {
      throw translate(error, 'read the end of $all');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }

  private async toAppendResult(streamId: string, result: ClientAppendResult): Promise<AppendResult> {
    const nextRevision = Number(result.nextExpectedRevision);
    // Servers before 21.10 answer an idempotent append without a position: take it from the event itself.
    const position = result.position ? Number(result.position.commit) : await this.positionOfRevision(streamId, nextRevision);
    return { nextRevision, position };
  }

  private async positionOfRevision(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event || event.revision !== revision) {
      throw new StoreCorruptError(streamId, revision, 'the append was acknowledged but the event cannot be read');
    }
    return event.position;
  }

  /**
   * Our events, found by id where the append would have put them, mean an earlier try committed: its result is
   * the answer. For `any` the place is unknown, so the stream's recent events are searched.
   */
  private async findLanded(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.id.toLowerCase());
    let candidates: StoredEvent[];
    try {
      if (expected === 'any') {
        const read = await drain(
          this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: events.length + ANY_LOOKBACK }),
        );
        const recent = read.reverse().flatMap((resolved) => toStoredEvent(resolved) ?? []);
        const start = recent.findIndex((e) => e.id.toLowerCase() === ids[0]);
        candidates = start < 0 ? [] : recent.slice(start, start + ids.length);
      } else {
        const fromRevision = expected === 'no_stream' ? 0 : expected + 1;
        candidates = await this.readStream(streamId, { fromRevision, maxCount: ids.length });
      }
    } catch (error) {
      if (isStreamNotFound(error) || error instanceof StreamNotFoundError) return undefined;
      throw translate(error, `look for appended events in ${streamId}`, streamId);
    }
    if (candidates.length !== ids.length || candidates.some((e, i) => e.id.toLowerCase() !== ids[i])) return undefined;
    const last = candidates[candidates.length - 1];
    return { nextRevision: last.revision, position: last.position };
  }

  private async withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 4, details: message })), ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Reads a client stream to its end. Leaving a read early (break) would leave the gRPC call paused with unread
 * data: it never finishes, and the client's dispose() waits for it forever. maxCount bounds what is read.
 */
async function drain<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
