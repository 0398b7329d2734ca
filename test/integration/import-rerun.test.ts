import { Readable } from 'node:stream';
import { join } from 'node:path';
import * as dossiersModule from '../../src/engine/dossiers';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers, dossierStreamId } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import type { EventStore } from '../../src/engine/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { organisationsOf } from '../../src/cli/context';
import { Importer, ImportResult } from '../../src/import/importer';
import { dossierIdOf, parseRow } from '../../src/import/rows';
import { csvRows } from '../../src/import/sources';
import { generateRows, GeneratedRow, isGood, seedOrganisations, toCsv } from '../support/import-rows';
import { tempDir } from '../support/temp-dir';

/**
 * Running an import again: a row whose dossier the store holds already is only read and fingerprinted — found
 * unchanged, or refused as DOSSIER_EXISTS — and not decided by the workflow again. The answer must be the one deciding
 * it would give, also at the edges: a dossier found when its row is sent but gone when it is appended is decided then,
 * and a broken row is refused with its rule even so.
 */
const clock = { now: () => new Date('2025-06-30T03:00:00Z') };
const day = new BusinessDay(clock, 'Asia/Ho_Chi_Minh');

jest.setTimeout(60_000);

describe('an import run again', () => {
  const temp = tempDir('ketnap-import-rerun-');
  let store: SqliteEventStore;
  const rows = generateRows(140, { seed: 'rerun', brokenShare: 1 / 7 });

  /** One run of the importer over these rows, on this store (the store's view may be wrapped), deciding in-process. */
  async function importRows(generated: readonly GeneratedRow[], seen: EventStore = store): Promise<ImportResult> {
    const { orgs, close } = await organisationsOf(store, day);
    try {
      const importer = new Importer(new Dossiers(new Engine(seen, { clock }), seen, day), seen, orgs, day);
      return await importer.run(csvRows(Readable.from([toCsv(generated, 'en')])), { actor: 'import', scope: null, threads: 0 });
    } finally {
      close();
    }
  }

  /** Rows the workflow decided during `run` (one decideHistory call per row it decided). */
  async function decidedDuring<T>(run: () => Promise<T>): Promise<{ result: T; decided: number }> {
    const spy = jest.spyOn(dossiersModule, 'decideHistory');
    try {
      const result = await run();
      return { result, decided: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  beforeEach(async () => {
    store = new SqliteEventStore(join(temp.dir, `events-${Date.now()}-${Math.random()}.db`));
    await seedOrganisations(store);
  });
  afterEach(() => store.close());
  afterAll(() => temp.remove());

  it('names each row by the dossier parseRow names it, from the identity cells alone', () => {
    for (const row of rows) {
      const parsed = parseRow(row.cells);
      if (!('problems' in parsed)) expect(dossierIdOf(row.cells)).toBe(parsed.dossierId);
    }
  });

  it('given a file imported once, when imported again, then the same answer without deciding the rows already there', async () => {
    const first = await decidedDuring(() => importRows(rows));
    const head = await store.headPosition();
    const again = await decidedDuring(() => importRows(rows));

    expect(first.result.imported).toBe(rows.filter(isGood).length);
    expect(again.result).toEqual({ ...first.result, imported: 0, unchanged: first.result.imported, events: 0 });
    expect(await store.headPosition()).toBe(head);
    // Only the rows whose dossier the store does not hold (refused ones; a duplicate's is there) are decided again.
    const there = await Promise.all(rows.map(async (row) => (await store.lastRevision(dossierStreamId(dossierIdOf(row.cells) ?? '-'))) !== undefined));
    expect(there.filter(Boolean).length).toBeGreaterThan(first.result.imported); // the duplicated rows
    expect(again.decided).toBe(first.decided - there.filter(Boolean).length);
  });

  it('given a row corrected since, when imported again, then it is refused as DOSSIER_EXISTS without being decided', async () => {
    const good = rows.filter(isGood).slice(0, 5);
    await importRows(good);
    const corrected = { ...good[2], cells: { ...good[2].cells, helper_name: 'Người giúp đỡ khác' } };
    const again = await decidedDuring(() => importRows([...good.slice(0, 2), corrected, ...good.slice(3)]));

    expect(again.decided).toBe(0);
    expect(again.result).toMatchObject({ imported: 0, unchanged: 4, refused: 1 });
    expect(again.result.problems).toEqual([expect.objectContaining({ line: 4, code: 'DOSSIER_EXISTS', dossierId: dossierIdOf(corrected.cells) })]);
  });

  it('given dossiers not there when their rows were sent but opened before the append, then unchanged or DOSSIER_EXISTS, and nothing written', async () => {
    const good = rows.filter(isGood).slice(0, 3);
    await importRows(good);
    const head = await store.headPosition();
    const corrected = { ...good[2], cells: { ...good[2].cells, helper_name: 'Người giúp đỡ khác' } };
    const opened = new Set(good.map((row) => dossierStreamId(dossierIdOf(row.cells)!)));
    // The store says such a dossier does not exist the first time it is asked (another import opens it right after).
    const asked = new Set<string>();
    const late = Object.create(store) as SqliteEventStore;
    late.lastRevision = async (streamId: string) => {
      if (opened.has(streamId) && !asked.has(streamId)) {
        asked.add(streamId);
        return undefined;
      }
      return store.lastRevision(streamId);
    };

    const again = await decidedDuring(() => importRows([good[0], good[1], corrected], late));

    expect(asked).toEqual(opened);
    expect(again.decided).toBe(3);
    expect(again.result).toMatchObject({ imported: 0, unchanged: 2, refused: 1, events: 0 });
    expect(again.result.problems).toEqual([expect.objectContaining({ line: 4, code: 'DOSSIER_EXISTS', dossierId: dossierIdOf(corrected.cells) })]);
    expect(await store.headPosition()).toBe(head);
  });

  it('given dossiers found when their rows were sent but gone when appended, then those rows are decided after all', async () => {
    const ruleBroken = rows.find((row) => 'rule' in row.expect && row.expect.code === 'RULE_VIOLATION')!;
    const good = rows.filter(isGood).slice(0, 3);
    const ghosts = new Set([ruleBroken, ...good].map((row) => dossierStreamId(dossierIdOf(row.cells)!)));
    // The store says such a dossier exists the first time it is asked (the row is sent undecided), never after.
    const asked = new Set<string>();
    const fickle = Object.create(store) as SqliteEventStore;
    fickle.lastRevision = async (streamId: string) => {
      if (ghosts.has(streamId) && !asked.has(streamId)) {
        asked.add(streamId);
        return 0;
      }
      return store.lastRevision(streamId);
    };

    const result = await importRows([...good, ruleBroken], fickle);

    expect(asked).toEqual(ghosts);
    expect(result).toMatchObject({ imported: 3, refused: 1 });
    const expected = ruleBroken.expect as { code: string; rule: string };
    expect(result.problems).toEqual([expect.objectContaining({ line: 5, code: expected.code, rule: expected.rule })]);
    for (const row of good) expect(await store.lastRevision(dossierStreamId(dossierIdOf(row.cells)!))).toBe(row.expect.events - 1);
  });
});
