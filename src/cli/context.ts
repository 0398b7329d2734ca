/**
 * What every `ketnap` command runs on: the server's own Nest application context (AppModule, same configuration, same
 * adapters, same engine), headless — no HTTP, no timers, read models not followed — so a command does exactly what it
 * says and nothing runs beside it. Logs go to stderr: stdout is the command's answer (an export may be piped).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { orgHistoryProjection } from '../../projections/org-history';
import { organizationsProjection } from '../../projections/organizations';
import { AppModule, AppOverrides } from '../app.module';
import { Config, loadConfig } from '../config/config';
import { organizationStreamId } from '../engine/admin-streams';
import type { BusinessDay } from '../engine/clock';
import { EventStore, hasLogHead, hasStreamHeads, StoredEvent, StreamHeads } from '../engine/event-store';
import { createLogger } from '../logging/logger';
import { OrgDirectory } from '../read-models/org-directory';
import { ProjectionRunner } from '../read-models/projection-runner';
import { ReadModelDb } from '../read-models/read-model-db';
import { EVENT_STORE } from '../tokens';
import { progress } from './progress';

export interface Cli {
  config: Config;
  app: INestApplicationContext;
  store: EventStore;
  /** `sqlite` (with its data directory) or `EventStoreDB`, for messages */
  where: string;
}

export async function withCli<T>(env: NodeJS.ProcessEnv, overrides: AppOverrides, run: (cli: Cli) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const logger = overrides.logger ?? createLogger(config, pino.destination(2));
  const app = await NestFactory.createApplicationContext(AppModule.register(config, { ...overrides, logger, headless: true }), { logger: ['error'] });
  try {
    const where = config.eventStoreUrl ? 'EventStoreDB' : config.dataDir;
    return await run({ config, app, store: app.get<EventStore>(EVENT_STORE), where });
  } finally {
    await app.close();
  }
}

/**
 * The organisation tree as of the log's end, for checking the cells of imported rows and the scope of a token. Built
 * in memory from the log with the server's own projection, rather than by advancing the server's read-model file:
 * that file has one writer, the running server, and a command may run beside it.
 */
export async function organisationsOf(store: EventStore, day: BusinessDay): Promise<{ orgs: OrgDirectory; close(): void }> {
  const db = new ReadModelDb(':memory:', [organizationsProjection, orgHistoryProjection]);
  if (hasStreamHeads(store)) db.applyBatch(await organisationEvents(store));
  else await replayLog(store, db);
  return { orgs: new OrgDirectory(db, () => day.today()), close: () => db.close() };
}

/** The whole log through the read models, for a store that cannot list its streams. */
async function replayLog(store: EventStore, db: ReadModelDb): Promise<void> {
  // A long log shows progress; a short one reads in a blink.
  const head = hasLogHead(store) ? await store.headPosition() : 0;
  const bar = head > 50_000 ? progress('organisations: reading the log', 'events', head) : undefined;
  let read = 0;
  await new ProjectionRunner(store, db, { batchSize: 5000, onProgress: (_, n) => bar?.update((read += n)) }).catchUp();
  if (bar) console.error(bar.finish(read));
}

/**
 * The organisations' own streams (their acts are recorded there only), merged back into log order: a store that lists
 * its streams spares reading a log of dossiers — a million events for a province — to find a few thousand.
 */
async function organisationEvents(store: EventStore & StreamHeads): Promise<StoredEvent[]> {
  const prefix = organizationStreamId('');
  const events: StoredEvent[] = [];
  for await (const { streamId } of store.streamHeads()) {
    if (streamId.startsWith(prefix)) events.push(...(await store.readStream(streamId)));
  }
  return events.sort((a, b) => a.position - b.position);
}
