import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { join } from 'node:path';
import type { Config } from './config/config';
import { BusinessDay, Clock, systemClock } from './engine/clock';
import { Accounts } from './engine/accounts';
import { Dossiers } from './engine/dossiers';
import { PersonClaims } from './engine/person-claims';
import { Engine } from './engine/engine';
import type { EventStore } from './engine/event-store';
import { createEventStore } from './event-store/create-event-store';
import { resolveAdminToken } from './http/auth/admin-token';
import { AuthGuard } from './http/auth/auth';
import { AccountsController } from './http/auth/accounts.controller';
import { SessionsController } from './http/auth/sessions.controller';
import { SignInLimiter } from './http/auth/sign-in-limiter';
import { TokensController } from './http/auth/tokens.controller';
import { DossiersController } from './http/dossiers/dossiers.controller';
import { HealthController } from './http/health.controller';
import { Metrics, MetricsController } from './http/metrics';
import { OrganizationsController } from './http/organizations/organizations.controller';
import { AuditController, DossierListController, OrganizationReadsController } from './http/read/read.controllers';
import { RemindersModule } from './http/reminders/reminders.module';
import { createLogger, Logger } from './logging/logger';
import { OrgDirectory } from './read-models/org-directory';
import { ReadQueries } from './read-models/read-queries';
import { LIVE_LINGER_MS, ProjectionRunner } from './read-models/projection-runner';
import { ReadFence } from './read-models/read-fence';
import { ALL_PROJECTIONS } from './read-models/projections';
import { ReadModelDb } from './read-models/read-model-db';
import { ADMIN_TOKEN, CLOCK, CONFIG, EVENT_STORE, LOGGER } from './tokens';

export interface AppOverrides {
  clock?: Clock;
  store?: EventStore;
  logger?: Logger;
  metrics?: Metrics;
  /**
   * For `ketnap` commands other than serve: the same engine, store and read models, without the HTTP controllers, the
   * auth guard and the timers; the read models are neither caught up nor followed on their own (each command does what
   * it needs, with progress).
   */
  headless?: boolean;
  /**
   * How long the read models' runner may gather a burst of writes into one transaction while nobody reads
   * (default LIVE_LINGER_MS, 20 ms). Tests set it long to show that reads wait for the writes before them, not for the clock.
   */
  runnerLingerMs?: number;
}

const HEADLESS = Symbol('HEADLESS');

/**
 * Starts and stops what runs beside the requests: the read models catch up with the log before the server
 * answers (so scope checks see every organisation), then follow it live; on shutdown the runner stops and the
 * files close.
 */
@Injectable()
class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readModels: ReadModelDb,
    private readonly runner: ProjectionRunner,
    @Inject(HEADLESS) private readonly headless: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.headless) return;
    const started = Date.now();
    const applied = await this.runner.catchUp();
    if (applied > 0) this.logger.info({ events: applied, ms: Date.now() - started }, 'read models caught up with the log');
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.readModels.close();
    await this.store.close();
  }
}

/** Nest only wires: adapters are chosen here from the config. */
@Module({})
export class AppModule {
  static register(config: Config, overrides: AppOverrides = {}): DynamicModule {
    const headless = overrides.headless === true;
    return {
      module: AppModule,
      // Global, so feature modules (timers, …) inject the engine, the read models and the ports without re-wiring.
      global: true,
      imports: headless ? [] : [RemindersModule.register(config)],
      controllers: headless
        ? []
        : [
            HealthController,
            MetricsController,
            SessionsController,
            AccountsController,
            TokensController,
            OrganizationsController,
            OrganizationReadsController,
            DossierListController,
            DossiersController,
            AuditController,
          ],
      providers: [
        { provide: HEADLESS, useValue: headless },
        { provide: CONFIG, useValue: config },
        { provide: Metrics, useValue: overrides.metrics ?? new Metrics() },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: LOGGER, useValue: overrides.logger ?? createLogger(config) },
        { provide: EVENT_STORE, useFactory: () => overrides.store ?? createEventStore(config).store },
        {
          provide: Engine,
          inject: [EVENT_STORE, CLOCK, Metrics],
          useFactory: (store: EventStore, clock: Clock, metrics: Metrics) => new Engine(store, { clock, observer: metrics }),
        },
        { provide: BusinessDay, inject: [CLOCK], useFactory: (clock: Clock) => new BusinessDay(clock, config.timeZone) },
        {
          provide: Dossiers,
          inject: [Engine, EVENT_STORE, BusinessDay],
          useFactory: (engine: Engine, store: EventStore, day: BusinessDay) => new Dossiers(engine, store, day),
        },
        {
          provide: PersonClaims,
          inject: [Engine, Dossiers],
          useFactory: (engine: Engine, dossiers: Dossiers) => new PersonClaims(engine, dossiers),
        },
        {
          provide: Accounts,
          inject: [Engine, BusinessDay, CLOCK],
          useFactory: (engine: Engine, day: BusinessDay, clock: Clock) => new Accounts(engine, day, clock),
        },
        { provide: SignInLimiter, inject: [CLOCK], useFactory: (clock: Clock) => new SignInLimiter(clock) },
        { provide: ReadModelDb, useFactory: () => new ReadModelDb(join(config.dataDir, 'read-models.db'), ALL_PROJECTIONS) },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, ReadModelDb, LOGGER],
          useFactory: (store: EventStore, db: ReadModelDb, logger: Logger) =>
            new ProjectionRunner(store, db, {
              onError: (err) => logger.error({ err }, 'projection runner failed; retrying'),
              // Dossier writes do not wait for the read models (the ReadFence makes reads wait instead), so the
              // runner may gather a burst of writes into one transaction.
              lingerMs: overrides.runnerLingerMs ?? LIVE_LINGER_MS,
            }),
        },
        { provide: ReadFence, inject: [ProjectionRunner], useFactory: (runner: ProjectionRunner) => new ReadFence(runner) },
        { provide: OrgDirectory, inject: [ReadModelDb, BusinessDay], useFactory: (db: ReadModelDb, day: BusinessDay) => new OrgDirectory(db, () => day.today()) },
        { provide: ReadQueries, inject: [ReadModelDb], useFactory: (db: ReadModelDb) => new ReadQueries(db) },
        ...(headless
          ? []
          : [
              { provide: ADMIN_TOKEN, inject: [LOGGER], useFactory: (logger: Logger) => resolveAdminToken(config, logger) },
              { provide: APP_GUARD, useClass: AuthGuard },
            ]),
        Lifecycle,
      ],
      exports: [CONFIG, CLOCK, LOGGER, EVENT_STORE, BusinessDay, Engine, Dossiers, PersonClaims, Accounts, ReadModelDb, ProjectionRunner, ReadFence, OrgDirectory],
    };
  }
}
