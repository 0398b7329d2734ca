import IORedis from 'ioredis';

/** Where a Redis URL points, without the credentials it may carry (for error messages and logs). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/**
 * Refuses a Redis that may evict keys. Delayed jobs are ordinary keys: under memory pressure an eviction policy
 * deletes them silently, and each deleted job is a deadline reminder that never fires. Called once at start.
 */
export async function checkRedisPolicy(url: string): Promise<void> {
  const where = redisAddress(url);
  // No retries: a start-up check should fail now with the cause, not hang while Redis is unreachable.
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // the rejected command below carries the error
  try {
    let reply: unknown;
    try {
      await redis.connect();
      reply = await redis.config('GET', 'maxmemory-policy');
    } catch (error) {
      throw new Error(
        `cannot read maxmemory-policy from Redis at ${where}: ${(error as Error).message}. ` +
          'ketnap checks it because an evicting Redis loses delayed jobs (deadline reminders); ' +
          'if CONFIG is disabled on a managed Redis, make sure its eviction policy is noeviction.',
        { cause: error },
      );
    }
    const policy = Array.isArray(reply) ? String(reply[1]) : 'unknown';
    if (policy !== 'noeviction') {
      throw new Error(
        `Redis at ${where} runs with maxmemory-policy ${policy}; ketnap's timers need noeviction. ` +
          'Any eviction policy lets Redis delete keys when memory runs short, and a deleted delayed job is a deadline ' +
          'reminder that never fires. Set "maxmemory-policy noeviction" in redis.conf ' +
          '(or CONFIG SET maxmemory-policy noeviction) and give Redis enough memory.',
      );
    }
  } finally {
    // After a failed connect the client has already ended; disconnecting again leaves a 2 s timer behind.
    if (redis.status !== 'end') redis.disconnect();
  }
}
