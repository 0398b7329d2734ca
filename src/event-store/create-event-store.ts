import { join } from 'node:path';
import type { Config } from '../config/config';
import type { EventStore } from '../engine/event-store';
import { EventStoreDbStore } from './eventstoredb/eventstoredb-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export type EventStoreKind = 'sqlite' | 'eventstoredb';

/** The embedded SQLite store unless a connection string names an EventStoreDB cluster. */
export function createEventStore(config: Pick<Config, 'eventStoreUrl' | 'dataDir'>): { store: EventStore; kind: EventStoreKind } {
  if (config.eventStoreUrl) return { store: EventStoreDbStore.fromConnectionString(config.eventStoreUrl), kind: 'eventstoredb' };
  return { store: new SqliteEventStore(join(config.dataDir, 'events.db')), kind: 'sqlite' };
}
