import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateOf } from '../../workflows/admission';
import { dossierStream, dossierStreamId } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { verifyStore } from '../../src/engine/verify';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { parseRow } from '../../src/import/rows';
import { CsvParser } from '../../src/import/csv';
import { appendedBy, BROKEN, CELLS, generateRows, GeneratedRow, isGood, seedOrganisations, toCsv, toJsonLines } from '../support/import-rows';
import { ketnap, withStoreIn } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';

/**
 * `ketnap import` of a spreadsheet of 1 050 candidates at every stage, one in seven broken (impossible dates, acts out
 * of order or in the future, a 17-year-old at the vote, a lapsed certificate, too few sponsors' months, a cell too
 * small, unknown cells, missing values, duplicated rows …): the good rows land at their stages, each bad row is in the
 * error report with its code and rule and left no event behind, and a second run changes nothing.
 */
const clock = { now: () => new Date('2025-06-30T03:00:00Z') };
const ORG_EVENTS = 2 + 1 + CELLS.length;

jest.setTimeout(60_000);

describe('ketnap import: a mixed file of 1 050 rows', () => {
  const temp = tempDir('ketnap-import-');
  const file = join(temp.dir, 'ho-so.csv');
  const env = { KETNAP_DATA_DIR: join(temp.dir, 'data'), LOG_LEVEL: 'silent' };
  const generated = generateRows(1050, { brokenShare: 1 / 7 });
  const good = generated.filter(isGood);
  // each good row's events, and the claim of its candidate where the dossier stays open
  const goodEvents = good.reduce((n, row) => n + appendedBy(row), 0);
  /** the rows by line of the file: the header is line 1, no field spans lines */
  const lineOf = (row: GeneratedRow) => generated.indexOf(row) + 2;
  const idOf = (row: GeneratedRow) => {
    const parsed = parseRow(row.cells);
    return 'problems' in parsed ? undefined : parsed.dossierId;
  };
  const report = (path = `${file}.errors.csv`) => {
    const parser = new CsvParser();
    const lines = readFileSync(path, 'utf8').split('\r\n').filter(Boolean);
    const [header, ...rows] = lines.map((line, i) => parser.push(line, i + 1)!.fields);
    return rows.map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i]])));
  };
  const run = async (...args: string[]) => (await ketnap(['import', file, ...args], env, { clock })).code;
  const withStore = <T>(use: (store: SqliteEventStore) => Promise<T>) => withStoreIn(env.KETNAP_DATA_DIR, use);

  beforeAll(async () => {
    await withStore((store) => seedOrganisations(store));
    writeFileSync(file, toCsv(generated, 'vi'));
  });
  afterAll(() => temp.remove());

  it('has rows of every kind: the file is the mix the test claims', () => {
    expect(generated).toHaveLength(1050);
    expect(generated.length - good.length).toBeGreaterThanOrEqual(140);
    const kinds = new Set(generated.filter((r) => !isGood(r)).map((r) => JSON.stringify(r.expect)));
    expect(kinds.size).toBe(new Set(Object.values(BROKEN).map((e) => JSON.stringify(e))).size);
    expect(new Set(good.map((r) => r.expect.state)).size).toBeGreaterThanOrEqual(15);
  });

  it('in a dry run decides every row, reports the bad ones, and writes nothing', async () => {
    // The first 210 rows hold every kind of broken row (one in seven, fourteen kinds).
    const sample = generated.slice(0, 210);
    const dryFile = join(temp.dir, 'dry-run.csv');
    writeFileSync(dryFile, toCsv(sample, 'en'));
    const { code } = await ketnap(['import', dryFile, '--dry-run'], env, { clock });

    expect(code).toBe(1);
    expect(await withStore((store) => store.headPosition())).toBe(ORG_EVENTS);
    const problems = report(`${dryFile}.errors.csv`);
    expect(new Set(problems.map((p) => Number(p.line)))).toEqual(new Set(sample.filter((r) => !isGood(r)).map(lineOf)));
  });

  it('records the good rows at their stages, through the workflow, and nothing of the bad ones', async () => {
    expect(await run()).toBe(1);

    await withStore(async (store) => {
      expect(await store.headPosition()).toBe(ORG_EVENTS + goodEvents);
      expect((await verifyStore(store)).ok).toBe(true);
      const engine = new Engine(store, { clock });
      const states = await Promise.all(good.map(async (row) => stateOf((await engine.load(dossierStream, dossierStreamId(idOf(row)!))).state!)));
      expect(states).toEqual(good.map((row) => row.expect.state));
      // A refused row left no stream behind (a duplicate shares the id of the row it repeats, which did land).
      for (const row of generated.filter((r) => !isGood(r) && (r.expect as { code: string }).code !== 'DUPLICATE_ROW')) {
        const id = idOf(row);
        if (id) await expect(store.readStream(dossierStreamId(id))).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
      }
      const [event] = await store.readStream(dossierStreamId(idOf(good[0])!), { maxCount: 1 });
      expect(event.metadata).toMatchObject({ actor: 'import', orgId: '*', occurredOn: good[0].cells.nominated_on, recordedAt: clock.now().toISOString() });
    });
  });

  it('lists each refused row in the error report with its line, code, rule and messages in both languages', () => {
    const problems = report();
    const bad = generated.filter((r) => !isGood(r));
    expect(new Set(problems.map((p) => Number(p.line)))).toEqual(new Set(bad.map(lineOf)));
    for (const row of bad) {
      const expected = row.expect as { code: string; rule?: string };
      const found = problems.filter((p) => Number(p.line) === lineOf(row));
      expect(found.map((p) => ({ code: p.code, rule: p.rule || undefined }))).toContainEqual({ code: expected.code, rule: expected.rule });
      expect(found.every((p) => p.message && p.message_vi)).toBe(true);
    }
    // e.g. the 17-year-old: the rule, the act and its date, and why, in Vietnamese too
    const young = problems.find((p) => p.rule === 'R-AGE')!;
    expect(young.event).toMatch(/^CellAdmissionVoteHeld \d{4}-\d{2}-\d{2}$/);
    expect(young.message_vi).toMatch(/tháng tuổi tròn/);
    expect(young.reason).toBe('UNDER_AGE');
    // every rule violation names the check inside its rule (a stable code)
    for (const p of problems.filter((q) => q.code === 'RULE_VIOLATION')) expect(p.reason).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = report();
    const head = await withStore((store) => store.headPosition());
    expect(await run()).toBe(1);
    expect(await withStore((store) => store.headPosition())).toBe(head);
    expect(report()).toEqual(before);
  });

  it('takes JSON lines with English keys, and refuses a dossier that exists with other content', async () => {
    const jsonFile = join(temp.dir, 'ho-so.jsonl');
    const fresh = generateRows(20, { seed: 'json-lines' });
    const changed = { ...good[1], cells: { ...good[1].cells, helper_name: 'Người khác' } };
    writeFileSync(jsonFile, toJsonLines([...fresh, changed]));
    const head = await withStore((store) => store.headPosition());

    const { code } = await ketnap(['import', jsonFile], env, { clock });

    expect(code).toBe(1);
    expect(report(`${jsonFile}.errors.csv`)).toEqual([expect.objectContaining({ line: '21', code: 'DOSSIER_EXISTS', dossier_id: idOf(good[1]) })]);
    expect(await withStore((store) => store.headPosition())).toBe(head + fresh.filter(isGood).reduce((n, r) => n + appendedBy(r), 0));
  });
});
