import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { tempDir } from '../support/temp-dir';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('SQLite', async () => {
  const temp = tempDir();
  const store = new SqliteEventStore(join(temp.dir, 'events.db'), { pollIntervalMs: 20 });
  return {
    store,
    consecutivePositions: true,
    cleanup: async () => {
      await store.close();
      temp.remove();
    },
  };
});
