/**
 * Timer scheduling and delivery, per adapter, in real time:
 *
 *   schedule   100 000 wake-ups due over the next month (scheduleMany; BullMQ uses Queue.addBulk)
 *   pending    one pending() over them, as the reconciliation sweep does
 *   lateness   with those still pending, 10 000 more due 5 s ahead spread over 1 s; delivery time − dueAt
 *
 * Targets (issue): 100 000 scheduled ≤ 30 s on BullMQ; lateness p99 ≤ 5 s on BullMQ, ≤ 1 s in-process.
 * BullMQ runs on a redis-server started here (AOF on, as in production), or on REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/engine/clock';
import { BullMqScheduler } from '../../src/timers/bullmq/bullmq-scheduler';
import { InProcessScheduler } from '../../src/timers/in-process/in-process-scheduler';
import type { Scheduler, WakeUp } from '../../src/timers/scheduler';
import { deletePrefix, startRedis, uniquePrefix } from '../support/redis';

const DAY = 24 * 3600_000;

function wakeUps(count: number, dueAt: (i: number) => number): WakeUp[] {
  return Array.from({ length: count }, (_, i) => ({ id: `bench:${randomUUID()}`, dueAt: new Date(dueAt(i)), dossierId: randomUUID(), rule: 'R-12' }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function measure(name: string, scheduler: Scheduler, targets: { scheduleMs?: number; p99Ms: number }): Promise<void> {
  const lateness: number[] = [];
  scheduler.start(async (w) => void lateness.push(Date.now() - w.dueAt.getTime()));

  const month = wakeUps(100_000, (i) => Date.now() + DAY + (i % 30) * DAY);
  let started = performance.now();
  await scheduler.scheduleMany(month);
  const scheduleMs = performance.now() - started;
  const target = targets.scheduleMs === undefined ? '' : ` (target ≤ ${seconds(targets.scheduleMs)}) ${verdict(scheduleMs <= targets.scheduleMs)}`;
  console.log(`timers ${name.padEnd(10)} schedule 100000: ${seconds(scheduleMs)}${target}`);

  started = performance.now();
  const pending = await scheduler.pending();
  console.log(`timers ${name.padEnd(10)} pending() of ${pending.length}: ${seconds(performance.now() - started)}`);

  const burstStart = Date.now() + 5_000;
  const burst = wakeUps(10_000, (i) => burstStart + Math.floor(i / 10)); // 10 000 over 1 s
  await scheduler.scheduleMany(burst);
  const deadline = burstStart + 60_000;
  while (lateness.length < burst.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const sorted = [...lateness].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  console.log(
    `timers ${name.padEnd(10)} lateness of ${sorted.length}/${burst.length} due within 1 s: p50 ${percentile(sorted, 50)} ms, ` +
      `p99 ${p99} ms, max ${sorted[sorted.length - 1]} ms, min ${sorted[0]} ms (target p99 ≤ ${seconds(targets.p99Ms)}) ` +
      verdict(sorted.length === burst.length && p99 <= targets.p99Ms),
  );
}

export async function benchTimers(): Promise<void> {
  const inProcess = new InProcessScheduler({ clock: systemClock, concurrency: 64 });
  await measure('in-process', inProcess, { p99Ms: 1_000 });
  await inProcess.close();

  const redis = await startRedis({ appendonly: true });
  const prefix = uniquePrefix();
  const scheduler = new BullMqScheduler({ url: redis.url, clock: systemClock, prefix, concurrency: 64 });
  try {
    await measure('bullmq', scheduler, { scheduleMs: 30_000, p99Ms: 5_000 });
  } finally {
    await scheduler.close();
    await deletePrefix(redis.url, prefix);
    await redis.stop();
  }
}
