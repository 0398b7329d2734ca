/**
 * The engine turns a command into appended events: load the stream (from a cache of folded state), decide with a
 * pure function, stamp audit metadata and the hash chain, append with the expected revision.
 *
 * Concurrency. Commands on one stream run one after another inside a process, so they never race each other;
 * across processes (replicas) the expected revision decides, and an unconditional command is re-decided on the
 * newer state a bounded number of times. A conditional command (`expectedRevision`, i.e. HTTP If-Match) is never
 * retried: the caller asked for that exact revision.
 *
 * Idempotency. Every event carries its command id; event ids derive from it. Re-running a command id that is
 * already in the stream returns the first result without deciding again, also after a restart, because the
 * command ids are rebuilt from the stream itself. A store that sees the same event ids again (a retry after a lost
 * answer) writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { IdempotencyKeyReusedError, RevisionConflictError, StreamNotFoundError } from './errors';
import { EventStore, hasStreamRevisions, JsonObject, NewEvent, StoredEvent } from './event-store';
import { chainedHash, GENESIS_HASH, HashedText, hashedText } from './hash-chain';
import { nameUuid } from './name-uuid';

/** How a kind of stream folds its events into state. Supplied by the workflow (pure). */
export interface StreamType<S> {
  /** prefix of the stream ids, e.g. `dossier` for `dossier-<uuid>` */
  readonly name: string;
  evolve(state: S | undefined, event: RecordedEvent): S;
}

/** Who runs the command and why; becomes the events' audit metadata. */
export interface CommandContext {
  /** idempotency: the same id returns the first result; default a fresh UUID */
  commandId?: string;
  /** a digest of the request: the same command id with another fingerprint is refused */
  fingerprint?: string;
  /** the display name of who recorded it (an account's display name, or a service's name) */
  actor: string;
  orgId: string;
  /** the account that recorded it (absent for the engine's own services: timers, imports without an account) */
  accountId?: string;
  /** how that account proved who it is: the session's or API token's id, or `bootstrap` */
  credentialKind?: 'session' | 'token' | 'bootstrap' | 'cli';
  credentialId?: string;
  correlationId?: string;
  causationId?: string;
  /** If-Match: append only if the stream is exactly at this revision (`-1`: must not exist) */
  expectedRevision?: number;
}

/** An event decided by a command, before the engine stamps it. */
export interface DecidedEvent {
  type: string;
  data: JsonObject;
  occurredOn: string;
  machineVersion?: number;
  ruleSet?: string;
}

/**
 * A command's events stamped but for their time and their place in the hash chain: each one's id and the text its hash
 * is taken over, in pieces around those two. Pure work that needs only the decided events and the command
 * (`prepareEvents`), so it can be done anywhere beforehand — an import prepares its rows' events on worker threads —
 * and the engine adds the time and the chain when it appends. The command they were prepared for is named, so that
 * the engine uses them for that command only; the texts are those of the decided events they were prepared from.
 */
export interface PreparedEvents {
  command: Pick<CommandContext, 'actor' | 'orgId' | 'accountId' | 'credentialKind' | 'credentialId' | 'correlationId' | 'causationId' | 'fingerprint'> & {
    commandId: string;
  };
  events: { id: string; text: HashedText }[];
}

/**
 * What a command decides: its events, or its events with the state they lead to when the decider has folded them
 * already (a history decided step by step, each step on the state the previous ones leave), which spares the engine
 * folding them a second time; or its events marked `unfolded` when the caller needs no state afterwards (an import
 * opening many streams): the engine then neither folds nor keeps one, and answers `state: undefined`. Either object
 * may bring the events prepared for this command already (`prepareEvents`).
 */
export type Decided<S> =
  | DecidedEvent[]
  | { events: DecidedEvent[]; state: S | undefined; prepared?: PreparedEvents }
  | { events: DecidedEvent[]; unfolded: true; prepared?: PreparedEvents };

export type Decide<S> = (state: S | undefined, revision: number) => Decided<S>;

/** An appended event as the engine knows it; the global position is known for the store's answer only. */
export type RecordedEvent = Omit<StoredEvent, 'position'>;

export interface CommandResult<S> {
  streamId: string;
  /** revision of the stream's last event after this command (-1: nothing was ever written) */
  revision: number;
  /** undefined when nothing was ever written, or when the decider asked for no state (`unfolded`) */
  state: S | undefined;
  events: RecordedEvent[];
  /** global position of the command's last event, for read-your-writes (unknown for a no-op) */
  position?: number;
  /** true when the command id had run before and this is its first result again */
  replayed: boolean;
}

export interface EngineObserver {
  appended?(streamType: string, count: number): void;
  conflict?(streamType: string, retried: boolean): void;
}

export interface EngineOptions {
  clock: Clock;
  /** folded streams kept in memory */
  cacheSize?: number;
  /** attempts of an unconditional command that keeps meeting concurrent writers (other processes) */
  maxAttempts?: number;
  observer?: EngineObserver;
}

interface Folded<S> {
  revision: number;
  state: S | undefined;
  lastHash: string;
  /** command id → its fingerprint and the revisions of its events */
  commands: Map<string, { fingerprint?: string; first: number; last: number }>;
}

export class Engine {
  private readonly cache = new Map<string, Folded<unknown>>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly cacheSize: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly store: EventStore,
    private readonly options: EngineOptions,
  ) {
    this.cacheSize = options.cacheSize ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** The engine's time, the one it stamps on appended events (`recordedAt`). */
  now(): Date {
    return this.options.clock.now();
  }

  /** The stream's current state, read through to the store (strongly consistent). */
  async load<S>(type: StreamType<S>, streamId: string): Promise<{ state: S | undefined; revision: number }> {
    const cached = this.cached<S>(streamId);
    if (cached && hasStreamRevisions(this.store) && (await this.store.lastRevision(streamId)) === cached.revision) {
      return { state: cached.state, revision: cached.revision };
    }
    const folded = await this.catchUp(type, streamId);
    return { state: folded.state, revision: folded.revision };
  }

  /** Runs a command: decide on the current state, append the decided events, answer with the new state. */
  execute<S>(type: StreamType<S>, streamId: string, context: CommandContext, decide: Decide<S>): Promise<CommandResult<S>> {
    const previous = this.running.get(streamId) ?? Promise.resolve();
    const run = previous.then(
      () => this.executeNow(type, streamId, { ...context, commandId: context.commandId ?? randomUUID() }, decide),
      () => this.executeNow(type, streamId, { ...context, commandId: context.commandId ?? randomUUID() }, decide),
    );
    this.running.set(streamId, run);
    const cleanup = () => {
      if (this.running.get(streamId) === run) this.running.delete(streamId);
    };
    run.then(cleanup, cleanup);
    return run;
  }

  private async executeNow<S>(
    type: StreamType<S>,
    streamId: string,
    context: CommandContext & { commandId: string },
    decide: Decide<S>,
  ): Promise<CommandResult<S>> {
    let folded = this.cached<S>(streamId) ?? (await this.catchUp(type, streamId));
    const conditional = context.expectedRevision !== undefined;
    if (conditional && context.expectedRevision !== folded.revision) folded = await this.catchUp(type, streamId);

    for (let attempt = 1; ; attempt++) {
      const earlier = folded.commands.get(context.commandId);
      if (earlier) return this.replay(type, streamId, context, earlier);
      if (conditional && context.expectedRevision !== folded.revision) {
        throw new RevisionConflictError(streamId, String(context.expectedRevision), String(folded.revision));
      }

      const decision = decide(folded.state, folded.revision);
      const decided = Array.isArray(decision) ? decision : decision.events;
      if (decided.length === 0) return { streamId, revision: folded.revision, state: folded.state, events: [], replayed: false };
      const offered = Array.isArray(decision) ? undefined : decision.prepared;
      const prepared = offered && preparedFor(offered, context, decided) ? offered : prepareEvents(decided, context);
      const events = chain(decided, prepared, context, folded.lastHash, this.options.clock.now().toISOString());
      try {
        const appended = await this.store.append(streamId, events, folded.revision < 0 ? 'no_stream' : folded.revision);
        const stored = events.map(({ id, type, data, metadata }, i): RecordedEvent => ({
          id,
          type,
          data,
          metadata,
          streamId,
          revision: folded.revision + 1 + i,
          recordedAt: String(metadata.recordedAt),
        }));
        // The store may answer with an earlier identical append (a lost answer retried): read back what it holds.
        if (appended.nextRevision !== folded.revision + events.length) {
          folded = await this.catchUp(type, streamId);
          continue;
        }
        this.options.observer?.appended?.(type.name, stored.length);
        if ('unfolded' in decision) {
          // No state to keep: a later command on this stream folds it from the store.
          this.cache.delete(streamId);
          return { streamId, revision: appended.nextRevision, state: undefined, events: stored, position: appended.position, replayed: false };
        }
        folded = this.apply(type, streamId, folded, stored, Array.isArray(decision) ? undefined : { state: decision.state });
        return { streamId, revision: folded.revision, state: folded.state, events: stored, position: appended.position, replayed: false };
      } catch (error) {
        if (!(error instanceof RevisionConflictError)) throw error;
        const retry = !conditional && attempt < this.maxAttempts;
        this.options.observer?.conflict?.(type.name, retry);
        folded = await this.catchUp(type, streamId);
        if (!retry) {
          // It may have been our own append after all (same ids, answer lost): that is a replay, not a conflict.
          const ours = folded.commands.get(context.commandId);
          if (ours) return this.replay(type, streamId, context, ours);
          throw error;
        }
      }
    }
  }

  private async replay<S>(
    type: StreamType<S>,
    streamId: string,
    context: CommandContext & { commandId: string },
    earlier: { fingerprint?: string; first: number; last: number },
  ): Promise<CommandResult<S>> {
    if (earlier.fingerprint !== context.fingerprint) throw new IdempotencyKeyReusedError(context.commandId);
    const history = await this.store.readStream(streamId, { maxCount: earlier.last + 1 });
    let state: S | undefined;
    for (const event of history) state = type.evolve(state, event);
    const events = history.slice(earlier.first);
    return { streamId, revision: earlier.last, state, events, position: events[events.length - 1]?.position, replayed: true };
  }

  /** Brings the cached fold up to the store's head (or folds from scratch). */
  private async catchUp<S>(type: StreamType<S>, streamId: string): Promise<Folded<S>> {
    let folded: Folded<S> = this.cached<S>(streamId) ?? {
      revision: -1,
      state: undefined,
      lastHash: GENESIS_HASH,
      commands: new Map(),
    };
    // A new stream (a dossier being opened, an import's row): the store's heads say so without a read that fails.
    if (folded.revision < 0 && hasStreamRevisions(this.store) && (await this.store.lastRevision(streamId)) === undefined) return folded;
    for (;;) {
      let page: StoredEvent[];
      try {
        page = await this.store.readStream(streamId, { fromRevision: folded.revision + 1, maxCount: 1000 });
      } catch (error) {
        if (error instanceof StreamNotFoundError) return folded;
        throw error;
      }
      if (page.length === 0) break;
      folded = this.apply(type, streamId, folded, page);
      if (page.length < 1000) break;
    }
    return folded;
  }

  /** Folds appended events into the cached state; `decided`: the state they lead to, as the decider folded it. */
  private apply<S>(type: StreamType<S>, streamId: string, folded: Folded<S>, events: RecordedEvent[], decided?: { state: S | undefined }): Folded<S> {
    let { state, revision, lastHash } = folded;
    const commands = new Map(folded.commands);
    for (const event of events) {
      if (!decided) state = type.evolve(state, event);
      revision = event.revision;
      lastHash = String(event.metadata.hash ?? lastHash);
      const commandId = event.metadata.commandId;
      if (typeof commandId === 'string') {
        const known = commands.get(commandId);
        const fingerprint = event.metadata.fingerprint as string | undefined;
        commands.set(commandId, { fingerprint, first: known?.first ?? event.revision, last: event.revision });
      }
    }
    const next = { state: decided ? decided.state : state, revision, lastHash, commands };
    this.remember(streamId, next);
    return next;
  }

  private cached<S>(streamId: string): Folded<S> | undefined {
    const hit = this.cache.get(streamId) as Folded<S> | undefined;
    if (hit) {
      // Map keeps insertion order: re-inserting marks the entry as recently used.
      this.cache.delete(streamId);
      this.cache.set(streamId, hit);
    }
    return hit;
  }

  private remember(streamId: string, folded: Folded<unknown>): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, folded);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** An event's audit metadata, in the order it is stored: who, when, which command, which rules, the chain. */
function metadataOf(event: DecidedEvent, context: CommandContext & { commandId: string }, recordedAt: string, prevHash: string): JsonObject {
  const metadata: JsonObject = {
    actor: context.actor,
    orgId: context.orgId,
    occurredOn: event.occurredOn,
    recordedAt,
    commandId: context.commandId,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.causationId ?? context.commandId,
  };
  // The optional ones only when given: deleting keys afterwards would turn every event's metadata into a slow object.
  if (event.machineVersion !== undefined) metadata.machineVersion = event.machineVersion;
  if (event.ruleSet !== undefined) metadata.ruleSet = event.ruleSet;
  if (context.fingerprint !== undefined) metadata.fingerprint = context.fingerprint;
  if (context.accountId !== undefined) metadata.accountId = context.accountId;
  if (context.credentialKind !== undefined) metadata.credentialKind = context.credentialKind;
  if (context.credentialId !== undefined) metadata.credentialId = context.credentialId;
  metadata.prevHash = prevHash;
  return metadata;
}

/**
 * The decided events' ids and hashed text, for this command (pure; the time and the chain are left open). A caller
 * that has each event's `canonicalJson(data)` already may pass them, in the same order.
 */
export function prepareEvents(
  decided: readonly DecidedEvent[],
  context: CommandContext & { commandId: string },
  canonicalData?: readonly string[],
): PreparedEvents {
  const { actor, orgId, accountId, credentialKind, credentialId, commandId, correlationId, causationId, fingerprint } = context;
  return {
    command: { actor, orgId, accountId, credentialKind, credentialId, commandId, correlationId, causationId, fingerprint },
    events: decided.map((event, index) => ({
      id: eventIdFor(commandId, index),
      text: hashedText({ type: event.type, data: event.data, metadata: metadataOf(event, context, '', '') }, canonicalData?.[index]),
    })),
  };
}

/** Whether events prepared beforehand are for this command and as many as it decided; otherwise they are not used. */
function preparedFor(prepared: PreparedEvents, context: CommandContext & { commandId: string }, decided: readonly DecidedEvent[]): boolean {
  const { command } = prepared;
  return (
    prepared.events.length === decided.length &&
    command.commandId === context.commandId &&
    command.actor === context.actor &&
    command.orgId === context.orgId &&
    command.accountId === context.accountId &&
    command.credentialKind === context.credentialKind &&
    command.credentialId === context.credentialId &&
    command.correlationId === context.correlationId &&
    command.causationId === context.causationId &&
    command.fingerprint === context.fingerprint
  );
}

/** The decided events stamped with the time of the append and chained, each to the hash of the one before. */
function chain(
  decided: readonly DecidedEvent[],
  prepared: PreparedEvents,
  context: CommandContext & { commandId: string },
  lastHash: string,
  recordedAt: string,
): NewEvent[] {
  let prevHash = lastHash;
  return decided.map((event, i): NewEvent => {
    const { id, text } = prepared.events[i];
    const metadata = metadataOf(event, context, recordedAt, prevHash);
    metadata.hash = prevHash = chainedHash(prevHash, recordedAt, text);
    return { id, type: event.type, data: event.data, metadata };
  });
}

/** A UUID (version 8, name-based) derived from the command id and the event's index in the command. */
export function eventIdFor(commandId: string, index: number): string {
  return nameUuid(`${commandId}/${index}`);
}
