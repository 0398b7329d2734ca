import type { CandidateNominated } from '../../workflows/admission';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { PersonClaims } from '../../src/engine/person-claims';
import { ketnap, withStoreIn } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';

/**
 * A store written before duplicates were refused holds open dossiers without claims: `ketnap claims backfill` claims
 * their people, lists two open dossiers of one person, closes nothing, and appends nothing when run again.
 */
const clock = { now: () => new Date('2024-06-03T03:00:00Z') };
const nomination = (fullName: string): CandidateNominated => ({
  type: 'CandidateNominated',
  occurredOn: '2024-05-06',
  cellId: 'cell-a',
  candidate: { fullName, dateOfBirth: '1993-11-30', gender: 'female', education: 'college', categories: ['worker'] },
  nominatedBy: { kind: 'trade_union', name: 'Công đoàn cơ sở' },
  helper: { name: 'Lê Văn Hùng' },
});
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const context = { actor: 'clerk', orgId: 'cell-a' };

jest.setTimeout(60_000);

describe('ketnap claims backfill', () => {
  const temp = tempDir('ketnap-claims-backfill-');
  afterAll(() => temp.remove());

  it('claims the people of open dossiers that hold none, reports a person with two, and is idempotent', async () => {
    const dataDir = temp.dir;
    await withStoreIn(dataDir, async (store) => {
      // Recorded around the claims, as a store of before the rule holds them.
      const dossiers = new Dossiers(new Engine(store, { clock }), store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
      await dossiers.record(id(1), nomination('Mai Thị Hoa'), context);
      await dossiers.record(id(2), nomination('Mai Thị Hoa'), context); // an old duplicate
      await dossiers.record(id(3), nomination('Tô Thị Bích'), context);
      await dossiers.record(id(4), nomination('Lâm Thị Kim'), context);
      await dossiers.record(id(4), { type: 'CandidateWithdrawn', occurredOn: '2024-05-10', reason: 'xin rút' }, context);
    });

    const first = await ketnap(['claims', 'backfill', '--data-dir', dataDir], {}, { clock });
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/3 open dossiers .*, 2 claimed now/);
    expect(first.out).toContain(`dossier ${id(2)} is a second open dossier of the person of ${id(1)}`);

    const head = await withStoreIn(dataDir, (store) => store.headPosition());
    const again = await ketnap(['claims', 'backfill', '--data-dir', dataDir], {}, { clock });
    expect(again.out).toMatch(/3 open dossiers .*, 0 claimed now/);
    expect(await withStoreIn(dataDir, (store) => store.headPosition())).toBe(head);

    await withStoreIn(dataDir, async (store) => {
      const engine = new Engine(store, { clock });
      const claims = new PersonClaims(engine, new Dossiers(engine, store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh')));
      await expect(claims.open(id(5), nomination('Tô Thị Bích'), context)).rejects.toMatchObject({ code: 'DUPLICATE_DOSSIER', openDossierId: id(3) });
      // the withdrawn one held nobody: her new nomination opens
      expect((await claims.open(id(6), nomination('Lâm Thị Kim'), context)).view.stage).toBe('nominated');
    });
  });
});
