import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/engine/clock';
import type { Scheduler, WakeUp } from '../../src/timers/scheduler';

/**
 * The Scheduler port's contract, run against every adapter. Time is whatever the subject says it is: fake time
 * for the in-process adapter, short real waits for BullMQ; "not before" is always judged by the injected clock.
 */
export interface SchedulerSubject {
  scheduler: Scheduler;
  /** the clock the scheduler reads */
  clock: Clock;
  /** lets `ms` of scheduler time pass (fake time moves, or a real wait) */
  advance(ms: number): Promise<void>;
  /** moves the scheduler's clock but not its timers: a wall clock set back, or a replica whose clock is behind */
  shiftClock(ms: number): void;
  /** the first retry delay the subject was built with */
  retryBaseMs: number;
  cleanup(): Promise<void>;
}

interface Delivery {
  wakeUp: WakeUp;
  /** the clock's time when the handler ran */
  at: number;
}

export function schedulerContract(name: string, factory: () => Promise<SchedulerSubject>): void {
  describe(`Scheduler contract: ${name}`, () => {
    let subject: SchedulerSubject;
    let scheduler: Scheduler;
    let deliveries: Delivery[];
    /** set per test to make the handler do something besides recording */
    let onDelivery: (wakeUp: WakeUp, attempt: number) => Promise<void>;

    const wakeUp = (id: string, inMs: number): WakeUp => ({
      id,
      dueAt: new Date(subject.clock.now().getTime() + inMs),
      dossierId: `d-${id}`,
      rule: 'R-12',
    });
    const delivered = (id: string) => deliveries.filter((d) => d.wakeUp.id === id);

    /** advances in small steps until `done` holds, failing after `limitMs` of scheduler time */
    async function until(done: () => boolean, limitMs = 15_000): Promise<void> {
      for (let waited = 0; !done(); waited += 50) {
        if (waited >= limitMs) throw new Error(`condition not met after ${limitMs} ms; ${deliveries.length} deliveries`);
        await subject.advance(50);
      }
    }

    beforeEach(async () => {
      subject = await factory();
      scheduler = subject.scheduler;
      deliveries = [];
      onDelivery = async () => undefined;
      scheduler.start(async (w) => {
        const attempt = delivered(w.id).length + 1;
        deliveries.push({ wakeUp: w, at: subject.clock.now().getTime() });
        await onDelivery(w, attempt);
      });
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    it('delivers a wake-up once, at its due time and not before', async () => {
      const w = wakeUp('deadline:60-working-days', 300);
      await scheduler.schedule(w);
      await subject.advance(200);
      expect(deliveries).toHaveLength(0);
      await until(() => deliveries.length === 1);
      await subject.advance(500);
      expect(deliveries.map((d) => d.wakeUp)).toEqual([w]);
      expect(deliveries[0].at).toBeGreaterThanOrEqual(w.dueAt.getTime());
      expect(await scheduler.pending()).toEqual([]);
    });

    it('delivers at once what is already overdue', async () => {
      const w = wakeUp('overdue', -60_000);
      await scheduler.schedule(w);
      await until(() => deliveries.length === 1, 2_000);
      expect(deliveries[0].wakeUp).toEqual(w);
    });

    it('re-scheduling an id moves it, later or earlier, and it is delivered once', async () => {
      await scheduler.schedule(wakeUp('later', 200));
      const later = wakeUp('later', 700);
      await scheduler.schedule(later);
      await scheduler.schedule(wakeUp('earlier', 60_000));
      const earlier = wakeUp('earlier', 300);
      await scheduler.schedule(earlier);
      await scheduler.schedule(earlier); // the same time again changes nothing
      expect((await scheduler.pending()).map((p) => [p.id, p.dueAt]).sort()).toEqual([
        ['earlier', earlier.dueAt],
        ['later', later.dueAt],
      ]);
      await subject.advance(500);
      expect(deliveries.map((d) => d.wakeUp)).toEqual([earlier]);
      await until(() => deliveries.length === 2);
      await subject.advance(500);
      expect(deliveries.map((d) => d.wakeUp)).toEqual([earlier, later]);
      expect(deliveries[1].at).toBeGreaterThanOrEqual(later.dueAt.getTime());
    });

    it('cancel prevents delivery; cancelling an unknown id does nothing', async () => {
      await scheduler.schedule(wakeUp('cancelled', 200));
      const kept = wakeUp('kept', 300);
      await scheduler.schedule(kept);
      await scheduler.cancel('cancelled');
      await scheduler.cancel('never-scheduled');
      await until(() => deliveries.length === 1);
      await subject.advance(500);
      expect(deliveries.map((d) => d.wakeUp.id)).toEqual(['kept']);
    });

    it('pending() lists what is scheduled, and no longer what is cancelled', async () => {
      const a = wakeUp('a', 600_000);
      const b = wakeUp('b', 1_200_000);
      await scheduler.scheduleMany([a, b]);
      const sorted = async () => (await scheduler.pending()).sort((x, y) => x.id.localeCompare(y.id));
      expect(await sorted()).toEqual([
        { id: 'a', dueAt: a.dueAt },
        { id: 'b', dueAt: b.dueAt },
      ]);
      await scheduler.cancel('a');
      expect(await sorted()).toEqual([{ id: 'b', dueAt: b.dueAt }]);
    });

    it('scheduleMany is idempotent per id like schedule', async () => {
      await scheduler.schedule(wakeUp('x', 600_000));
      const x = wakeUp('x', 200);
      const y = wakeUp('y', 200);
      await scheduler.scheduleMany([wakeUp('y', 600_000), x, y]);
      await until(() => deliveries.length === 2);
      await subject.advance(500);
      expect(deliveries.map((d) => d.wakeUp).sort((p, q) => p.id.localeCompare(q.id))).toEqual([x, y]);
    });

    it('retries a failing handler with backoff until it succeeds, then never again', async () => {
      onDelivery = async (_w, attempt) => {
        if (attempt <= 2) throw new Error('engine unavailable');
      };
      const w = wakeUp('flaky', 100);
      await scheduler.schedule(w);
      await until(() => deliveries.length === 3);
      await subject.advance(2_000);
      expect(deliveries).toHaveLength(3);
      const [first, second, third] = deliveries.map((d) => d.at);
      expect(second - first).toBeGreaterThanOrEqual(subject.retryBaseMs);
      expect(third - second).toBeGreaterThanOrEqual(subject.retryBaseMs * 2);
      expect(await scheduler.pending()).toEqual([]);
    });

    it('never delivers early when its clock is behind the timer', async () => {
      const w = wakeUp('skewed', 200);
      await scheduler.schedule(w);
      subject.shiftClock(-1_000); // the due time is now 1.2 s away by the scheduler's clock
      await subject.advance(600);
      expect(deliveries).toHaveLength(0);
      await until(() => deliveries.length === 1);
      await subject.advance(300);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0].at).toBeGreaterThanOrEqual(w.dueAt.getTime());
    });

    it('a handler re-scheduling its own id gets one more delivery at the new time', async () => {
      let again: WakeUp | undefined;
      let tookMs = 0;
      onDelivery = async (w, attempt) => {
        if (attempt !== 1) return;
        const started = performance.now();
        await scheduler.schedule((again = { ...w, dueAt: new Date(subject.clock.now().getTime() + 400) }));
        tookMs = performance.now() - started;
      };
      await scheduler.schedule(wakeUp('escalate', 100));
      await until(() => deliveries.length === 1);
      await subject.advance(100);
      expect(await scheduler.pending()).toEqual([{ id: 'escalate', dueAt: again!.dueAt }]);
      await until(() => deliveries.length === 2);
      await subject.advance(500);
      expect(deliveries).toHaveLength(2);
      expect(deliveries[1].wakeUp).toEqual(again);
      expect(deliveries[1].at).toBeGreaterThanOrEqual(again!.dueAt.getTime());
      expect(tookMs).toBeLessThan(2_000); // it must not wait for its own delivery to end
    });

    it('a cancel during a failing delivery stops the retries', async () => {
      onDelivery = async (w) => {
        await scheduler.cancel(w.id);
        throw new Error('failed after the deadline was withdrawn');
      };
      await scheduler.schedule(wakeUp('withdrawn', 100));
      await until(() => deliveries.length === 1);
      await subject.advance(subject.retryBaseMs * 8);
      expect(deliveries).toHaveLength(1);
      expect(await scheduler.pending()).toEqual([]);
    });

    it('delivers 1000 wake-ups due at the same instant exactly once each', async () => {
      const many = Array.from({ length: 1000 }, () => wakeUp(randomUUID(), 300));
      await scheduler.scheduleMany(many);
      await until(() => deliveries.length >= 1000, 30_000);
      await subject.advance(500);
      const ids = deliveries.map((d) => d.wakeUp.id);
      expect(ids).toHaveLength(1000);
      expect(new Set(ids)).toEqual(new Set(many.map((w) => w.id)));
      expect(deliveries.filter((d) => d.at < d.wakeUp.dueAt.getTime())).toEqual([]);
    });
  });
}
