/**
 * `npm start`: the server. Embedded by default (SQLite under ./data, no other server needed).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, AppOverrides } from './app.module';
import { Config, ConfigError, loadConfig } from './config/config';
import { createLogger } from './logging/logger';

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, overrides),
    new FastifyAdapter({ bodyLimit: 256 * 1024 }),
    { logger: ['error', 'warn'] },
  );
  app.enableShutdownHooks();
  return app;
}

export async function serve(config: Config): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  const app = await createApp(config, { logger });
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
