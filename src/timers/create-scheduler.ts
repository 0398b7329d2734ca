import type { Config } from '../config/config';
import type { Clock } from '../engine/clock';
import { BullMqScheduler } from './bullmq/bullmq-scheduler';
import { checkRedisPolicy } from './bullmq/redis-policy';
import { InProcessScheduler } from './in-process/in-process-scheduler';
import type { Timer } from './in-process/timer';
import type { Scheduler, SchedulerLog } from './scheduler';

export type SchedulerKind = 'in-process' | 'bullmq';

export interface SchedulerDeps {
  clock: Clock;
  log?: SchedulerLog;
  /** the in-process adapter's timer (tests pass fake time) */
  timer?: Timer;
  /** the BullMQ queue: one per purpose (deadline wake-ups, notifications) */
  queueName?: string;
  /** the BullMQ key prefix (tests give each test its own) */
  prefix?: string;
}

/**
 * In-process timers unless REDIS_URL names a Redis; that Redis is checked first, and refused when it may evict
 * keys. The caller rebuilds the in-process scheduler from the deadlines read model before `start`.
 */
export async function createScheduler(config: Pick<Config, 'redisUrl'>, deps: SchedulerDeps): Promise<{ scheduler: Scheduler; kind: SchedulerKind }> {
  const { clock, log, timer, queueName, prefix } = deps;
  if (!config.redisUrl) return { scheduler: new InProcessScheduler({ clock, log, timer }), kind: 'in-process' };
  await checkRedisPolicy(config.redisUrl);
  return { scheduler: new BullMqScheduler({ url: config.redisUrl, clock, log, queueName, prefix }), kind: 'bullmq' };
}
