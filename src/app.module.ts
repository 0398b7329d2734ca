import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Config } from './config/config';
import { Clock, systemClock } from './engine/clock';
import { Engine } from './engine/engine';
import type { EventStore } from './engine/event-store';
import { createEventStore } from './event-store/create-event-store';
import { HealthController } from './http/health.controller';
import { createLogger, Logger } from './logging/logger';
import { CLOCK, CONFIG, EVENT_STORE, LOGGER } from './tokens';


export interface AppOverrides {
  clock?: Clock;
  store?: EventStore;
  logger?: Logger;
}

/** Closes the event store when Nest shuts down (SIGTERM with enableShutdownHooks, or app.close()). */
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Nest only wires: adapters are chosen here from the config. */
@Module({})
export class AppModule {
  static register(config: Config, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: LOGGER, useValue: overrides.logger ?? createLogger(config) },
        { provide: EVENT_STORE, useFactory: () => overrides.store ?? createEventStore(config).store },
        {
          provide: Engine,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => new Engine(store, { clock }),
        },
        StoreCloser,
      ],
      exports: [CONFIG, CLOCK, LOGGER, EVENT_STORE, Engine],
    };
  }
}
