/**
 * Follows the global log from the read models' checkpoint and applies the projections, in batches: whatever has
 * arrived by the time the subscription has nothing more to hand over at once is written in one transaction.
 * The same runner serves both deployments (the SQLite store and EventStoreDB), each process with its own file.
 */
import type { EventStore, StoredEvent, Subscription } from '../engine/event-store';
import type { ReadModelDb } from './read-model-db';
import { replay, type ReplayOptions } from './replay';

export interface RunnerOptions {
  /** most events per transaction */
  batchSize?: number;
  /** a failure of the subscription or of a batch; the runner logs nothing itself and retries */
  onError?(error: unknown): void;
  maxRetryDelayMs?: number;
  /** called after each batch with the position reached */
  onProgress?(position: number, events: number): void;
  /**
   * While nobody waits for the read models, how long a batch may gather further events before it is written (0:
   * write whatever has arrived at once). Each batch costs a transaction and a read of the log, so under a stream of
   * writes a short delay turns many one-event batches into one; a reader that waits (`waitFor`) cuts it short.
   */
  lingerMs?: number;
  /** how `catchUp` replays (chunk size, writer thread) */
  replay?: ReplayOptions;
}

const IDLE = Symbol('idle');

/** The linger of the server's runners (the read models' and the timers'): a burst of writes becomes one batch. */
export const LIVE_LINGER_MS = 20;

export class ProjectionRunner {
  private subscription?: Subscription;
  private running?: Promise<void>;
  private reached: number;
  private waiters: { position: number; resolve(reached: boolean): void }[] = [];
  private readonly batchSize: number;
  private stopped = false;
  private wakeRetry?: () => void;
  /** ends the current linger early: someone is waiting */
  private wakeLinger?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.reached = db.lowestCheckpoint();
  }

  /** The log position every read model has applied. */
  get position(): number {
    return this.reached;
  }

  start(): void {
    if (this.running) return;
    this.db.ensureIndexes();
    this.stopped = false;
    this.running = this.followWithRetry();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    this.wakeLinger?.();
    await this.subscription?.close();
    await this.running;
    this.running = undefined;
    this.subscription = undefined;
  }

  /** A lost connection (EventStoreDB restarting, a network blip) ends a subscription: resubscribe with backoff. */
  private async followWithRetry(): Promise<void> {
    let delay = 100;
    while (!this.stopped) {
      const reachedBefore = this.reached;
      try {
        this.subscription = this.store.subscribeToAll({ after: this.reached || undefined });
        await this.follow(this.subscription);
        if (!this.stopped) throw new Error('the subscription to the log ended');
      } catch (error) {
        this.options.onError?.(error);
        if (this.reached > reachedBefore) delay = 100; // it made progress: not a persistent failure
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRetry = undefined;
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5000);
      }
    }
  }

  /**
   * Read-your-writes: resolves true once the read models include the event at `position`, false after
   * `timeoutMs` (the caller then answers from what it has, or says it is behind).
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.reached >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      this.wakeLinger?.();
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  /** Replays the log until its current end in large chunks (replay.ts), for a rebuild or a start; does not follow live events. */
  async catchUp(): Promise<number> {
    const total = await replay(this.store, this.db, { ...this.options.replay, onProgress: (position, events) => this.advanced(position, events) });
    this.db.ensureIndexes();
    return total;
  }

  private async follow(subscription: Subscription): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    let batch: StoredEvent[] = [];
    let pending = iterator.next();
    let pause: Promise<typeof IDLE> | undefined;
    for (;;) {
      // Take what is ready now; once the subscription would make us wait (or the batch has lingered long enough),
      // write the batch first.
      if (batch.length > 0) pause ??= this.pause();
      const next = batch.length === 0 ? await pending : await Promise.race([pending, pause!]);
      if (next === IDLE || batch.length >= this.batchSize) {
        this.applyBatch(batch);
        batch = [];
        this.wakeLinger?.();
        pause = undefined;
        if (next === IDLE) continue;
      }
      if (next.done) break;
      batch.push(next.value);
      pending = iterator.next();
    }
    this.applyBatch(batch);
  }

  private applyBatch(events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.db.applyBatch(events);
    this.advanced(events[events.length - 1].position, events.length);
  }

  private advanced(position: number, events: number): void {
    this.reached = position;
    this.options.onProgress?.(this.reached, events);
    const ready = this.waiters.filter((w) => w.position <= this.reached);
    this.waiters = this.waiters.filter((w) => w.position > this.reached);
    for (const waiter of ready) waiter.resolve(true);
  }

  /**
   * Resolves IDLE when the batch under way should be written: on the next turn of the event loop when someone waits
   * (or lingering is off), otherwise once it has lingered `lingerMs` since its first event, or as soon as someone
   * starts waiting.
   */
  private pause(): Promise<typeof IDLE> {
    const linger = this.options.lingerMs ?? 0;
    if (linger <= 0 || this.waiters.length > 0 || this.stopped) return idle();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeLinger = undefined;
        resolve(IDLE);
      };
      const timer = setTimeout(done, linger);
      this.wakeLinger = done;
    });
  }
}

function idle(): Promise<typeof IDLE> {
  return new Promise((resolve) => setImmediate(() => resolve(IDLE)));
}
