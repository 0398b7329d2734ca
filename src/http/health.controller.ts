import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '../engine/event-store';
import { EVENT_STORE } from '../tokens';
import { Public } from './auth/auth';

/** Liveness and readiness in one: 200 when the event store answers, 503 otherwise. No token needed. */
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('health')
  async health(@Res() reply: FastifyReply): Promise<void> {
    try {
      await this.store.ping();
      await reply.status(HttpStatus.OK).send({ status: 'ok', checks: { eventStore: 'up' } });
    } catch {
      await reply
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .header('Retry-After', '5')
        .send({ status: 'unavailable', checks: { eventStore: 'down' } });
    }
  }
}
