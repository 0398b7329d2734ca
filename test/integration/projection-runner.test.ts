import { join } from 'node:path';
import type { EventStore, StoredEvent, Subscription } from '../../src/engine/event-store';
import type { Projection } from '../../projections/projection';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-models/projection-runner';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import { newEvent } from '../contracts/event-store.contract';
import { tempDir } from '../support/temp-dir';

/** Counts events per stream: applying an event twice, or missing one, shows in the counts. */
const counting = (version = 1): Projection => ({
  name: 'counting',
  version,
  tables: [{ name: 'counts', columns: { stream_id: 'TEXT', n: 'INTEGER' }, key: ['stream_id'] }],
  apply: (event, rows) => [
    { table: 'counts', upsert: { stream_id: event.streamId, n: Number(rows.get('counts', { stream_id: event.streamId })?.n ?? 0) + 1 } },
  ],
});

function counts(db: ReadModelDb): Record<string, number> {
  return Object.fromEntries((db.db.prepare('SELECT stream_id, n FROM counts').all() as { stream_id: string; n: number }[]).map((r) => [r.stream_id, r.n]));
}

describe('ProjectionRunner', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const file = () => join(temp.dir, 'read-models.db');
  beforeEach(() => {
    temp = tempDir();
    store = new SqliteEventStore(join(temp.dir, 'events.db'), { pollIntervalMs: 10 });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('follows the log live and tells a writer when its event is in the read models', async () => {
    const db = new ReadModelDb(file(), [counting()]);
    const runner = new ProjectionRunner(store, db);
    runner.start();
    await store.append('a', [newEvent(), newEvent()], 'no_stream');
    const { position } = await store.append('b', [newEvent()], 'no_stream');
    expect(await runner.waitFor(position, 2000)).toBe(true);
    expect(counts(db)).toEqual({ a: 2, b: 1 });
    expect(await runner.waitFor(position + 100, 30)).toBe(false);
    await runner.stop();
    db.close();
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    let db = new ReadModelDb(file(), [counting()]);
    let runner = new ProjectionRunner(store, db);
    await store.append('a', [newEvent(), newEvent(), newEvent()], 'no_stream');
    await runner.catchUp();
    db.close();

    await store.append('a', [newEvent()], 2);
    db = new ReadModelDb(file(), [counting()]);
    expect(db.checkpoint('counting')).toBe(3);
    runner = new ProjectionRunner(store, db);
    runner.start();
    expect(await runner.waitFor(4, 2000)).toBe(true);
    expect(counts(db)).toEqual({ a: 4 });
    await runner.stop();
    db.close();
  });

  it('rebuilds a projection from the start when its version changes', async () => {
    let db = new ReadModelDb(file(), [counting(1)]);
    await store.append('a', [newEvent(), newEvent()], 'no_stream');
    await new ProjectionRunner(store, db).catchUp();
    db.db.prepare("UPDATE counts SET n = 99 WHERE stream_id = 'a'").run(); // a stale, wrong row
    db.close();

    db = new ReadModelDb(file(), [counting(2)]);
    expect(db.checkpoint('counting')).toBe(0);
    await new ProjectionRunner(store, db).catchUp();
    expect(counts(db)).toEqual({ a: 2 });
    db.close();
  });

  it('writes a backlog in batches, one transaction each, with progress', async () => {
    for (let i = 0; i < 20; i++) await store.append(`s${i}`, Array.from({ length: 50 }, () => newEvent()), 'no_stream');
    const db = new ReadModelDb(file(), [counting()]);
    const batches: number[] = [];
    const runner = new ProjectionRunner(store, db, { batchSize: 300, onProgress: (_, n) => batches.push(n) });
    runner.start();
    expect(await runner.waitFor(1000, 5000)).toBe(true);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(300);
    expect(batches.length).toBeLessThan(20);
    await runner.stop();
    db.close();
  });
});

describe('ProjectionRunner over a subscription that fails', () => {
  it('resubscribes from where it was after the store drops the subscription, losing and doubling nothing', async () => {
    const temp = tempDir();
    const store = new SqliteEventStore(join(temp.dir, 'events.db'), { pollIntervalMs: 10 });
    let failuresLeft = 2;
    // The first two subscriptions fail after handing over two events, as a lost connection would.
    const flaky = Object.create(store) as SqliteEventStore;
    flaky.subscribeToAll = (options) => {
      const inner = store.subscribeToAll(options);
      if (failuresLeft-- <= 0) return inner;
      const iterator = inner[Symbol.asyncIterator]();
      let handed = 0;
      return {
        close: () => inner.close(),
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            if (handed++ === 2) {
              await inner.close();
              throw new Error('connection lost');
            }
            return iterator.next();
          },
        }),
      };
    };
    for (let i = 0; i < 10; i++) await store.append(`s${i % 3}`, [newEvent()], 'any');
    const db = new ReadModelDb(':memory:', [counting()]);
    const errors: string[] = [];
    const runner = new ProjectionRunner(flaky, db, { batchSize: 1, maxRetryDelayMs: 10, onError: (e) => errors.push((e as Error).message) });
    runner.start();
    expect(await runner.waitFor(10, 3000)).toBe(true);
    expect(counts(db)).toEqual({ s0: 4, s1: 3, s2: 3 });
    expect(errors).toEqual(['connection lost', 'connection lost']);
    await runner.stop();
    db.close();
    await store.close();
    temp.remove();
  });
});

/** A log the test hands events to one at a time, to watch where the runner cuts its batches. */
function handFedLog() {
  const queue: StoredEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let position = 0;
  const store = {
    subscribeToAll: (): Subscription => ({
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length > 0) yield queue.shift()!;
          if (closed) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      close: async () => {
        closed = true;
        wake?.();
      },
    }),
  } as unknown as EventStore;
  return {
    store,
    hand(streamId: string): number {
      position += 1;
      queue.push({ id: `e${position}`, streamId, type: 'Counted', data: {}, metadata: {}, revision: 0, position, recordedAt: '' });
      const resume = wake;
      wake = undefined;
      resume?.();
      return position;
    },
  };
}

/** Lets the subscription hand over what it holds and the runner react (several turns of the event loop). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('ProjectionRunner lingering over a stream of writes', () => {
  /** A started runner with this linger over a hand-fed log, and the sizes of the batches it writes. */
  const lingering = (lingerMs: number) => {
    const log = handFedLog();
    const db = new ReadModelDb(':memory:', [counting()]);
    const batches: number[] = [];
    const runner = new ProjectionRunner(log.store, db, { lingerMs, onProgress: (_, n) => batches.push(n) });
    runner.start();
    return { log, db, batches, runner };
  };
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('given a linger of 1 s, when three events arrive, then they are written as one batch 1 s after the first, not before', async () => {
    const { log, db, batches, runner } = lingering(1000);
    log.hand('a');
    await settle();
    log.hand('a');
    log.hand('b');
    await settle();
    jest.advanceTimersByTime(999);
    await settle();
    expect(batches).toEqual([]);
    expect(runner.position).toBe(0);

    jest.advanceTimersByTime(1);
    await settle();
    expect(batches).toEqual([3]);
    expect(counts(db)).toEqual({ a: 2, b: 1 });
    await runner.stop();
    db.close();
  });

  it('given a lingering batch, when a reader starts waiting, then the batch is written at once', async () => {
    const { log, db, batches, runner } = lingering(60_000);
    log.hand('a');
    const position = log.hand('b');
    await settle();
    expect(batches).toEqual([]);

    const caughtUp = runner.waitFor(position, 120_000);
    await settle();
    expect(batches).toEqual([2]);
    await expect(caughtUp).resolves.toBe(true);

    // The next event, with the reader gone, lingers again.
    log.hand('c');
    await settle();
    expect(batches).toEqual([2]);
    await runner.stop();
    expect(batches).toEqual([2, 1]);
    db.close();
  });
});
