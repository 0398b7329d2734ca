import fc from 'fast-check';
import type { Clock } from '../../../src/engine/clock';
import { CommandContext, DecidedEvent, Engine, eventIdFor, prepareEvents, StreamType } from '../../../src/engine/engine';
import { RevisionConflictError } from '../../../src/engine/errors';
import { codeOf } from '../../contracts/event-store.contract';
import type { EventStore, ReadStreamOptions } from '../../../src/engine/event-store';
import { canonicalJson, canonicalMembers, chainedHash, eventHash, GENESIS_HASH, hashedText } from '../../../src/engine/hash-chain';
import { verifyStore } from '../../../src/engine/verify';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

/** A tally stream: each `Added` event adds its amount; deciding refuses to go above a limit. */
interface Tally {
  total: number;
  seen: number[];
}
const tally: StreamType<Tally> = {
  name: 'tally',
  evolve: (state, event) => ({
    total: (state?.total ?? 0) + Number(event.data.amount),
    seen: [...(state?.seen ?? []), Number(event.data.amount)],
  }),
};
const add =
  (amount: number, occurredOn = '2024-05-02') =>
  (): DecidedEvent[] => [{ type: 'Added', data: { amount }, occurredOn, machineVersion: 1, ruleSet: 'R2021' }];

class FakeClock implements Clock {
  constructor(private instant = new Date('2024-05-02T03:04:05.000Z')) {}
  now(): Date {
    return this.instant;
  }
}

/** Counts reads, to prove the cache spares the store. */
function countingReads(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = (streamId: string, options?: ReadStreamOptions) => {
    reads += 1;
    return store.readStream(streamId, options);
  };
  return { store: wrapped, reads: () => reads };
}

const who: CommandContext = { actor: 'clerk-1', orgId: 'cell-a' };

describe('Engine', () => {
  let store: SqliteEventStore;
  let engine: Engine;
  const clock = new FakeClock();

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    engine = new Engine(store, { clock });
  });
  afterEach(() => store.close());

  describe('given an empty stream, when a command decides an event', () => {
    it('then the event is appended with the full audit metadata', async () => {
      const result = await engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-1', correlationId: 'corr-9' }, add(5));

      expect(result).toMatchObject({ streamId: 'tally-1', revision: 0, state: { total: 5 }, replayed: false });
      const [stored] = await store.readStream('tally-1');
      expect(stored.id).toBe(eventIdFor('cmd-1', 0));
      expect(stored.metadata).toEqual({
        actor: 'clerk-1',
        orgId: 'cell-a',
        occurredOn: '2024-05-02',
        recordedAt: '2024-05-02T03:04:05.000Z',
        commandId: 'cmd-1',
        correlationId: 'corr-9',
        causationId: 'cmd-1',
        machineVersion: 1,
        ruleSet: 'R2021',
        prevHash: GENESIS_HASH,
        hash: eventHash(GENESIS_HASH, stored),
      });
    });

    it('then each further event chains to the hash of the one before', async () => {
      await engine.execute(tally, 'tally-1', who, add(1));
      await engine.execute(tally, 'tally-1', who, () => [...add(2)(), ...add(3)()]);
      const events = await store.readStream('tally-1');
      expect(events.map((e) => e.metadata.prevHash)).toEqual([
        GENESIS_HASH,
        events[0].metadata.hash,
        events[1].metadata.hash,
      ]);
      expect((await verifyStore(store)).ok).toBe(true);
    });
  });

  describe('given events prepared beforehand (prepareEvents, as an import does on worker threads)', () => {
    const history = () => [...add(2)(), ...add(3, '2024-05-03')()];
    const context = { ...who, commandId: 'cmd-p', fingerprint: 'f-1' };
    /** Prepared events whose hashed text is marked, so that the stored hashes tell whether the engine used them. */
    const marked = (decided: DecidedEvent[], forContext: CommandContext & { commandId: string }) => {
      const prepared = prepareEvents(decided, forContext);
      return { ...prepared, events: prepared.events.map(({ id, text }) => ({ id, text: [text[0], text[1], `${text[2]} `] as const })) };
    };

    async function storedAfter(prepared: (decided: DecidedEvent[]) => ReturnType<typeof prepareEvents> | undefined) {
      store.close();
      store = new SqliteEventStore(':memory:');
      engine = new Engine(store, { clock });
      const decided = history();
      await engine.execute(tally, 'tally-1', context, () => ({ events: decided, state: { total: 5, seen: [2, 3] }, prepared: prepared(decided) }));
      return (await store.readStream('tally-1')).map(({ id, type, data, metadata }) => JSON.stringify({ id, type, data, metadata }));
    }

    it('when they are for this very command, then they are stored, as the engine would stamp them itself', async () => {
      const own = await storedAfter(() => undefined);
      expect(await storedAfter((decided) => prepareEvents(decided, context))).toEqual(own);
      expect((await verifyStore(store)).ok).toBe(true);
      // the engine took them: the marked text gives other hashes
      expect(await storedAfter((decided) => marked(decided, context))).not.toEqual(own);
    });

    it('when they were prepared for another command, actor, fingerprint or correlation, or for fewer events, then they are not used', async () => {
      const own = await storedAfter(() => undefined);
      for (const other of [{ ...context, commandId: 'cmd-q' }, { ...context, actor: 'someone' }, { ...context, fingerprint: 'f-2' }, { ...context, correlationId: 'c' }]) {
        expect(await storedAfter((decided) => marked(decided, other))).toEqual(own);
      }
      expect(await storedAfter((decided) => marked(decided.slice(1), context))).toEqual(own);
    });
  });

  describe('idempotency', () => {
    it('replays the first result for a command id already run, without deciding again', async () => {
      await engine.execute(tally, 'tally-1', who, add(1));
      const first = await engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-2' }, add(10));
      await engine.execute(tally, 'tally-1', who, add(100));

      const decide = jest.fn(add(10));
      const again = await engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-2' }, decide);

      expect(decide).not.toHaveBeenCalled();
      expect(again).toMatchObject({ replayed: true, revision: first.revision, state: { total: 11 } });
      expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
      expect(await store.readStream('tally-1')).toHaveLength(3);
    });

    it('replays after a restart, from the stream alone', async () => {
      await engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-1' }, add(7));
      const restarted = new Engine(store, { clock });
      const again = await restarted.execute(tally, 'tally-1', { ...who, commandId: 'cmd-1' }, add(7));
      expect(again).toMatchObject({ replayed: true, revision: 0, state: { total: 7 } });
      expect(await store.readStream('tally-1')).toHaveLength(1);
    });

    it('refuses the same command id with another fingerprint', async () => {
      await engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-1', fingerprint: 'body-a' }, add(7));
      expect(await codeOf(engine.execute(tally, 'tally-1', { ...who, commandId: 'cmd-1', fingerprint: 'body-b' }, add(8)))).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await store.readStream('tally-1')).toHaveLength(1);
    });

    it('derives event ids from the command id as UUIDs, the same every time', () => {
      expect(eventIdFor('cmd-1', 0)).toBe(eventIdFor('cmd-1', 0));
      expect(eventIdFor('cmd-1', 0)).not.toBe(eventIdFor('cmd-1', 1));
      expect(eventIdFor('cmd-1', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('expected revision (If-Match)', () => {
    it('appends when the stream is at the expected revision', async () => {
      await engine.execute(tally, 'tally-1', who, add(1));
      const result = await engine.execute(tally, 'tally-1', { ...who, expectedRevision: 0 }, add(2));
      expect(result.revision).toBe(1);
    });

    it('refuses a stale revision without retrying and writes nothing', async () => {
      await engine.execute(tally, 'tally-1', who, add(1));
      await engine.execute(tally, 'tally-1', who, add(2));
      const decide = jest.fn(add(3));
      expect(await codeOf(engine.execute(tally, 'tally-1', { ...who, expectedRevision: 0 }, decide))).toBe('REVISION_CONFLICT');
      expect(decide).not.toHaveBeenCalled();
      expect(await store.readStream('tally-1')).toHaveLength(2);
    });

    it('lets exactly one of many parallel commands with the same expected revision win', async () => {
      await engine.execute(tally, 'tally-1', who, add(1));
      const codes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => codeOf(engine.execute(tally, 'tally-1', { ...who, expectedRevision: 0 }, add(i)))),
      );
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'REVISION_CONFLICT')).toHaveLength(49);
      expect((await store.readStream('tally-1')).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('-1 means the stream must not exist yet', async () => {
      await engine.execute(tally, 'tally-1', { ...who, expectedRevision: -1 }, add(1));
      expect(await codeOf(engine.execute(tally, 'tally-1', { ...who, expectedRevision: -1 }, add(1)))).toBe('REVISION_CONFLICT');
    });
  });

  describe('concurrency without If-Match', () => {
    it('serialises parallel commands on one stream inside a process: all succeed, none lost', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.execute(tally, 'tally-1', who, add(i))));
      expect(new Set(results.map((r) => r.revision)).size).toBe(50);
      const { state, revision } = await engine.load(tally, 'tally-1');
      expect(revision).toBe(49);
      expect(state?.total).toBe((49 * 50) / 2);
    });

    it('re-decides on the newer state when another process appended meanwhile', async () => {
      const other = new Engine(store, { clock });
      await engine.execute(tally, 'tally-1', who, add(1));
      await other.execute(tally, 'tally-1', who, add(2)); // our cache is now stale
      const seenStates: number[] = [];
      const result = await engine.execute(tally, 'tally-1', who, (state) => {
        seenStates.push(state?.total ?? 0);
        return add(4)();
      });
      expect(seenStates).toEqual([1, 3]);
      expect(result.state?.total).toBe(7);
      expect((await verifyStore(store)).ok).toBe(true);
    });

    it('gives up after a bounded number of attempts against a writer that always wins', async () => {
      const conflicts: boolean[] = [];
      const busy = Object.create(store) as EventStore;
      busy.append = async (streamId) => {
        throw new RevisionConflictError(streamId, '0', '1');
      };
      const stubborn = new Engine(busy, { clock, maxAttempts: 3, observer: { conflict: (_, retried) => conflicts.push(retried) } });
      expect(await codeOf(stubborn.execute(tally, 'tally-1', who, add(1)))).toBe('REVISION_CONFLICT');
      expect(conflicts).toEqual([true, true, false]);
    });
  });

  describe('the folded-state cache', () => {
    it('does not re-read a hot stream for each command', async () => {
      const counted = countingReads(store);
      const cached = new Engine(counted.store, { clock });
      await cached.execute(tally, 'tally-1', who, add(1));
      const readsAfterFirst = counted.reads();
      for (let i = 0; i < 20; i++) await cached.execute(tally, 'tally-1', who, add(1));
      expect(counted.reads()).toBe(readsAfterFirst);
    });

    it('evicts the least recently used stream beyond its size', async () => {
      const counted = countingReads(store);
      const small = new Engine(counted.store, { clock, cacheSize: 2 });
      for (const id of ['tally-a', 'tally-b', 'tally-c']) await small.execute(tally, id, who, add(1));
      const before = counted.reads();
      await small.execute(tally, 'tally-c', who, add(1)); // cached
      expect(counted.reads()).toBe(before);
      await small.execute(tally, 'tally-a', who, add(1)); // evicted: read again
      expect(counted.reads()).toBeGreaterThan(before);
    });

    it('keeps no state for events the decider left unfolded, and the next command folds them from the store', async () => {
      // Given a stream the engine has folded and cached, when a command appends events it marks unfolded,
      await engine.execute(tally, 'tally-1', who, add(1));
      const unfolded = await engine.execute(tally, 'tally-1', who, () => ({ events: [...add(2)(), ...add(3)()], unfolded: true as const }));
      // then it answers no state, and the next command decides on the stream as the store holds it.
      expect(unfolded).toMatchObject({ revision: 2, state: undefined, replayed: false });
      const next = await engine.execute(tally, 'tally-1', who, (state) => (state?.total === 6 ? add(4)() : []));
      expect(next).toMatchObject({ revision: 3, state: { total: 10, seen: [1, 2, 3, 4] } });
      expect((await verifyStore(store)).ok).toBe(true);
    });
  });

  it('writes nothing when the decision throws', async () => {
    await expect(
      engine.execute(tally, 'tally-1', who, () => {
        throw new RangeError('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await codeOf(store.readStream('tally-1'))).toBe('STREAM_NOT_FOUND');
  });

  it('load sees what another process appended after this one cached the stream', async () => {
    await engine.execute(tally, 'tally-1', who, add(1));
    expect((await engine.load(tally, 'tally-1')).revision).toBe(0);
    await new Engine(store, { clock }).execute(tally, 'tally-1', who, add(5));
    expect(await engine.load(tally, 'tally-1')).toEqual({ state: { total: 6, seen: [1, 5] }, revision: 1 });
  });

  it('load answers the state a stream is in, read through to the store', async () => {
    expect(await engine.load(tally, 'tally-1')).toEqual({ state: undefined, revision: -1 });
    await new Engine(store, { clock }).execute(tally, 'tally-1', who, add(3));
    expect(await engine.load(tally, 'tally-1')).toEqual({ state: { total: 3, seen: [3] }, revision: 0 });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth so equal content hashes equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, skip: undefined })).toBe('{"a":1}');
  });

  it('is the canonical members of an object, joined', () => {
    expect(canonicalMembers({ b: [{ y: 1, x: 2 }], a: 'é', skip: undefined })).toEqual(['"a":"é"', '"b":[{"x":2,"y":1}]']);
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), (value) => {
        expect(`{${canonicalMembers(value).join(',')}}`).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('hashedText and chainedHash', () => {
  it('give the hash eventHash gives (the one verify checks), for any data and metadata', () => {
    // Given any event with prevHash and recordedAt in its metadata, when its text is prepared without them and the
    // hash taken with them, then it is eventHash's.
    const json = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), json, json, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.date(), (type, data, extra, prevHash, at) => {
        const recordedAt = Number.isNaN(at.getTime()) ? '2024-01-01T00:00:00.000Z' : at.toISOString();
        const metadata = { ...extra, actor: 'a', prevHash, recordedAt, hash: 'ignored' };
        const text = hashedText({ type, data, metadata: { ...metadata, prevHash: '', recordedAt: '' } });
        expect(chainedHash(prevHash, recordedAt, text)).toBe(eventHash(prevHash, { type, data, metadata }));
      }),
      { numRuns: 500 },
    );
  });

  it('take the canonical data from a caller that has it, to the same text', () => {
    const data = { z: 1, a: { c: [2, 1], b: null } };
    const metadata = { actor: 'a', prevHash: '', recordedAt: '' };
    expect(hashedText({ type: 'Added', data, metadata }, canonicalJson(data))).toEqual(hashedText({ type: 'Added', data, metadata }));
  });

  it('refuse metadata without the two values they leave open', () => {
    expect(() => hashedText({ type: 'Added', data: {}, metadata: { prevHash: '' } })).toThrow(RangeError);
  });
});

