/**
 * A replay (src/read-models/replay.ts, the path of rebuilds and long catch-ups) must leave exactly the read models the
 * live runner's small batches leave (ReadModelDb.applyBatch) over the same log: same content hash, table by table.
 * The log is a province with transfers, moves and a succession in the middle and at the end (org_ancestry rows
 * deleted and rewritten, aggregates that stop being kept), quotas, a token, and counters that come back to 0 and
 * must disappear. The replay runs on this thread and on its writer thread, in chunks that cut the log anywhere, after
 * a replay that stopped half-way (rows and sums read back from the file), with memory so short that it forgets what
 * it holds after every chunk, and reading the embedded store's file on its reader thread.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ProjectedEvent, Projection } from '../../projections/projection';
import type { EventStore, ReadAllOptions, StoredEvent } from '../../src/engine/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ALL_PROJECTIONS } from '../../src/read-models/projections';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import { replay, type ReplayOptions } from '../../src/read-models/replay';
import { TIMER_PROJECTIONS } from '../../src/timers/timer-read-models';
import { built } from '../support/built';
import { province } from '../support/province-generator';
import { restructuredProvinceLog } from '../support/restructured-province';
import { tempDir } from '../support/temp-dir';

/** A log held in an array, read as the runner reads a store; `end` cuts it short (a replay that stopped there). */
function arrayStore(events: ProjectedEvent[], end = events.length): EventStore {
  const log = events.slice(0, end) as StoredEvent[];
  const unused = () => Promise.reject(new Error('not used by a replay'));
  return {
    readAll: ({ after = 0, maxCount = 500 }: ReadAllOptions = {}) => Promise.resolve(log.filter((e) => e.position > after).slice(0, maxCount)),
    append: unused,
    readStream: unused,
    subscribeToAll: () => {
      throw new Error('not used by a replay');
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Each table's rows in key order, hashed: which table differs, when one does. */
function tableHashes(db: ReadModelDb): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const table of db.projections.flatMap((p) => p.tables)) {
    const columns = Object.keys(table.columns).map((c) => `"${c}"`);
    const rows = db.db.prepare(`SELECT ${columns.join(', ')} FROM "${table.name}" ORDER BY ${table.key.map((k) => `"${k}"`).join(', ')}`).raw().all();
    hashes[table.name] = `${rows.length} rows ${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
  }
  return hashes;
}

const admin = { actor: 'admin', orgId: 'tinh-uy', occurredOn: '2025-06-30' };

/**
 * The province's log (every `nth` dossier of it: the timers' projections cost far more per event), with a token and,
 * before the first transfer, a reminder raised (and one acknowledged) for each dossier that is transferred later: a
 * transfer moves its dossier's reminders (a `where` on a column that is not the key).
 */
async function variedLog(nth: number): Promise<ProjectedEvent[]> {
  const log = (await restructuredProvinceLog(600)).filter((e) => !e.streamId.startsWith('dossier-') || Number.parseInt(e.streamId.slice(-4), 16) % nth === 0);
  const at = (type: string, streamId: string, data: Record<string, unknown>): Omit<ProjectedEvent, 'position'> => ({
    id: `${type}-${streamId}`, type, streamId, revision: 0, recordedAt: '2025-06-30T03:00:00.000Z', metadata: admin, data,
  });
  const transfers = log.filter((e) => e.type === 'DossierTransferred');
  const reminders = transfers.flatMap((t, i) => {
    const dossierId = t.streamId.slice('dossier-'.length);
    const raised = at('ReminderRaised', `reminders-${dossierId}`, {
      reminderId: `r-${dossierId}`, dossierId, kind: 'stall', rule: null, step: 'nominated', deadlineKey: `stall-${dossierId}`,
      dueOn: '2025-01-02', cellId: 'somewhere', escalationLevel: 0, targetOrgId: null,
    });
    return i % 2 === 0 ? [raised] : [raised, { ...at('ReminderAcknowledged', `reminders-${dossierId}`, { reminderId: `r-${dossierId}` }), revision: 1 }];
  });
  // An account with two tokens, one revoked, then moved: the access tokens and the audit's account map read their rows back.
  const account = [
    at('AccountCreated', 'account-1', { accountId: '1', username: 'van-thu', displayName: 'Văn thư', role: 'clerk', orgId: 'tinh-uy', kind: 'machine' }),
    { ...at('TokenIssued', 'account-1', { tokenId: 't1', tokenHash: 'ab12', subject: 'clerk', role: 'clerk', orgId: 'tinh-uy', expiresAt: '2025-09-28T03:00:00.000Z' }), revision: 1 },
    { ...at('TokenIssued', 'account-1', { tokenId: 't2', tokenHash: 'cd34', subject: 'clerk', role: 'clerk', orgId: 'tinh-uy', expiresAt: '2025-09-28T03:00:00.000Z' }), id: 'TokenIssued-account-1-t2', revision: 2 },
    { ...at('TokenRevoked', 'account-1', { tokenId: 't1' }), revision: 3 },
  ];
  const moved = { ...at('AccountScopeChanged', 'account-1', { role: 'viewer', orgId: 'tinh-uy' }), revision: 4 };
  const first = log.indexOf(transfers[0]);
  return [...log.slice(0, first), ...reminders, ...account, ...log.slice(first), moved].map((e, i) => ({ ...e, position: i + 1 }));
}

describe.each([
  ['the API read models', ALL_PROJECTIONS, 1],
  ['the timers read models', TIMER_PROJECTIONS, 4],
])('a replay of %s', (_, projections: Projection[], nth: number) => {
  const temp = tempDir();
  let events: ProjectedEvent[];
  let incremental: ReadModelDb;
  let expected: Record<string, string>;

  beforeAll(async () => {
    events = await variedLog(nth);
    incremental = new ReadModelDb(join(temp.dir, 'incremental.db'), projections);
    // batches of every size the live runner makes, from one event to its default of 500
    let seed = 7;
    for (let i = 0; i < events.length; ) {
      seed = (seed * 48271) % 2147483647;
      const size = 1 + (seed % 500);
      incremental.applyBatch(events.slice(i, i + size));
      i += size;
    }
    expected = tableHashes(incremental);
    // what the log must make for the comparison to mean something
    for (const table of ['org_ancestry', 'stage_intervals', 'org_stage_ages', 'report_counts', 'quotas', 'access_tokens', 'timer_deadlines', 'timer_reminders']) {
      if (table in expected) expect(`${table}: ${expected[table]}`).not.toMatch(/: 0 rows/);
    }
  }, 60_000);
  afterAll(() => {
    incremental.close();
    temp.remove();
  });

  const cases: [string, ReplayOptions][] = [
    ['on this thread, in chunks of 997 events', { writer: 'thread', chunkEvents: 997 }],
    ['on its writer thread, in chunks of 1 500 events', { writer: 'worker', chunkEvents: 1500 }],
    ['forgetting every row it holds after each chunk of 2 000', { writer: 'thread', chunkEvents: 2000, maxHeapBytes: 1 }],
  ];

  it.each(cases)('leaves what the live runner leaves, %s', async (name, options) => {
    const db = new ReadModelDb(join(temp.dir, `${name}.db`), projections);
    const script = options.writer === 'worker' ? built('src/read-models/replay-worker.js') : undefined;
    const progress: number[] = [];
    const read = await replay(arrayStore(events), db, { ...options, workerScript: script, onProgress: (position) => progress.push(position) });
    expect(read).toBe(events.length);
    expect(progress[progress.length - 1]).toBe(events.length);
    // a chunk ends every chunkEvents events, and also at the end of a page of the log when memory runs short
    if (options.maxHeapBytes === undefined) expect(progress.length).toBe(Math.ceil(events.length / options.chunkEvents!));
    else expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(events.length / options.chunkEvents!));
    expect(tableHashes(db)).toEqual(expected);
    expect(db.contentHash()).toBe(incremental.contentHash());
    db.close();
  });

  it('resumes a replay that stopped half-way and leaves what the live runner leaves', async () => {
    const file = join(temp.dir, 'resumed.db');
    const half = new ReadModelDb(file, projections);
    await replay(arrayStore(events, Math.floor(events.length / 2)), half, { writer: 'thread', chunkEvents: 1234 });
    half.close();
    const resumed = new ReadModelDb(file, projections);
    expect(resumed.lowestCheckpoint()).toBe(Math.floor(events.length / 2));
    expect(await replay(arrayStore(events), resumed, { writer: 'thread', chunkEvents: 1234 })).toBe(events.length - Math.floor(events.length / 2));
    expect(tableHashes(resumed)).toEqual(expected);
    resumed.close();
  });

  it('the live runner goes on from a replay: checkpoints and cached reads are the file’s', async () => {
    const db = new ReadModelDb(join(temp.dir, 'then-live.db'), projections);
    const cut = events.length - 40;
    await replay(arrayStore(events, cut), db, { writer: 'thread' });
    expect(db.lowestCheckpoint()).toBe(cut);
    db.applyBatch(events.slice(cut));
    expect(tableHashes(db)).toEqual(expected);
    db.close();
  });
});

describe('a replay that reads the embedded store on a thread of its own', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it('leaves what the live runner leaves over the same file', async () => {
    const generated = await province(600);
    const store = new SqliteEventStore(generated.file);
    try {
      const live = new ReadModelDb(join(temp.dir, 'store-live.db'), ALL_PROJECTIONS);
      for (let after = 0; ; ) {
        const batch = await store.readAll({ after, maxCount: 333 });
        if (batch.length === 0) break;
        live.applyBatch(batch);
        after = batch[batch.length - 1].position;
      }
      const replayed = new ReadModelDb(join(temp.dir, 'store-replayed.db'), ALL_PROJECTIONS);
      const options: ReplayOptions = { reader: 'thread', readerScript: built('src/event-store/sqlite/log-reader-worker.js'), pageSize: 700, chunkEvents: 2500 };
      expect(await replay(store, replayed, options)).toBe(generated.events);
      expect(replayed.contentHash()).toBe(live.contentHash());
      live.close();
      replayed.close();
    } finally {
      await store.close();
    }
  });
});
