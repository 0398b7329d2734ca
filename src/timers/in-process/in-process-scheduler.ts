/**
 * The embedded deployment's scheduler: everything in memory, one timer armed for the earliest wake-up.
 *
 * Guarantees: delivery at or after `dueAt` by the injected clock (a timer that fires early — the wall clock was
 * set back — only re-arms); retries with capped exponential backoff for as long as the process lives; one
 * pending wake-up per id. Does not survive a restart: the application rebuilds it from the deadlines read model
 * at start (`scheduleMany`), so a restart costs a delay, never a reminder.
 */
import type { Clock } from '../../engine/clock';
import { errorCode, retryDelay, silentLog, type PendingWakeUp, type Scheduler, type SchedulerLog, type WakeUp, type WakeUpHandler } from '../scheduler';
import { MinHeap } from './min-heap';
import { MAX_TIMER_DELAY_MS, nodeTimer, type Timer } from './timer';

export interface InProcessSchedulerOptions {
  clock: Clock;
  timer?: Timer;
  /** handlers running at once */
  concurrency?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  log?: SchedulerLog;
}

interface Entry {
  wakeUp: WakeUp;
  /** when to deliver, in ms: `dueAt` at first, the retry time after a failure */
  runAt: number;
  attempt: number;
  /** keeps entries due at the same instant in scheduling order */
  seq: number;
  state: 'pending' | 'ready' | 'delivering' | 'dead';
}

const earlier = (a: Entry, b: Entry) => a.runAt < b.runAt || (a.runAt === b.runAt && a.seq < b.seq);

export class InProcessScheduler implements Scheduler {
  private readonly clock: Clock;
  private readonly timer: Timer;
  private readonly concurrency: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly log: SchedulerLog;
  /** the live entry of each id; an entry replaced or cancelled while in the heap is marked dead and skipped later */
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new MinHeap<Entry>(earlier);
  private deadInHeap = 0;
  private ready: Entry[] = [];
  private readyHead = 0;
  private running = 0;
  private seq = 0;
  private handler?: WakeUpHandler;
  private closed = false;
  private disarm?: () => void;
  private armedFor?: number;
  private idle?: () => void;

  constructor(options: InProcessSchedulerOptions) {
    this.clock = options.clock;
    this.timer = options.timer ?? nodeTimer;
    this.concurrency = options.concurrency ?? 8;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 5 * 60_000;
    this.log = options.log ?? silentLog;
  }

  async schedule(wakeUp: WakeUp): Promise<void> {
    this.put(wakeUp);
    this.arm();
  }

  async scheduleMany(wakeUps: readonly WakeUp[]): Promise<void> {
    for (const wakeUp of wakeUps) this.put(wakeUp);
    this.arm();
  }

  async cancel(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.retire(entry);
  }

  async pending(): Promise<PendingWakeUp[]> {
    return Array.from(this.entries.values(), (e) => ({ id: e.wakeUp.id, dueAt: new Date(e.wakeUp.dueAt) }));
  }

  start(handler: WakeUpHandler): void {
    if (this.handler) throw new Error('scheduler already started');
    if (this.closed) throw new Error('scheduler is closed');
    this.handler = handler;
    this.arm();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.disarm?.();
    this.disarm = undefined;
    if (this.running > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private put(wakeUp: WakeUp): void {
    if (this.closed) throw new Error('scheduler is closed');
    const runAt = wakeUp.dueAt.getTime();
    if (Number.isNaN(runAt)) throw new TypeError(`wake-up ${wakeUp.id} has an invalid dueAt`);
    const previous = this.entries.get(wakeUp.id);
    if (previous) this.retire(previous);
    const entry: Entry = { wakeUp: { ...wakeUp, dueAt: new Date(runAt) }, runAt, attempt: 0, seq: this.seq++, state: 'pending' };
    this.entries.set(wakeUp.id, entry);
    this.heap.push(entry);
  }

  /** An entry being delivered is left alone: its completion sees it is no longer the live entry of its id. */
  private retire(entry: Entry): void {
    if (entry.state === 'pending') this.deadInHeap++;
    if (entry.state === 'pending' || entry.state === 'ready') entry.state = 'dead';
    // Rescheduling churn leaves dead entries behind; rebuild once they outnumber the live ones.
    if (this.deadInHeap > 1024 && this.deadInHeap * 2 > this.heap.size) {
      this.heap.filter((e) => e.state !== 'dead');
      this.deadInHeap = 0;
    }
  }

  private arm(): void {
    if (!this.handler || this.closed) return;
    let top = this.heap.peek();
    while (top && top.state === 'dead') {
      this.heap.pop();
      this.deadInHeap--;
      top = this.heap.peek();
    }
    if (top?.runAt === this.armedFor && this.disarm) return;
    this.disarm?.();
    this.disarm = undefined;
    this.armedFor = top?.runAt;
    if (!top) return;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, top.runAt - this.clock.now().getTime()));
    this.disarm = this.timer.set(() => this.fire(), delay);
  }

  private fire(): void {
    this.disarm = undefined;
    this.armedFor = undefined;
    if (!this.handler || this.closed) return;
    // Only what is due by the clock: the timer may fire early (capped delay, wall clock set back).
    const now = this.clock.now().getTime();
    for (let top = this.heap.peek(); top && (top.state === 'dead' || top.runAt <= now); top = this.heap.peek()) {
      this.heap.pop();
      if (top.state === 'dead') {
        this.deadInHeap--;
        continue;
      }
      top.state = 'ready';
      this.ready.push(top);
    }
    this.arm();
    this.pump();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.readyHead < this.ready.length) {
      const entry = this.ready[this.readyHead++];
      if (entry.state === 'ready') this.deliver(entry);
    }
    if (this.readyHead === this.ready.length) {
      this.ready = [];
      this.readyHead = 0;
    }
  }

  private deliver(entry: Entry): void {
    const handler = this.handler!;
    const { wakeUp } = entry;
    entry.state = 'delivering';
    entry.attempt++;
    this.running++;
    Promise.resolve()
      .then(() => handler({ ...wakeUp, dueAt: new Date(wakeUp.dueAt) }))
      .then(
        () => {
          if (this.entries.get(wakeUp.id) === entry) this.entries.delete(wakeUp.id);
        },
        (error: unknown) => {
          if (this.entries.get(wakeUp.id) !== entry) return; // rescheduled or cancelled meanwhile
          const delayMs = retryDelay(entry.attempt, this.retryBaseMs, this.retryMaxMs);
          this.log.warn({ wakeUpId: wakeUp.id, dossierId: wakeUp.dossierId, attempt: entry.attempt, delayMs, error: errorCode(error) }, 'wake-up handler failed; will retry');
          entry.state = 'pending';
          entry.runAt = this.clock.now().getTime() + delayMs;
          entry.seq = this.seq++;
          this.heap.push(entry);
          this.arm();
        },
      )
      .finally(() => {
        this.running--;
        if (this.closed && this.running === 0) this.idle?.();
        if (!this.closed) this.pump();
      });
  }
}

