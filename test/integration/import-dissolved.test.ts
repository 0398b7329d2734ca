import { join } from 'node:path';
import { Readable } from 'node:stream';
import { organisationsOf } from '../../src/cli/context';
import { organizationStream, organizationStreamId } from '../../src/engine/admin-streams';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { Importer } from '../../src/import/importer';
import { csvRows } from '../../src/import/sources';
import { CELLS, generateRows, GeneratedRow, isGood, seedOrganisations, toCsv } from '../support/import-rows';
import { tempDir } from '../support/temp-dir';

/**
 * R-ORG-DISSOLVED in the import: a cell succeeded on a day takes no dossier nominated on or after it; rows nominated
 * the day before are imported as usual.
 */
const clock = { now: () => new Date('2025-06-30T03:00:00Z') };
const day = new BusinessDay(clock, 'Asia/Ho_Chi_Minh');
/** Good rows of the generator, all in the first cell: the succession takes effect on the median nomination date. */
const rows = generateRows(60, { seed: 'dissolved', brokenShare: 0 })
  .filter(isGood)
  .map((row): GeneratedRow => ({ ...row, cells: { ...row.cells, cell_id: CELLS[0] } }));
const SUCCEEDED_ON = rows.map((row) => String(row.cells.nominated_on)).sort()[Math.floor(rows.length / 2)];

describe('an import into a dissolved cell', () => {
  const temp = tempDir('ketnap-import-dissolved-');
  let store: SqliteEventStore;

  beforeAll(async () => {
    store = new SqliteEventStore(join(temp.dir, 'events.db'));
    await seedOrganisations(store);
    await new Engine(store, { clock }).execute(organizationStream, organizationStreamId(CELLS[0]), { actor: 'admin', orgId: CELLS[0] }, () => [
      { type: 'OrganizationSucceeded', data: { predecessor: CELLS[0], successor: CELLS[1], effectiveOn: SUCCEEDED_ON }, occurredOn: '2025-06-30' },
    ]);
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  it('refuses the rows nominated from the succession with ORG_DISSOLVED and imports those nominated before it', async () => {
    const late = rows.filter((row) => String(row.cells.nominated_on) >= SUCCEEDED_ON).length;
    expect([late, rows.length - late].every((n) => n > 0)).toBe(true);

    const { orgs, close } = await organisationsOf(store, day);
    try {
      const importer = new Importer(new Dossiers(new Engine(store, { clock }), store, day), store, orgs, day);
      const result = await importer.run(csvRows(Readable.from([toCsv(rows, 'en')])), { actor: 'import', scope: null, threads: 0 });
      expect([result.imported, result.refused]).toEqual([rows.length - late, late]);
      expect(new Set(result.problems.map((p) => `${p.code} ${p.rule}`))).toEqual(new Set(['ORG_DISSOLVED R-ORG-DISSOLVED']));
    } finally {
      close();
    }
  });
});
