import { join } from 'node:path';
import type { CandidateNominated } from '../../workflows/admission';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { DuplicateDossierError } from '../../src/engine/errors';
import type { EventStore } from '../../src/engine/event-store';
import { CLAIM_GRACE_MS, PersonClaims, personIdOf, personStreamId } from '../../src/engine/person-claims';
import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EsdbFake } from '../support/esdb-fake/esdb-fake';
import { tempDir } from '../support/temp-dir';

/**
 * The claim of a person over each adapter of the EventStore port, with two engines on one store standing for two
 * replicas (each its own cache and in-process queue): no cross-stream transaction, only the claim stream's expected
 * revision keeps one person to one open dossier.
 */
let time = new Date('2024-06-03T03:00:00Z').getTime();
const clock = { now: () => new Date(time) };

const nomination = (fullName: string, cellId = 'cell-a'): CandidateNominated => ({
  type: 'CandidateNominated',
  occurredOn: '2024-05-06',
  cellId,
  candidate: { fullName, dateOfBirth: '1997-02-03', gender: 'male', education: 'university', categories: ['worker'] },
  nominatedBy: { kind: 'trade_union', name: 'Công đoàn cơ sở' },
  helper: { name: 'Lê Văn Hùng' },
});
const context = { actor: 'clerk', orgId: 'cell-a' };

function replica(store: EventStore): { claims: PersonClaims; dossiers: Dossiers; engine: Engine } {
  const engine = new Engine(store, { clock });
  const dossiers = new Dossiers(engine, store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
  return { claims: new PersonClaims(engine, dossiers), dossiers, engine };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function claimsOver(name: string, open: () => Promise<{ store: EventStore; close: () => Promise<void> }>) {
  describe(`person claims over ${name}`, () => {
    let store: EventStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await open()));
    afterEach(() => close());

    it('two replicas nominating one person at once: exactly one dossier opens, the other is refused', async () => {
      const [a, b] = [replica(store), replica(store)];
      const answers = await Promise.allSettled([a.claims.open(id(1), nomination('Phan Văn Đức'), context), b.claims.open(id(2), nomination('Phan Văn Đức', 'cell-b'), context)]);
      expect(answers.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      const [refused] = answers.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
      expect(refused.reason).toBeInstanceOf(DuplicateDossierError);
      const claims = await store.readStream(personStreamId(personIdOf(nomination('Phan Văn Đức').candidate)));
      expect(claims.map((e) => e.type)).toEqual(['PersonClaimed']);
    });

    it('a dossier that ended frees the person for a new one; the replay of the first open still answers its first result', async () => {
      const { claims, dossiers } = replica(store);
      await claims.open(id(3), nomination('Trịnh Văn Nam'), { ...context, commandId: 'open-3' });
      await expect(replica(store).claims.open(id(4), nomination('Trịnh Văn Nam'), context)).rejects.toMatchObject({ code: 'DUPLICATE_DOSSIER', openDossierId: id(3) });
      await dossiers.record(id(3), { type: 'CandidateDropped', occurredOn: '2024-05-20', reason: 'không còn đủ điều kiện' }, context);
      const again = await replica(store).claims.open(id(4), nomination('Trịnh Văn Nam'), context);
      expect(again.view.stage).toBe('nominated');
      const replay = await replica(store).claims.open(id(3), nomination('Trịnh Văn Nam'), { ...context, commandId: 'open-3' });
      expect(replay).toMatchObject({ replayed: true, view: { id: id(3), revision: 0 } });
    });

    it('a claim whose dossier was never written (a crash between the appends) holds the person for the grace period only', async () => {
      const crashed = replica(store);
      const personId = personIdOf(nomination('Đinh Văn Long').candidate);
      await crashed.engine.execute({ name: 'person', evolve: (s) => s }, personStreamId(personId), { ...context, expectedRevision: -1 }, () => [
        { type: 'PersonClaimed', data: { dossierId: id(5) }, occurredOn: '2024-05-06' },
      ]);
      const refusal = await replica(store).claims.open(id(6), nomination('Đinh Văn Long'), context).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(DuplicateDossierError);
      expect((refusal as DuplicateDossierError).openDossierId).toBeUndefined();
      time += CLAIM_GRACE_MS;
      expect((await replica(store).claims.open(id(6), nomination('Đinh Văn Long'), context)).view.stage).toBe('nominated');
      // and the crashed writer, retrying its open later, finds the person taken
      await expect(crashed.claims.open(id(5), nomination('Đinh Văn Long'), context)).rejects.toMatchObject({ code: 'DUPLICATE_DOSSIER', openDossierId: id(6) });
    });
  });
}

const temp = tempDir('ketnap-person-claims-');
afterAll(() => temp.remove());

claimsOver('the SQLite store', async () => {
  const store = new SqliteEventStore(join(temp.dir, `events-${Math.random()}.db`));
  return { store, close: async () => store.close() };
});

claimsOver('the EventStoreDB adapter (fake server)', async () => {
  const fake = await EsdbFake.start({ batchAppend: false });
  const store = EventStoreDbStore.fromConnectionString(fake.connectionString);
  return {
    store,
    close: async () => {
      await store.close();
      await fake.stop();
    },
  };
});
