import { Readable } from 'node:stream';
import { join } from 'node:path';
import { stageOf, END_STAGES } from '../../workflows/admission';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers, dossierStream, dossierStreamId } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { organisationsOf } from '../../src/cli/context';
import { Importer, ImportResult } from '../../src/import/importer';
import { dossierIdOf } from '../../src/import/rows';
import { csvRows } from '../../src/import/sources';
import { generateRows, GeneratedRow, isGood, seedOrganisations, toCsv } from '../support/import-rows';
import { tempDir } from '../support/temp-dir';

/**
 * Duplicates in an import: a row for a person who has an open dossier — in the store, or opened by an earlier line of
 * the same file — is refused DUPLICATE_DOSSIER in the error report; a row that ends its dossier is never one; a re-run
 * finds its own rows unchanged, not duplicates of themselves.
 */
const clock = { now: () => new Date('2025-06-30T03:00:00Z') };
const day = new BusinessDay(clock, 'Asia/Ho_Chi_Minh');

jest.setTimeout(60_000);

describe('duplicates in an import', () => {
  const temp = tempDir('ketnap-import-duplicates-');
  let store: SqliteEventStore;
  const good = generateRows(60, { seed: 'duplicates' }).filter(isGood);
  const ends = (row: GeneratedRow & { expect: { state: string } }) => (END_STAGES as readonly string[]).includes(row.expect.state.split('.')[0]);
  const open = good.filter((row) => !ends(row));
  const ended = good.filter(ends);
  /** The same person as `of` (name spelt otherwise), in another dossier: another nomination date gives another id. */
  const samePerson = (row: GeneratedRow, of: GeneratedRow): GeneratedRow => ({
    ...row,
    cells: { ...row.cells, full_name: `  ${of.cells.full_name!.toUpperCase()} `, date_of_birth: of.cells.date_of_birth },
  });

  async function importRows(rows: readonly GeneratedRow[], options: { dryRun?: boolean; scope?: string | null } = {}): Promise<ImportResult> {
    const { orgs, close } = await organisationsOf(store, day);
    try {
      const importer = new Importer(new Dossiers(new Engine(store, { clock }), store, day), store, orgs, day);
      return await importer.run(csvRows(Readable.from([toCsv(rows, 'en')])), { actor: 'import', scope: options.scope ?? null, threads: 0, dryRun: options.dryRun });
    } finally {
      close();
    }
  }

  beforeEach(async () => {
    store = new SqliteEventStore(join(temp.dir, `events-${Date.now()}-${Math.random()}.db`));
    await seedOrganisations(store);
  });
  afterEach(() => store.close());
  afterAll(() => temp.remove());

  it('refuses a row whose person an earlier line of the file holds open, naming that line and dossier', async () => {
    expect(open.length).toBeGreaterThan(3);
    const dup = samePerson(open[1], open[0]);
    const result = await importRows([open[0], dup, open[2]]);
    expect(result).toMatchObject({ imported: 2, refused: 1 });
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'DUPLICATE_DOSSIER', rule: 'R-DUPLICATE', dossierId: dossierIdOf(dup.cells), message: expect.stringContaining(`${dossierIdOf(open[0].cells)}`) }),
    ]);
    expect(result.problems[0].message).toMatch(/line 2/);
    expect(result.problems[0].messageVi).toMatch(/dòng 2/);
    await expect(store.readStream(dossierStreamId(dossierIdOf(dup.cells)!))).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
  });

  it('a dry run finds the same duplicate and writes nothing', async () => {
    const dup = samePerson(open[1], open[0]);
    const head = await store.headPosition();
    const result = await importRows([open[0], dup], { dryRun: true });
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, code: 'DUPLICATE_DOSSIER' })]);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a row whose person holds an open dossier in the store; re-runs answer the same and change nothing', async () => {
    const first = await importRows([open[0]]);
    expect(first.imported).toBe(1);
    const dup = samePerson(open[1], open[0]);
    const second = await importRows([open[0], dup]);
    expect(second).toMatchObject({ imported: 0, unchanged: 1, refused: 1 });
    expect(second.problems).toEqual([expect.objectContaining({ line: 3, code: 'DUPLICATE_DOSSIER', message: expect.stringContaining(dossierIdOf(open[0].cells)!) })]);
    const head = await store.headPosition();
    expect(await importRows([open[0], dup])).toEqual(second);
    expect(await store.headPosition()).toBe(head);
  });

  it('outside the import\'s scope the refusal does not name the open dossier', async () => {
    await importRows([open[0]]);
    // the other cell's rows only: the open dossier's cell lies outside a scope of that cell alone
    const other = open.find((row) => row.cells.cell_id !== open[0].cells.cell_id)!;
    const dup = samePerson(other, open[0]);
    const result = await importRows([dup], { scope: dup.cells.cell_id! });
    expect(result.problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_DOSSIER' })]);
    expect(result.problems[0].message).not.toContain(dossierIdOf(open[0].cells)!);
  });

  it('a row that ends its dossier holds nobody: neither refused nor blocking a later open one', async () => {
    expect(ended.length).toBeGreaterThan(0);
    const closedFirst = samePerson(ended[0], open[0]);
    const result = await importRows([closedFirst, open[0]]);
    expect(result).toMatchObject({ imported: 2, refused: 0 });
    const engine = new Engine(store, { clock });
    const { state } = await engine.load(dossierStream, dossierStreamId(dossierIdOf(open[0].cells)!));
    expect(END_STAGES).not.toContain(stageOf(state!));
  });
});
