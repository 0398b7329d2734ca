import { Controller, Get, HttpStatus, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import type { Config } from '../config/config';
import type { EventStore } from '../engine/event-store';
import { CONFIG, EVENT_STORE } from '../tokens';
import { Public } from './auth/auth';

/**
 * Liveness and readiness in one, no token needed: 200 when the event store answers (and Redis, when the timers
 * run on it), 503 with Retry-After otherwise, naming what is down.
 */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController implements OnModuleDestroy {
  private readonly redis?: Redis;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: Config,
  ) {
    if (config.redisUrl) {
      // Its own connection that fails fast, so a health probe never waits on a reconnecting client's queue.
      this.redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
      this.redis.on('error', () => undefined); // reported through /health, not as unhandled errors
    }
  }

  @Get('health')
  async health(@Res() reply: FastifyReply): Promise<void> {
    const checks: Record<string, 'up' | 'down'> = { eventStore: await up(() => this.store.ping()) };
    if (this.redis) checks.redis = await up(() => this.pingRedis());
    const ok = Object.values(checks).every((c) => c === 'up');
    if (ok) {
      await reply.status(HttpStatus.OK).send({ status: 'ok', checks });
      return;
    }
    await reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('Retry-After', '5').send({ status: 'unavailable', checks });
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }

  private async pingRedis(): Promise<void> {
    const redis = this.redis!;
    if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
    await redis.ping();
  }
}

async function up(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await check();
    return 'up';
  } catch {
    return 'down';
  }
}
