import type { EventStore } from '../../src/engine/event-store';

/**
 * The EventStore port's contract, run against every adapter. Each adapter's test file calls
 * `eventStoreContract('name', factory)`; the factory returns a fresh, empty store and a cleanup.
 */
export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
  /** true when global positions are consecutive integers (SQLite); EventStoreDB's are sparse */
  consecutivePositions: boolean;
}

export function eventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.cleanup();
    });
    it('placeholder until the suite lands', async () => {
      await subject.store.ping();
    });
  });
}
