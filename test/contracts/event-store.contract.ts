import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, StoredEvent } from '../../src/engine/event-store';
import { EngineError } from '../../src/engine/errors';

/**
 * The EventStore port's contract, run against every adapter. Each adapter's test file calls
 * `eventStoreContract('name', factory)`; the factory returns a store and a cleanup.
 *
 * Tests name their streams with a fresh prefix and read the global log from `startAfter`, so the suite can also
 * run against a shared, non-empty server (a real EventStoreDB given by EVENTSTORE_TEST_URL).
 */
export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
  /** true when global positions are consecutive integers (SQLite); EventStoreDB's are sparse */
  consecutivePositions: boolean;
  /** the end of the global log when the test starts (omit for an empty store) */
  startAfter?: number;
}

export function newEvent(type = 'Something', data: Record<string, unknown> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: { by: 'contract' } };
}

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error.code;
    throw error;
  }
  return 'OK';
}

async function readWholeLog(store: EventStore, after: number | undefined, page = 7): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: all.length ? all[all.length - 1].position : after, maxCount: page });
    all.push(...batch);
    if (batch.length < page) return all;
  }
}

/** The next `count` events of a subscription (fewer if it ends). */
export async function take(iterator: AsyncIterator<StoredEvent>, count: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

export function eventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    const stream = (n: string) => `${prefix}-${n}`;
    const mine = (events: StoredEvent[]) => events.filter((e) => e.streamId.startsWith(prefix));

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      prefix = `c${randomUUID().slice(0, 8)}`;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('append and read a stream', () => {
      it('stores events in order with their data, metadata, revision and time', async () => {
        const events = [newEvent('A', { n: 1, text: 'Nguyễn Văn An' }), newEvent('B', { n: 2 }), newEvent('C')];
        const result = await store.append(stream('s'), events, 'no_stream');
        expect(result.nextRevision).toBe(2);

        const read = await store.readStream(stream('s'));
        expect(read.map((e) => [e.id, e.type, e.revision, e.streamId])).toEqual([
          [events[0].id, 'A', 0, stream('s')],
          [events[1].id, 'B', 1, stream('s')],
          [events[2].id, 'C', 2, stream('s')],
        ]);
        expect(read[0].data).toEqual({ n: 1, text: 'Nguyễn Văn An' });
        expect(read[0].metadata).toEqual({ by: 'contract' });
        expect(read[2].position).toBe(result.position);
        expect(read[0].position).toBeLessThan(read[1].position);
        expect(Number.isNaN(Date.parse(read[0].recordedAt))).toBe(false);
      });

      it('reads from a revision and at most a count', async () => {
        await store.append(stream('s'), [newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D')], 'no_stream');
        const read = await store.readStream(stream('s'), { fromRevision: 1, maxCount: 2 });
        expect(read.map((e) => e.type)).toEqual(['B', 'C']);
        expect(await store.readStream(stream('s'), { fromRevision: 4 })).toEqual([]);
      });

      it('reports a stream that does not exist as STREAM_NOT_FOUND', async () => {
        expect(await codeOf(store.readStream(stream('missing')))).toBe('STREAM_NOT_FOUND');
      });
    });

    describe('expected revision', () => {
      it('no_stream succeeds once and then conflicts', async () => {
        await store.append(stream('s'), [newEvent()], 'no_stream');
        expect(await codeOf(store.append(stream('s'), [newEvent()], 'no_stream'))).toBe('REVISION_CONFLICT');
      });

      it('an exact revision must match the last event', async () => {
        await store.append(stream('s'), [newEvent(), newEvent()], 'no_stream');
        expect(await codeOf(store.append(stream('s'), [newEvent()], 0))).toBe('REVISION_CONFLICT');
        expect(await codeOf(store.append(stream('s'), [newEvent()], 2))).toBe('REVISION_CONFLICT');
        expect(await codeOf(store.append(stream('other'), [newEvent()], 0))).toBe('REVISION_CONFLICT');
        expect((await store.append(stream('s'), [newEvent()], 1)).nextRevision).toBe(2);
      });

      it('any appends to a new or an existing stream', async () => {
        expect((await store.append(stream('s'), [newEvent()], 'any')).nextRevision).toBe(0);
        expect((await store.append(stream('s'), [newEvent(), newEvent()], 'any')).nextRevision).toBe(2);
      });

      it('of concurrent appends at the same revision exactly one wins', async () => {
        await store.append(stream('s'), [newEvent('Opened')], 'no_stream');
        const attempts = Array.from({ length: 20 }, (_, i) => codeOf(store.append(stream('s'), [newEvent(`T${i}`)], 0)));
        const codes = await Promise.all(attempts);
        expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
        expect(codes.filter((c) => c === 'REVISION_CONFLICT')).toHaveLength(19);
        const events = await store.readStream(stream('s'));
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
      });

      it('of concurrent stream creations exactly one wins', async () => {
        const codes = await Promise.all(
          Array.from({ length: 10 }, () => codeOf(store.append(stream('new'), [newEvent(), newEvent()], 'no_stream'))),
        );
        expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
        expect(await store.readStream(stream('new'))).toHaveLength(2);
      });
    });

    describe('atomic multi-event appends', () => {
      it('a refused append of several events writes none of them', async () => {
        await store.append(stream('s'), [newEvent('A')], 'no_stream');
        const code = await codeOf(store.append(stream('s'), [newEvent('X'), newEvent('Y'), newEvent('Z')], 5));
        expect(code).toBe('REVISION_CONFLICT');
        expect((await store.readStream(stream('s'))).map((e) => e.type)).toEqual(['A']);
        expect(mine(await readWholeLog(store, subject.startAfter)).map((e) => e.type)).toEqual(['A']);
      });

      it('events of one append stay together, in order, in the stream and in the global log', async () => {
        const appends = Array.from({ length: 10 }, (_, a) =>
          Array.from({ length: 5 }, (__, i) => newEvent(`A${a}`, { i })),
        );
        await Promise.all(appends.map((events) => store.append(stream('s'), events, 'any')));
        const inStream = await store.readStream(stream('s'));
        const inLog = mine(await readWholeLog(store, subject.startAfter));
        for (const events of [inStream, inLog]) {
          expect(events).toHaveLength(50);
          for (let start = 0; start < 50; start += 5) {
            const group = events.slice(start, start + 5);
            expect(new Set(group.map((e) => e.type)).size).toBe(1);
            expect(group.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
          }
        }
        expect(inStream.map((e) => e.revision)).toEqual([...Array(50).keys()]);
      });
    });

    describe('idempotent re-append', () => {
      it('the same event ids at the same expected revision return the first result and write nothing', async () => {
        const first = [newEvent('A'), newEvent('B')];
        const result = await store.append(stream('s'), first, 'no_stream');
        const again = await store.append(stream('s'), first, 'no_stream');
        expect(again).toEqual(result);
        const next = [newEvent('C')];
        const third = await store.append(stream('s'), next, 1);
        expect(await store.append(stream('s'), next, 1)).toEqual(third);
        expect((await store.readStream(stream('s'))).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });
    });

    describe('the global log', () => {
      it('holds every acknowledged event exactly once, in strictly increasing positions', async () => {
        const writers = Array.from({ length: 8 }, async (_, w) => {
          const acknowledged: string[] = [];
          for (let i = 0; i < 12; i++) {
            const events = [newEvent('E', { w, i })];
            await store.append(stream(`w${w}`), events, i === 0 ? 'no_stream' : i - 1);
            acknowledged.push(events[0].id);
          }
          return acknowledged;
        });
        const acknowledged = (await Promise.all(writers)).flat();
        const log = mine(await readWholeLog(store, subject.startAfter));
        expect(log.map((e) => e.id).sort()).toEqual([...acknowledged].sort());
        for (let i = 1; i < log.length; i++) expect(log[i].position).toBeGreaterThan(log[i - 1].position);
        for (let w = 0; w < 8; w++) {
          const ofWriter = log.filter((e) => e.streamId === stream(`w${w}`));
          expect(ofWriter.map((e) => e.data.i)).toEqual([...Array(12).keys()]);
        }
        if (subject.consecutivePositions) {
          const first = log[0].position;
          expect(log.map((e) => e.position)).toEqual(log.map((_, i) => first + i));
        }
      });

      it('reads strictly after a position', async () => {
        await store.append(stream('a'), [newEvent('A1'), newEvent('A2')], 'no_stream');
        const { position } = await store.append(stream('b'), [newEvent('B1')], 'no_stream');
        await store.append(stream('a'), [newEvent('A3')], 1);
        expect(mine(await store.readAll({ after: position })).map((e) => e.type)).toEqual(['A3']);
        const firstTwo = mine(await readWholeLog(store, subject.startAfter)).slice(0, 2);
        expect(firstTwo.map((e) => e.type)).toEqual(['A1', 'A2']);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers exactly the events after P, then live ones, in order', async () => {
        await store.append(stream('s'), [newEvent('E1'), newEvent('E2')], 'no_stream');
        const { position } = await store.append(stream('s'), [newEvent('E3')], 1);
        await store.append(stream('t'), [newEvent('E4'), newEvent('E5')], 'no_stream');

        const subscription = store.subscribeToAll({ after: position });
        const iterator = subscription[Symbol.asyncIterator]();
        const history = mine(await take(iterator, 2));
        expect(history.map((e) => e.type)).toEqual(['E4', 'E5']);

        const live = take(iterator, 3);
        await store.append(stream('s'), [newEvent('E6')], 2);
        await store.append(stream('u'), [newEvent('E7'), newEvent('E8')], 'no_stream');
        expect(mine(await live).map((e) => e.type)).toEqual(['E6', 'E7', 'E8']);
        await subscription.close();
      });

      it('from the beginning delivers the whole log, and close ends the iteration', async () => {
        await store.append(stream('s'), [newEvent('E1'), newEvent('E2')], 'no_stream');
        const subscription = store.subscribeToAll({ after: subject.startAfter });
        const iterator = subscription[Symbol.asyncIterator]();
        const seen: string[] = [];
        while (seen.length < 2) {
          const next = await iterator.next();
          if (next.done) throw new Error('subscription ended early');
          if (next.value.streamId === stream('s')) seen.push(next.value.type);
        }
        expect(seen).toEqual(['E1', 'E2']);
        await subscription.close();
        expect((await iterator.next()).done).toBe(true);
      });
    });

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
