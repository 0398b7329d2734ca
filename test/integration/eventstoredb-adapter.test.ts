import { StoreCorruptError } from '../../src/engine/errors';
import { EventStoreDbStore, EventStoreDbStoreOptions } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { codeOf, newEvent, take } from '../contracts/event-store.contract';
import { EsdbFake, EsdbFakeOptions } from '../support/esdb-fake/esdb-fake';

let fake: EsdbFake;
let store: EventStoreDbStore;

async function open(fakeOptions: EsdbFakeOptions = {}, storeOptions: EventStoreDbStoreOptions = {}): Promise<void> {
  fake = await EsdbFake.start(fakeOptions);
  store = EventStoreDbStore.fromConnectionString(fake.connectionString, storeOptions);
}

afterEach(async () => {
  await store?.close();
  await fake?.stop();
});

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/** What another writer or the server itself puts in the log, bypassing the adapter. */
function writeDirectly(streamId: string, type: string, data: Uint8Array, contentType = 'application/json'): void {
  const id = newEvent().id;
  fake.log.append(streamId, [{ id, type, contentType, data, metadata: new Uint8Array() }], { kind: 'any' });
}

/** Short polling for something the server does after the client has moved on (e.g. noticing a cancel). */
async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EventStoreDB adapter', () => {
  describe('system events', () => {
    it('are left out of $all reads, even when they fill whole pages', async () => {
      await open({}, { readPageSize: 2 });
      await store.append('a', [newEvent('A1')], 'no_stream');
      for (let i = 0; i < 5; i++) writeDirectly('$stats-127.0.0.1:2113', '$statsCollected', json({ i }));
      await store.append('a', [newEvent('$internal-looking')], 0);
      writeDirectly('$$a', '$metadata', json({ $maxAge: 10 }));
      await store.append('b', [newEvent('B1'), newEvent('B2')], 'no_stream');

      expect((await store.readAll()).map((e) => e.type)).toEqual(['A1', 'B1']);
      expect((await store.readAll({ maxCount: 1 })).map((e) => e.type)).toEqual(['A1']);
      expect((await store.readAll({ maxCount: 10 })).map((e) => e.type)).toEqual(['A1', 'B1', 'B2']);
      const [a1] = await store.readAll({ maxCount: 1 });
      expect((await store.readAll({ after: a1.position, maxCount: 1 })).map((e) => e.type)).toEqual(['B1']);
    });

    it('are left out of subscriptions', async () => {
      await open();
      writeDirectly('$settings', 'settings-changed', json({}));
      await store.append('a', [newEvent('A1')], 'no_stream');
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1)).map((e) => e.type)).toEqual(['A1']);
      writeDirectly('$stats', '$statsCollected', json({}));
      await store.append('a', [newEvent('A2')], 0);
      expect((await take(iterator, 1)).map((e) => e.type)).toEqual(['A2']);
      await subscription.close();
    });
  });

  describe('positions', () => {
    it('endPosition is the last event of the log, so a reader can start from "now"', async () => {
      await open({ seedSystemEvents: false });
      expect(await store.endPosition()).toBeUndefined();
      const { position } = await store.append('a', [newEvent('A1'), newEvent('A2')], 'no_stream');
      expect(await store.endPosition()).toBe(position);
      await store.append('b', [newEvent('B1')], 'no_stream');
      expect((await store.readAll({ after: position })).map((e) => e.type)).toEqual(['B1']);
    });

    it('an idempotent answer without a position (servers before 21.10) still returns the first result', async () => {
      await open({ idempotentReplyPosition: 'none' });
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append('s', events, 'no_stream');
      expect(await store.append('s', events, 'no_stream')).toEqual(first);
      expect(await store.readStream('s')).toHaveLength(2);
    });

    it('are the sparse commit positions of the log, the same in stream reads, $all reads and append results', async () => {
      await open();
      const first = await store.append('s', [newEvent('A'), newEvent('B')], 'no_stream');
      const inStream = await store.readStream('s');
      const inLog = await store.readAll();
      expect(inStream.map((e) => e.position)).toEqual(inLog.map((e) => e.position));
      expect(inStream[1].position).toBe(first.position);
      expect(inStream[1].position - inStream[0].position).toBeGreaterThan(1);
      expect(fake.userRecords().map((r) => Number(r.position))).toEqual(inLog.map((e) => e.position));
    });
  });

  describe('reading a stream', () => {
    it('with maxCount 0 still tells a missing stream from an existing one', async () => {
      await open();
      await store.append('s', [newEvent()], 'no_stream');
      expect(await store.readStream('s', { maxCount: 0 })).toEqual([]);
      expect(await codeOf(store.readStream('missing', { maxCount: 0 }))).toBe('STREAM_NOT_FOUND');
    });

    it('reports data that is not a JSON object as STORE_CORRUPT', async () => {
      await open();
      writeDirectly('s', 'Binary', Buffer.from([0xde, 0xad]), 'application/octet-stream');
      writeDirectly('s', 'Fine', json({}));
      writeDirectly('s', 'Fine', json({}));
      const error = await store.readStream('s').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreCorruptError);
      expect(error).toMatchObject({ code: 'STORE_CORRUPT', streamId: 's', revision: 0 });
    });

    it('keeps ids, types, data and metadata as appended, and recordedAt as the server time', async () => {
      await open();
      const before = Date.now();
      const event = { ...newEvent('Admitted', { member: 'Trần Thị Bình', stage: 3 }), metadata: { by: 'u-1', prev: null } };
      await store.append('s', [event], 'no_stream');
      const [stored] = await store.readStream('s');
      expect(stored).toMatchObject({ id: event.id, type: 'Admitted', data: event.data, metadata: event.metadata });
      expect(Date.parse(stored.recordedAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(stored.recordedAt)).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('connection strings', () => {
    it.each(['esdb', 'kurrentdb', 'kdb'])('accepts the %s:// scheme', async (scheme) => {
      await open();
      const other = EventStoreDbStore.fromConnectionString(fake.connectionString.replace(/^esdb:/, `${scheme}:`));
      try {
        await other.append('s', [newEvent('A')], 'no_stream');
        expect((await store.readStream('s')).map((e) => e.type)).toEqual(['A']);
      } finally {
        await other.close();
      }
    });
  });

  describe('lifecycle', () => {
    it('refuses an empty append, and everything after close', async () => {
      await open();
      await expect(store.append('s', [], 'any')).rejects.toThrow(RangeError);
      await store.close();
      expect(await codeOf(store.append('s', [newEvent()], 'any'))).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.readStream('s'))).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.readAll())).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.ping())).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.subscribeToAll()[Symbol.asyncIterator]().next())).toBe('STORE_UNAVAILABLE');
    });

    it('closing a subscription while it waits for a live event ends the iteration and the server side', async () => {
      await open();
      await store.append('s', [newEvent('A')], 'no_stream');
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ type: 'A' });
      const waiting = iterator.next();
      expect(fake.activeSubscriptions).toBe(1);

      await subscription.close();

      expect(await waiting).toEqual({ done: true, value: undefined });
      await until(() => fake.activeSubscriptions === 0);
    });

    it('breaking out of a for-await loop unsubscribes', async () => {
      await open();
      await store.append('s', [newEvent('A'), newEvent('B')], 'no_stream');
      const seen: string[] = [];
      for await (const event of store.subscribeToAll()) {
        seen.push(event.type);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual(['A', 'B']);
      await until(() => fake.activeSubscriptions === 0);
    });

    it('reading only the first event of a longer stream or log leaves nothing open (close does not hang)', async () => {
      await open();
      await store.append('s', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
      expect(await store.readStream('s', { maxCount: 1 })).toHaveLength(1);
      expect(await store.readAll({ maxCount: 1 })).toHaveLength(1);
      expect(await store.endPosition()).toBe((await store.readStream('s'))[2].position);
      await store.ping();
      await store.close();
    });
  });
});
