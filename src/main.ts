/**
 * `npm start`: the server. Embedded by default (SQLite under ./data, no other server needed).
 */
import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOverrides } from './app.module';
import { Config, ConfigError, loadConfig } from './config/config';
import { ProblemDetailsFilter } from './http/problem-details';
import { Metrics } from './http/metrics';
import { createValidationPipe } from './http/validation';
import { registerWebApp } from './http/web-app';
import { createLogger } from './logging/logger';

export const API_PREFIX = 'api/v1';

/**
 * `extend` wraps the application's module in another (the HTTP benchmark adds a measuring route that way); the
 * server itself never passes one.
 */
export async function createApp(
  config: Config,
  overrides: AppOverrides = {},
  extend: (app: DynamicModule) => DynamicModule = (app) => app,
): Promise<NestFastifyApplication> {
  const logger = overrides.logger ?? createLogger(config);
  const metrics = overrides.metrics ?? new Metrics();
  const adapter = new FastifyAdapter({ bodyLimit: 256 * 1024, requestIdHeader: 'x-request-id' });
  const fastify = adapter.getInstance();
  // JSON only: Fastify would otherwise accept text/plain bodies as strings.
  fastify.removeContentTypeParser('text/plain');
  metrics.instrument(fastify);
  // One JSON line per request with its id: method, route, status, time. Never headers (tokens) or bodies (names).
  // (Errors Fastify raises while reading a body — size, media type, bad JSON — reach Nest's exception handler,
  // so the ProblemDetailsFilter renders them too.)
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.info(
      { reqId: request.id, method: request.method, route: request.routeOptions?.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
  // The dashboard at / (its own paths only; the API, docs, health and metrics are untouched).
  registerWebApp(fastify, logger);

  const app = await NestFactory.create<NestFastifyApplication>(extend(AppModule.register(config, { ...overrides, logger, metrics })), adapter, {
    logger: ['error', 'warn'],
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics', 'docs', 'docs/openapi.json'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

/** The interactive page at /docs and the document itself at /docs/openapi.json, generated from the DTOs. */
function setUpOpenApi(app: NestFastifyApplication): void {
  const info = new DocumentBuilder()
    .setTitle('ketnap API')
    .setDescription(
      'Event-sourced workflow for Party member development (phát triển đảng viên): organisations, dossiers and their events, ' +
        'quotas, pipelines, reminders and audit. Errors are RFC 9457 problem details with a stable `code`. ' +
        'People sign in with POST /api/v1/sessions (username and password) and send the session token as `Authorization: Bearer`; ' +
        'machines use API tokens (POST /api/v1/tokens) that belong to an account, expire and can be revoked. Without a valid, ' +
        'live credential every route but sign-in, /health and /metrics answers 401 `UNAUTHENTICATED`; a role too weak 403 `FORBIDDEN`; ' +
        'too many failed sign-ins 429 `TOO_MANY_ATTEMPTS` with `Retry-After`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, info), { jsonDocumentUrl: 'docs/openapi.json', useGlobalPrefix: false });
}

export async function serve(config: Config, extend?: (app: DynamicModule) => DynamicModule): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  const app = await createApp(config, { logger }, extend);
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, eventStore: config.eventStoreUrl ? 'eventstoredb' : 'sqlite', dataDir: config.eventStoreUrl ? undefined : config.dataDir },
    `ketnap listening on http://localhost:${port}`,
  );
  return app;
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`ketnap: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  serve(config).catch((error: unknown) => {
    console.error('ketnap: failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
