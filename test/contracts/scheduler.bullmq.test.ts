import type { Clock } from '../../src/engine/clock';
import { BullMqScheduler, type BullMqSchedulerOptions } from '../../src/timers/bullmq/bullmq-scheduler';
import { jobIdFor } from '../../src/timers/bullmq/job-id';
import type { WakeUp } from '../../src/timers/scheduler';
import { deletePrefix, redisSkipReason, startRedis, uniquePrefix, type TestRedis } from '../support/redis';
import { schedulerContract } from './scheduler.contract';

// Real Redis, real (short) delays: more room than Jest's 5 s default on a loaded machine.
jest.setTimeout(30_000);

const skip = redisSkipReason();
if (skip) console.log(skip);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Real time, shifted: a replica whose clock is off, or a wall clock that was set back. */
class OffsetClock implements Clock {
  constructor(public offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('jobIdFor', () => {
  it('never contains ":" nor reads as an integer, and keeps distinct ids distinct', () => {
    const ids = ['deadline:1', 'deadline%3A1', '42', 'a:b:c', 'a%b'];
    const jobIds = ids.map(jobIdFor);
    expect(jobIds.filter((j) => j.includes(':') || String(parseInt(j, 10)) === j)).toEqual([]);
    expect(new Set(jobIds).size).toBe(ids.length);
  });
});

(skip ? describe.skip : describe)('BullMQ scheduler on a real Redis', () => {
  let redis: TestRedis;
  const opened: { scheduler: BullMqScheduler; prefix: string }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** a scheduler on the test's queue; more than one call per test gives more replicas of it */
  function replica(prefix: string, clock: Clock, options: Partial<BullMqSchedulerOptions> = {}): BullMqScheduler {
    const scheduler = new BullMqScheduler({ url: redis.url, clock, prefix, retryBaseMs: 100, ...options });
    opened.push({ scheduler, prefix });
    return scheduler;
  }
  async function closeAll(): Promise<void> {
    for (const { scheduler, prefix } of opened.splice(0)) {
      await scheduler.close();
      await deletePrefix(redis.url, prefix);
    }
  }

  schedulerContract('bullmq', async () => {
    const clock = new OffsetClock();
    return {
      scheduler: replica(uniquePrefix(), clock),
      clock,
      advance: sleep,
      shiftClock: (ms) => void (clock.offsetMs += ms),
      retryBaseMs: 100,
      cleanup: closeAll,
    };
  });

  describe('across replicas', () => {
    let prefix: string;
    const clock = new OffsetClock();
    const wakeUp = (id: string, inMs: number, from: Clock = clock): WakeUp => ({
      id,
      dueAt: new Date(from.now().getTime() + inMs),
      dossierId: 'd-1',
      rule: 'R-12',
    });
    async function until(done: () => boolean, limitMs = 10_000): Promise<void> {
      for (const end = Date.now() + limitMs; !done(); await sleep(20)) {
        if (Date.now() > end) throw new Error(`condition not met after ${limitMs} ms`);
      }
    }

    beforeEach(() => {
      prefix = uniquePrefix();
    });
    afterEach(closeAll);

    it('a replica whose clock runs ahead schedules; the worker holds the job until it is due by its own clock', async () => {
      const worker = replica(prefix, clock);
      const at: number[] = [];
      worker.start(async () => void at.push(Date.now()));
      const aheadClock = new OffsetClock(1_500);
      const w = wakeUp('deadline:ahead', 200, aheadClock); // BullMQ promotes it after 200 ms, 1.5 s early for the worker
      const scheduledAt = Date.now();
      await replica(prefix, aheadClock).schedule(w);
      await until(() => at.length === 1);
      await sleep(300);
      expect(at).toHaveLength(1);
      expect(at[0]).toBeGreaterThanOrEqual(w.dueAt.getTime());
      expect(at[0] - scheduledAt).toBeGreaterThanOrEqual(1_600);
    });

    it('a re-schedule from another replica during a delivery leaves exactly one more delivery', async () => {
      const worker = replica(prefix, clock);
      const delivered: WakeUp[] = [];
      let release!: () => void;
      worker.start(async (w) => {
        delivered.push(w);
        if (delivered.length === 1) await new Promise<void>((resolve) => (release = resolve));
      });
      await worker.schedule(wakeUp('42', 0));
      await until(() => delivered.length === 1);
      const moved = wakeUp('42', 300);
      const rescheduling = replica(prefix, clock).schedule(moved); // waits while the delivery runs
      await sleep(200);
      release();
      await rescheduling;
      await until(() => delivered.length === 2);
      await sleep(500);
      expect(delivered).toEqual([expect.objectContaining({ id: '42' }), moved]);
    });

    it('when the delivery outlasts the re-scheduling replica\'s wait, the worker still applies the change', async () => {
      const worker = replica(prefix, clock);
      const delivered: WakeUp[] = [];
      let release!: () => void;
      worker.start(async (w) => {
        delivered.push(w);
        if (delivered.length === 1) await new Promise<void>((resolve) => (release = resolve));
      });
      await worker.schedule(wakeUp('slow', 0));
      await until(() => delivered.length === 1);
      const moved = wakeUp('slow', 300);
      await replica(prefix, clock, { activeWaitMs: 100 }).schedule(moved);
      release();
      await until(() => delivered.length === 2);
      await sleep(500);
      expect(delivered[1]).toEqual(moved);
      expect(delivered).toHaveLength(2);
    });

    it('a cancel from another replica during a failing delivery stops the retries', async () => {
      const worker = replica(prefix, clock);
      let calls = 0;
      let release!: () => void;
      worker.start(async () => {
        calls++;
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('engine unavailable');
      });
      await worker.schedule(wakeUp('withdrawn', 0));
      await until(() => calls === 1);
      await replica(prefix, clock).cancel('withdrawn');
      release();
      await sleep(1_000);
      expect(calls).toBe(1);
      expect(await worker.pending()).toEqual([]);
    });

    it('a wake-up that used up its attempts leaves pending(), and scheduling it again replaces the failed job', async () => {
      const worker = replica(prefix, clock, { attempts: 2 });
      let calls = 0;
      let healthy = false;
      worker.start(async () => {
        calls++;
        if (!healthy) throw new Error('engine unavailable');
      });
      await worker.schedule(wakeUp('given-up', 0));
      await until(() => calls === 2);
      await sleep(300);
      expect(await worker.pending()).toEqual([]);
      healthy = true;
      await worker.schedule(wakeUp('given-up', 0)); // what the sweep does
      await until(() => calls === 3);
      await sleep(300);
      expect(calls).toBe(3);
      expect(await worker.pending()).toEqual([]);
    });

    it('stores ids and a rule code only', async () => {
      const producer = replica(prefix, clock);
      await producer.schedule(wakeUp('deadline:privacy', 60_000));
      const { default: IORedis } = await import('ioredis');
      const raw = new IORedis(redis.url);
      const stored = JSON.parse((await raw.hget(`${prefix}:timers:${jobIdFor('deadline:privacy')}`, 'data'))!);
      raw.disconnect();
      expect(Object.keys(stored).sort()).toEqual(['dossierId', 'dueAt', 'id', 'rev', 'rule']);
    });
  });
});
