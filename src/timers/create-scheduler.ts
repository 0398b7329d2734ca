import type { Config } from '../config/config';
import type { Clock } from '../engine/clock';
import { BullMqScheduler } from './bullmq/bullmq-scheduler';
import { checkRedisPolicy } from './bullmq/redis-policy';
import { InProcessScheduler } from './in-process/in-process-scheduler';
import type { Scheduler, SchedulerLog } from './scheduler';

export type SchedulerKind = 'in-process' | 'bullmq';

/**
 * In-process timers unless REDIS_URL names a Redis; that Redis is checked first, and refused when it may evict
 * keys. The caller rebuilds the in-process scheduler from the deadlines read model before `start`.
 */
export async function createScheduler(
  config: Pick<Config, 'redisUrl'>,
  deps: { clock: Clock; log?: SchedulerLog },
): Promise<{ scheduler: Scheduler; kind: SchedulerKind }> {
  if (!config.redisUrl) return { scheduler: new InProcessScheduler(deps), kind: 'in-process' };
  await checkRedisPolicy(config.redisUrl);
  return { scheduler: new BullMqScheduler({ url: config.redisUrl, ...deps }), kind: 'bullmq' };
}
