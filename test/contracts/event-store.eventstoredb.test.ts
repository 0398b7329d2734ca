import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { EsdbFake } from '../support/esdb-fake/esdb-fake';
import { ContractSubject, eventStoreContract, newEvent } from './event-store.contract';

/** A fresh fake per test; cleanup fails the test if the client took the other append path than the one advertised. */
function againstFake(batchAppend: boolean): () => Promise<ContractSubject> {
  return async () => {
    const fake = await EsdbFake.start({ batchAppend });
    const store = EventStoreDbStore.fromConnectionString(fake.connectionString);
    return {
      store,
      consecutivePositions: false,
      cleanup: async () => {
        await store.close();
        await fake.stop();
        const { append, batchAppend: batch } = fake.calls;
        if (batchAppend ? append > 0 : batch > 0) {
          throw new Error(`the client used the wrong append path: ${append} Append and ${batch} BatchAppend calls`);
        }
      },
    };
  };
}

eventStoreContract('EventStoreDB adapter, fake server, Append path', againstFake(false));
eventStoreContract('EventStoreDB adapter, fake server, BatchAppend path', againstFake(true));

const realServer = process.env.EVENTSTORE_TEST_URL;
if (realServer) {
  // The server is shared and not empty: the suite reads the log from its end at the start of each test.
  eventStoreContract(`EventStoreDB adapter, real server ${realServer}`, async () => {
    const store = EventStoreDbStore.fromConnectionString(realServer);
    return { store, consecutivePositions: false, startAfter: await store.endPosition(), cleanup: () => store.close() };
  });
} else {
  console.log('EventStore contract against a real EventStoreDB skipped: set EVENTSTORE_TEST_URL (e.g. esdb://127.0.0.1:2113?tls=false)');
  describe.skip('EventStore contract: EventStoreDB adapter, real server (EVENTSTORE_TEST_URL not set)', () => {
    it('runs the whole contract against the server', () => undefined);
  });
}

describe('the client takes the append path the server advertises', () => {
  it.each([
    { batchAppend: false, used: 'append', unused: 'batchAppend' },
    { batchAppend: true, used: 'batchAppend', unused: 'append' },
  ] as const)('BatchAppend advertised: $batchAppend → $used', async ({ batchAppend, used, unused }) => {
    const fake = await EsdbFake.start({ batchAppend });
    const store = EventStoreDbStore.fromConnectionString(fake.connectionString);
    try {
      await store.append('path-a', [newEvent(), newEvent()], 'no_stream');
      await store.append('path-b', [newEvent()], 'any');
      expect(fake.calls.getSupportedMethods).toBe(1);
      expect(fake.calls[used]).toBeGreaterThanOrEqual(1);
      expect(fake.calls[unused]).toBe(0);
      expect(fake.userRecords().map((r) => r.streamId)).toEqual(['path-a', 'path-a', 'path-b']);
    } finally {
      await store.close();
      await fake.stop();
    }
  });
});
