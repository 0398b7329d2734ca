/**
 * The timer service assembled without Nest, on an in-memory SQLite event store: what src/timers/timers.module.ts
 * wires, with the scheduler, the notification queue and the clock chosen by the test. The timers' runner is not
 * started: `settle()` applies the log and syncs the scheduler, so a test says exactly when the read model moves.
 */
import { BusinessDay } from '../../src/engine/clock';
import { DEFAULT_STALL_DAYS, type TimersConfig } from '../../src/config/config';
import type { Clock } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import type { EventStore, StoredEvent } from '../../src/engine/event-store';
import { StreamNotFoundError } from '../../src/engine/errors';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { OrgLookup } from '../../src/timers/ladder';
import { Notifier } from '../../src/timers/notifier';
import { Reminders } from '../../src/timers/reminders';
import type { Scheduler } from '../../src/timers/scheduler';
import { TimerReadModels } from '../../src/timers/timer-read-models';
import { TimerService } from '../../src/timers/timer-service';
import type { Fetch, WebhookTarget } from '../../src/timers/webhook';
import type { AdmissionEvent } from '../../workflows/admission';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface TimersHarnessOptions {
  clock: Clock;
  scheduler: Scheduler;
  queue: Scheduler;
  config?: Partial<TimersConfig>;
  webhook?: WebhookTarget;
  fetch?: Fetch;
  orgs?: OrgLookup;
  /** another harness's store: a second replica, or the same data after a restart */
  store?: EventStore;
}

export type TimersHarness = Awaited<ReturnType<typeof timersHarness>>;

export async function timersHarness(options: TimersHarnessOptions) {
  const { clock, scheduler, queue } = options;
  const store = options.store ?? new SqliteEventStore(':memory:');
  const engine = new Engine(store, { clock });
  const dossiers = new Dossiers(engine, store, new BusinessDay(clock, TIME_ZONE));
  const readModels = new TimerReadModels(':memory:', store);
  const config: TimersConfig = {
    stallDays: { ...DEFAULT_STALL_DAYS },
    escalationDays: 7,
    sweepIntervalMs: 3600_000,
    quietMs: 0,
    ...options.config,
  };
  const logs: Record<string, unknown>[] = [];
  const logger = {
    info: (details: object, msg: string) => void logs.push({ level: 'info', ...details, msg }),
    warn: (details: object, msg: string) => void logs.push({ level: 'warn', ...details, msg }),
  };
  const orgs = options.orgs ?? { get: () => undefined };
  const notifier = new Notifier({ queue, engine, readModels, clock, logger, timeZone: TIME_ZONE, webhook: options.webhook, fetch: options.fetch });
  const reminders = new Reminders({
    engine,
    readModels,
    orgs,
    clock,
    timeZone: TIME_ZONE,
    config,
    notify: (eventId, dossierId) => notifier.enqueue(eventId, dossierId),
  });
  const service = new TimerService({ scheduler, readModels, store, dossiers, engine, reminders, notifier, clock, logger, timeZone: TIME_ZONE, config });

  const read = async (streamId: string): Promise<StoredEvent[]> => {
    try {
      return await store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  };

  return {
    store,
    engine,
    dossiers,
    readModels,
    reminders,
    service,
    scheduler,
    logs,
    /** records the events as a clerk of cell-a would, each accepted by the workflow */
    async record(dossierId: string, events: readonly AdmissionEvent[]): Promise<void> {
      for (const event of events) await dossiers.record(dossierId, event, { actor: 'clerk@cell-a', orgId: 'cell-a' });
    },
    /** applies the log to the timers' read models and syncs the scheduler with the rows that changed */
    async settle(): Promise<void> {
      await readModels.runner.catchUp();
      await service.sync();
    },
    /** DeadlineMissed records of a dossier, as data */
    async missed(dossierId: string) {
      return (await read(`deadlines-${dossierId}`)).map((e) => e.data);
    },
    /** event types of a dossier's reminders stream, in order */
    async reminderEvents(dossierId: string) {
      return (await read(`reminders-${dossierId}`)).map((e) => e.type);
    },
    /** the dossier's own stream: the timers must never write there */
    async dossierRevision(dossierId: string) {
      return (await read(`dossier-${dossierId}`)).length - 1;
    },
    async close(closeStore = true): Promise<void> {
      await service.close();
      readModels.close();
      if (closeStore) await store.close();
    },
  };
}
