/**
 * Prometheus metrics at GET /metrics (no token): requests by route and status with latencies, events appended
 * and command conflicts by stream type, plus Node's default process metrics. Labels carry routes and codes only,
 * never ids or personal data.
 */
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { EngineObserver } from '../engine/engine';
import { Public } from './auth/auth';

export class Metrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'ketnap_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'ketnap_http_request_duration_seconds',
    help: 'HTTP request latency, by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly appendedEvents = new Counter({
    name: 'ketnap_events_appended_total',
    help: 'Events appended by the engine, by stream type',
    labelNames: ['stream'],
    registers: [this.registry],
  });
  private readonly conflicts = new Counter({
    name: 'ketnap_command_conflicts_total',
    help: 'Appends refused for a stale expected revision, by stream type and whether the command was retried',
    labelNames: ['stream', 'retried'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ketnap_' });
  }

  appended(streamType: string, count: number): void {
    this.appendedEvents.inc({ stream: streamType }, count);
  }

  conflict(streamType: string, retried: boolean): void {
    this.conflicts.inc({ stream: streamType, retried: String(retried) });
  }

  /** Counts every answer, including refusals Fastify gives before Nest sees the request. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions?.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      done();
    });
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  text(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
