/**
 * Wires the timers: the timers' read models and runner, the deadline scheduler and the notification queue (both
 * in-process, or BullMQ when REDIS_URL is set), reminders, the notifier and the timer service. Nest only wires;
 * start and stop are in TimersLifecycle. AppModule is global and starts first (its read models catch up before
 * ours), and stops last, so the event store is still open while the timers shut down.
 */
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Config } from '../config/config';
import type { Clock } from '../engine/clock';
import { Dossiers } from '../engine/dossiers';
import { Engine } from '../engine/engine';
import type { EventStore } from '../engine/event-store';
import type { Logger } from '../logging/logger';
import { OrgDirectory } from '../read-models/org-directory';
import { LIVE_LINGER_MS } from '../read-models/projection-runner';
import { CLOCK, EVENT_STORE, LOGGER } from '../tokens';
import { createScheduler } from './create-scheduler';
import type { Timer } from './in-process/timer';
import { Notifier } from './notifier';
import { Reminders } from './reminders';
import type { Scheduler } from './scheduler';
import { TimerReadModels } from './timer-read-models';
import { TimerService } from './timer-service';
import type { Fetch } from './webhook';

export const DEADLINE_SCHEDULER = Symbol('DEADLINE_SCHEDULER');
export const NOTIFICATION_QUEUE = Symbol('NOTIFICATION_QUEUE');

/** What tests may replace: fake time for the in-process adapters, a fetch that fails on purpose. */
export interface TimersOverrides {
  timer?: Timer;
  fetch?: Fetch;
}

@Injectable()
class TimersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly readModels: TimerReadModels,
    private readonly service: TimerService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const applied = await this.readModels.runner.catchUp();
    if (applied > 0) this.logger.info({ events: applied, ms: Date.now() - started }, 'timer read models caught up with the log');
    this.readModels.onApplied(() => void this.service.sync().catch((err: unknown) => this.logger.error({ err }, 'timer sync failed; the sweep repairs')));
    this.readModels.runner.start();
    await this.service.start();
  }

  /** The runner first, so no batch asks a closed scheduler to sync. */
  async onApplicationShutdown(): Promise<void> {
    await this.readModels.runner.stop();
    await this.service.close();
    this.readModels.close();
  }
}

@Module({})
export class TimersModule {
  static register(config: Config, overrides: TimersOverrides = {}): DynamicModule {
    const queue = (queueName: string) => ({
      inject: [CLOCK, LOGGER],
      useFactory: async (clock: Clock, logger: Logger) =>
        (await createScheduler(config, { clock, log: logger, timer: overrides.timer, queueName })).scheduler,
    });
    return {
      module: TimersModule,
      providers: [
        {
          provide: TimerReadModels,
          inject: [EVENT_STORE, LOGGER],
          useFactory: (store: EventStore, logger: Logger) =>
            new TimerReadModels(join(config.dataDir, 'timers.db'), store, {
              onError: (err) => logger.error({ err }, 'timer projection runner failed; retrying'),
              // A burst of writes becomes one batch (one transaction, one scheduler sync) instead of one each; a
              // deadline is due days ahead, so 20 ms later changes nothing.
              lingerMs: LIVE_LINGER_MS,
            }),
        },
        { provide: DEADLINE_SCHEDULER, ...queue('timers') },
        { provide: NOTIFICATION_QUEUE, ...queue('notifications') },
        {
          provide: Notifier,
          inject: [NOTIFICATION_QUEUE, Engine, TimerReadModels, CLOCK, LOGGER],
          useFactory: (queue: Scheduler, engine: Engine, readModels: TimerReadModels, clock: Clock, logger: Logger) =>
            new Notifier({
              queue,
              engine,
              readModels,
              clock,
              logger,
              timeZone: config.timeZone,
              webhook: config.webhookUrl ? { url: config.webhookUrl, secret: config.webhookSecret ?? '' } : undefined,
              fetch: overrides.fetch,
            }),
        },
        {
          provide: Reminders,
          inject: [Engine, TimerReadModels, OrgDirectory, CLOCK, Notifier],
          useFactory: (engine: Engine, readModels: TimerReadModels, orgs: OrgDirectory, clock: Clock, notifier: Notifier) =>
            new Reminders({
              engine,
              readModels,
              orgs,
              clock,
              timeZone: config.timeZone,
              config: config.timers,
              notify: (eventId, dossierId) => notifier.enqueue(eventId, dossierId),
            }),
        },
        {
          provide: TimerService,
          inject: [DEADLINE_SCHEDULER, TimerReadModels, EVENT_STORE, Dossiers, Engine, Reminders, Notifier, CLOCK, LOGGER],
          useFactory: (
            scheduler: Scheduler,
            readModels: TimerReadModels,
            store: EventStore,
            dossiers: Dossiers,
            engine: Engine,
            reminders: Reminders,
            notifier: Notifier,
            clock: Clock,
            logger: Logger,
          ) =>
            new TimerService({ scheduler, readModels, store, dossiers, engine, reminders, notifier, clock, logger, timeZone: config.timeZone, config: config.timers }),
        },
        TimersLifecycle,
      ],
      exports: [TimerReadModels, Reminders, TimerService],
    };
  }
}
