import type { Clock } from '../../src/engine/clock';
import { MAX_TIMER_DELAY_MS, type Timer } from '../../src/timers/in-process/timer';

/**
 * Fake time for the in-process scheduler: a wall clock (what `Clock.now()` says) and timers that run on their own
 * monotonic time, like Node's. `advance` moves both and fires what falls due; `setWallClock` moves only the wall
 * clock, as an NTP correction does, so a timer can fire before the wall-clock due time.
 */
export class FakeTime implements Clock, Timer {
  private wall: number;
  private monotonic = 0;
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;
  /** delays the code under test asked for, to check it never exceeds what Node accepts */
  readonly requestedDelays: number[] = [];

  constructor(start = new Date('2025-03-03T01:00:00Z')) {
    this.wall = start.getTime();
  }

  now(): Date {
    return new Date(this.wall);
  }

  set(callback: () => void, delayMs: number): () => void {
    this.requestedDelays.push(delayMs);
    // Node fires an over-long timer after 1 ms; fail loudly instead of reproducing that bug silently.
    if (delayMs > MAX_TIMER_DELAY_MS) throw new RangeError(`timer delay ${delayMs} ms exceeds what Node supports`);
    const timer = { at: this.monotonic + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  get armedTimers(): number {
    return this.timers.length;
  }

  /** Lets `ms` pass, firing timers in order, and lets the promise chains they start settle. */
  async advance(ms: number): Promise<void> {
    const target = this.monotonic + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.wall += next.at - this.monotonic;
      this.monotonic = next.at;
      next.callback();
      await settle();
    }
    this.wall += target - this.monotonic;
    this.monotonic = target;
    await settle();
  }

  setWallClock(offsetMs: number): void {
    this.wall += offsetMs;
  }
}

/** Runs pending promise callbacks: a macrotask turn lets every queued microtask run first. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
