import { InProcessScheduler } from '../../src/timers/in-process/in-process-scheduler';
import { MAX_TIMER_DELAY_MS } from '../../src/timers/in-process/timer';
import type { WakeUp } from '../../src/timers/scheduler';
import { FakeTime } from './scheduler-fake-time';
import { schedulerContract } from './scheduler.contract';

const DAY = 24 * 3600_000;

schedulerContract('in-process', async () => {
  const time = new FakeTime();
  const scheduler = new InProcessScheduler({ clock: time, timer: time, retryBaseMs: 100 });
  return {
    scheduler,
    clock: time,
    advance: (ms) => time.advance(ms),
    shiftClock: (ms) => time.setWallClock(ms),
    retryBaseMs: 100,
    cleanup: () => scheduler.close(),
  };
});

describe('in-process scheduler', () => {
  let time: FakeTime;
  let scheduler: InProcessScheduler;
  let delivered: WakeUp[];

  const wakeUp = (id: string, inMs: number): WakeUp => ({
    id,
    dueAt: new Date(time.now().getTime() + inMs),
    dossierId: 'd-1',
    rule: 'R-12',
  });

  beforeEach(() => {
    time = new FakeTime();
    scheduler = new InProcessScheduler({ clock: time, timer: time });
    delivered = [];
  });

  afterEach(() => scheduler.close());

  it('handles delays beyond the 24.8 days a Node timer can wait by re-arming', async () => {
    scheduler.start(async (w) => void delivered.push(w));
    await scheduler.schedule(wakeUp('sixty-days', 60 * DAY));
    await time.advance(59 * DAY);
    expect(delivered).toHaveLength(0);
    await time.advance(2 * DAY);
    expect(delivered.map((w) => w.id)).toEqual(['sixty-days']);
    expect(Math.max(...time.requestedDelays)).toBe(MAX_TIMER_DELAY_MS);
  });

  it('keeps 100 000 pending wake-ups on one timer and delivers them in due order, once each', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => wakeUp(`w${i}`, ((i * 7919) % 1000) * 60_000 + 60_000));
    await scheduler.scheduleMany(many);
    await scheduler.scheduleMany(many); // re-scheduling every id leaves one entry each
    scheduler.start(async (w) => void delivered.push(w));
    expect(time.armedTimers).toBe(1);
    expect(await scheduler.pending()).toHaveLength(100_000);
    await time.advance(1001 * 60_000);
    expect(delivered).toHaveLength(100_000);
    expect(new Set(delivered.map((w) => w.id)).size).toBe(100_000);
    const dues = delivered.map((w) => w.dueAt.getTime());
    expect(dues.every((due, i) => i === 0 || dues[i - 1] <= due)).toBe(true);
  }, 60_000); // a work-size test, not a timing one: its speed is measured by `npm run bench -- timers`

  it('holds wake-ups scheduled before start and delivers the due ones on start', async () => {
    await scheduler.schedule(wakeUp('due-before-start', 1_000));
    await time.advance(5_000);
    expect(delivered).toHaveLength(0);
    scheduler.start(async (w) => void delivered.push(w));
    await time.advance(0);
    expect(delivered.map((w) => w.id)).toEqual(['due-before-start']);
  });

  it('close waits for a delivery in progress and delivers nothing afterwards', async () => {
    let release!: () => void;
    let finished = false;
    scheduler.start(async (w) => {
      delivered.push(w);
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
    });
    await scheduler.scheduleMany([wakeUp('in-flight', 10), wakeUp('after-close', 1_000)]);
    await time.advance(10);
    const closed = scheduler.close();
    release();
    await closed;
    expect(finished).toBe(true);
    await time.advance(5_000);
    expect(delivered.map((w) => w.id)).toEqual(['in-flight']);
    expect(time.armedTimers).toBe(0);
  });

  it('refuses a second start and an invalid due date', async () => {
    scheduler.start(async () => undefined);
    expect(() => scheduler.start(async () => undefined)).toThrow('already started');
    await expect(scheduler.schedule({ ...wakeUp('bad', 0), dueAt: new Date('not a date') })).rejects.toThrow('invalid dueAt');
  });
});
