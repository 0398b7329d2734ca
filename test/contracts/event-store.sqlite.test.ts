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

describe('SQLite stream heads kept in memory', () => {
  const event = (id: string) => ({ id, type: 'Noted', data: { n: 1 }, metadata: {} });

  it('sees appends made through another connection to the same file (another process)', async () => {
    const temp = tempDir();
    const file = join(temp.dir, 'events.db');
    const ours = new SqliteEventStore(file);
    const theirs = new SqliteEventStore(file);
    try {
      await ours.append('s-1', [event('00000000-0000-4000-8000-000000000001')], 'no_stream');
      expect(await ours.lastRevision('s-1')).toBe(0);
      await theirs.append('s-1', [event('00000000-0000-4000-8000-000000000002')], 0);
      expect(await ours.lastRevision('s-1')).toBe(1);
      await theirs.append('s-2', [event('00000000-0000-4000-8000-000000000003')], 'no_stream');
      expect(await ours.lastRevision('s-2')).toBe(0);
      expect(await ours.lastRevision('s-3')).toBeUndefined();
    } finally {
      await ours.close();
      await theirs.close();
      temp.remove();
    }
  });

  it('does not count an append that failed', async () => {
    const temp = tempDir();
    const store = new SqliteEventStore(join(temp.dir, 'events.db'));
    try {
      await store.append('s-1', [event('00000000-0000-4000-8000-000000000001')], 'no_stream');
      await expect(store.append('s-1', [event('00000000-0000-4000-8000-000000000002')], 5)).rejects.toThrow();
      expect(await store.lastRevision('s-1')).toBe(0);
      await store.append('s-1', [event('00000000-0000-4000-8000-000000000003')], 0);
      expect(await store.lastRevision('s-1')).toBe(1);
    } finally {
      await store.close();
      temp.remove();
    }
  });
});
