/**
 * A timer worker in its own process, for the fault tests (`dist/test/support/timers-worker-child.js`).
 * Prints one JSON line per event on stdout: `ready`, `started` (handler entered), `completed` (handler returned).
 * With TIMERS_MODE=block the handler never returns: the test kills the process mid-job.
 * Env: REDIS_URL, TIMERS_PREFIX, TIMERS_MODE (block | complete), TIMERS_LOCK_MS, TIMERS_STALLED_MS.
 */
import { systemClock } from '../../src/engine/clock';
import { BullMqScheduler } from '../../src/timers/bullmq/bullmq-scheduler';

const env = process.env;
const say = (event: string, id?: string) => process.stdout.write(`${JSON.stringify({ event, id, pid: process.pid })}\n`);

const scheduler = new BullMqScheduler({
  url: env.REDIS_URL!,
  clock: systemClock,
  prefix: env.TIMERS_PREFIX!,
  lockDurationMs: Number(env.TIMERS_LOCK_MS ?? 30_000),
  stalledIntervalMs: Number(env.TIMERS_STALLED_MS ?? 30_000),
});

scheduler.start(async (wakeUp) => {
  say('started', wakeUp.id);
  if (env.TIMERS_MODE === 'block') await new Promise(() => undefined);
  say('completed', wakeUp.id);
});
say('ready');

process.on('SIGTERM', () => {
  void scheduler.close().then(() => process.exit(0));
});
