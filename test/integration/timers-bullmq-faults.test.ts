/**
 * The BullMQ scheduler when things break, on a real Redis started per test: Redis losing its data, Redis killed
 * with AOF on, a worker process killed in the middle of a job; and the start-up refusal of an evicting Redis.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { systemClock } from '../../src/engine/clock';
import { BullMqScheduler } from '../../src/timers/bullmq/bullmq-scheduler';
import { checkRedisPolicy } from '../../src/timers/bullmq/redis-policy';
import { createScheduler } from '../../src/timers/create-scheduler';
import type { WakeUp } from '../../src/timers/scheduler';
import { built } from '../support/built';
import { redisControlSkipReason, redisSkipReason, startRedis, uniquePrefix, type TestRedis } from '../support/redis';

jest.setTimeout(30_000);

const skip = redisSkipReason() ?? redisControlSkipReason();
if (skip) console.log(skip);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  for (const end = Date.now() + limitMs; !done(); await sleep(20)) {
    if (Date.now() > end) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
  }
}

const wakeUp = (id: string, inMs: number): WakeUp => ({
  id,
  dueAt: new Date(Date.now() + inMs),
  dossierId: `d-${id}`,
  rule: 'R-12',
});

(skip ? describe.skip : describe)('BullMQ scheduler faults', () => {
  let redis: TestRedis | undefined;
  let scheduler: BullMqScheduler | undefined;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await scheduler?.close();
    scheduler = undefined;
    await redis?.stop();
    redis = undefined;
  });

  /** a scheduler with a worker that counts deliveries per id */
  function startScheduler(url: string): Map<string, number> {
    const counts = new Map<string, number>();
    scheduler = new BullMqScheduler({ url, clock: systemClock, prefix: uniquePrefix() });
    scheduler.start(async (w) => void counts.set(w.id, (counts.get(w.id) ?? 0) + 1));
    return counts;
  }

  it('Redis restarted empty (no AOF): pending() shows the loss, and re-scheduling delivers each once', async () => {
    redis = await startRedis({ appendonly: false });
    const counts = startScheduler(redis.url);
    const ids = ['deadline:a', 'deadline:b', 'deadline:c'];
    await scheduler!.scheduleMany(ids.map((id) => wakeUp(id, 60_000)));
    expect((await scheduler!.pending()).map((p) => p.id).sort()).toEqual(ids);

    await redis.kill('SIGKILL');
    await redis.restart();
    expect(await scheduler!.pending()).toEqual([]); // what the sweep compares with the read model

    await scheduler!.scheduleMany(ids.map((id) => wakeUp(id, 300))); // what the sweep then does
    await until(() => counts.size === 3, 'three deliveries after the restart');
    await sleep(1_000);
    expect(Object.fromEntries(counts)).toEqual({ 'deadline:a': 1, 'deadline:b': 1, 'deadline:c': 1 });
    expect(await scheduler!.pending()).toEqual([]);
  });

  it('Redis killed with AOF on: delayed jobs survive and fire once, late', async () => {
    redis = await startRedis({ appendonly: true });
    const counts = startScheduler(redis.url);
    const due = ['deadline:x', 'deadline:y'].map((id) => wakeUp(id, 1_000));
    await scheduler!.scheduleMany(due);
    await redis.kill('SIGKILL');
    await sleep(1_500); // the due time passes while Redis is down
    expect(counts.size).toBe(0);
    await redis.restart();
    await until(() => counts.size === 2, 'both wake-ups after the restart');
    await sleep(1_000);
    expect(Object.fromEntries(counts)).toEqual({ 'deadline:x': 1, 'deadline:y': 1 });
    expect(await scheduler!.pending()).toEqual([]);
  });

  it('a worker process killed mid-job: the stalled check hands the job to another process, which completes it once', async () => {
    redis = await startRedis();
    const prefix = uniquePrefix();
    scheduler = new BullMqScheduler({ url: redis.url, clock: systemClock, prefix }); // producer only
    await scheduler.schedule(wakeUp('deadline:crash', 0));

    const first = worker(redis.url, prefix, 'block');
    await until(() => first.events.some((e) => e.event === 'started'), 'the first worker to take the job');
    first.child.kill('SIGKILL');

    const second = worker(redis.url, prefix, 'complete');
    await until(() => second.events.some((e) => e.event === 'completed'), 'the second worker to complete the job', 20_000);
    await sleep(1_500); // two more stalled checks: nothing else may arrive
    expect(first.events.filter((e) => e.event === 'completed')).toEqual([]);
    expect(second.events.filter((e) => e.event !== 'ready')).toEqual([
      { event: 'started', id: 'deadline:crash', pid: second.child.pid },
      { event: 'completed', id: 'deadline:crash', pid: second.child.pid },
    ]);
    expect(await scheduler.pending()).toEqual([]);
  });

  function worker(url: string, prefix: string, mode: 'block' | 'complete') {
    const child = spawn(process.execPath, [built('test/support/timers-worker-child.js')], {
      env: { PATH: process.env.PATH, REDIS_URL: url, TIMERS_PREFIX: prefix, TIMERS_MODE: mode, TIMERS_LOCK_MS: '1000', TIMERS_STALLED_MS: '500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const events: { event: string; id?: string; pid: number }[] = [];
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (buffer + chunk).split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) events.push(JSON.parse(line));
    });
    return { child, events };
  }

  describe('Redis policy', () => {
    it('refuses an evicting Redis, saying what to set and why', async () => {
      redis = await startRedis({ maxmemoryPolicy: 'allkeys-lru' });
      const refusal = checkRedisPolicy(redis.url);
      await expect(refusal).rejects.toThrow(/maxmemory-policy allkeys-lru; ketnap's timers need noeviction/);
      await expect(refusal).rejects.toThrow(/a deleted delayed job is a deadline reminder that never fires/);
      await expect(createScheduler({ redisUrl: redis.url }, { clock: systemClock })).rejects.toThrow(/noeviction/);
    });

    it('accepts noeviction, and the app then gets the BullMQ scheduler', async () => {
      redis = await startRedis();
      await expect(checkRedisPolicy(redis.url)).resolves.toBeUndefined();
      const created = await createScheduler({ redisUrl: redis.url }, { clock: systemClock });
      await created.scheduler.close();
      expect(created.kind).toBe('bullmq');
    });

    it('says which Redis it could not reach, without its password', async () => {
      const error = await checkRedisPolicy('redis://ketnap:s3cret@127.0.0.1:1').catch((e: Error) => e);
      expect(String(error)).toMatch(/cannot read maxmemory-policy from Redis at 127\.0\.0\.1:1/);
      expect(String(error)).not.toContain('s3cret');
    });
  });
});
