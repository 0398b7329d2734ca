import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dossierStreamId } from '../../src/engine/dossiers';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { hashToken } from '../../src/http/auth/auth';
import { parseRow } from '../../src/import/rows';
import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { EsdbFake } from '../support/esdb-fake/esdb-fake';
import { CELLS, generateRows, GRASSROOTS, GRASSROOTS_CELL, isGood, seedOrganisations, toCsv } from '../support/import-rows';
import { ketnap, withStoreIn } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';

/** The `ketnap` commands as a terminal user meets them: help, mistakes in the call, tokens, an import's scope. */
jest.setTimeout(30_000);

describe('ketnap', () => {
  const temp = tempDir('ketnap-cli-');
  const dataDir = join(temp.dir, 'data');
  const withStore = <T>(use: (store: SqliteEventStore) => Promise<T>) => withStoreIn(dataDir, use);

  beforeAll(() => withStore((store) => seedOrganisations(store)));
  afterAll(() => temp.remove());

  it.each(['serve', 'verify', 'projections', 'demo', 'import', 'export', 'tokens'])('%s --help describes the command', async (name) => {
    const { code, out } = await ketnap([name, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Usage: ketnap ${name}`));
    expect(out).toContain('--data-dir <dir>');
  });

  it('lists the commands, and answers a mistake in the call with exit code 2 and the help', async () => {
    const all = await ketnap(['--help']);
    expect(all.out).toMatch(/import <file>[\s\S]*export[\s\S]*tokens create/);
    expect((await ketnap([])).code).toBe(2);
    for (const args of [['frobnicate'], ['import'], ['import', 'a.csv', 'b.csv'], ['export', '--bogus'], ['projections', 'frobnicate'], ['tokens', 'create', '--subject', 's']]) {
      const { code, err } = await ketnap(args);
      expect([args, code]).toEqual([args, 2]);
      expect(err).toMatch(/^ketnap[ :]/);
    }
    expect((await ketnap(['import', join(temp.dir, 'missing.csv'), '--data-dir', dataDir])).err).toContain('no such file');
  });

  it('tokens create records a token for an existing organisation and prints it once', async () => {
    const { code, out } = await ketnap(['tokens', 'create', '--subject', 'van-thu', '--role', 'clerk', '--org', CELLS[0], '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ktn\.[0-9a-f-]{36}\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const issued = await withStore(async (store) => (await store.readAll({ maxCount: 1000 })).filter((e) => e.type === 'TokenIssued'));
    expect(issued.map((e) => e.data)).toEqual([expect.objectContaining({ tokenHash: hashToken(out), subject: 'van-thu', role: 'clerk', orgId: CELLS[0] })]);

    expect((await ketnap(['tokens', 'create', '--subject', 'x', '--role', 'clerk', '--org', 'khong-co', '--data-dir', dataDir])).err).toContain('there is no organisation khong-co');
    expect((await ketnap(['tokens', 'create', '--subject', 'x', '--role', 'chief', '--org', CELLS[0], '--data-dir', dataDir])).code).toBe(2);
  });

  it('import --org accepts cells of that subtree only and records the organisation and the actor it is given', async () => {
    const [inside, outside] = generateRows(2, { seed: 'scope' });
    const rows = [{ ...inside, cells: { ...inside.cells, cell_id: CELLS[1] } }, { ...outside, cells: { ...outside.cells, cell_id: GRASSROOTS_CELL } }];
    const file = join(temp.dir, 'scope.csv');
    writeFileSync(file, toCsv(rows, 'en'));

    const { code, out } = await ketnap(['import', file, '--org', GRASSROOTS, '--actor', 'ban-to-chuc', '--data-dir', dataDir]);

    expect(code).toBe(1);
    expect(out).toMatch(/2 rows into .* — 1 imported \(\d+ events\), 0 already there, 1 refused/);
    const [id, refusedId] = rows.map((row) => (parseRow(row.cells) as { dossierId: string }).dossierId);
    expect(readFileSync(`${file}.errors.csv`, 'utf8')).toContain(
      `3,${refusedId},UNKNOWN_CELL,,cell_id,,there is no organisation ${GRASSROOTS_CELL} in the subtree of ${GRASSROOTS},`,
    );
    const [first] = await withStore((store) => store.readStream(dossierStreamId(id), { maxCount: 1 }));
    expect(first.metadata).toMatchObject({ actor: 'ban-to-chuc', orgId: GRASSROOTS, commandId: `import/${id}` });
  });

  it('imports into EventStoreDB the same way (the cluster deployment)', async () => {
    const fake = await EsdbFake.start({ batchAppend: true });
    const store = EventStoreDbStore.fromConnectionString(fake.connectionString);
    try {
      await seedOrganisations(store);
      const rows = generateRows(30, { seed: 'cluster' }).filter(isGood);
      const file = join(temp.dir, 'cluster.csv');
      writeFileSync(file, toCsv(rows, 'vi'));
      const env = { KETNAP_EVENT_STORE: fake.connectionString, KETNAP_DATA_DIR: join(temp.dir, 'replica') };

      expect(await ketnap(['import', file], env)).toMatchObject({ code: 0, out: expect.stringContaining(`${rows.length} imported`) });
      expect(await ketnap(['import', file], env)).toMatchObject({ code: 0, out: expect.stringContaining(`0 imported (0 events), ${rows.length} already there`) });
      const dossierEvents = fake.userRecords().filter((r) => r.streamId.startsWith('dossier-')).length;
      expect(dossierEvents).toBe(rows.reduce((n, row) => n + row.expect.events, 0));
    } finally {
      await store.close();
      await fake.stop();
    }
  });

  it('refuses a file whose header it cannot read, naming the columns, before reading any row', async () => {
    const file = join(temp.dir, 'bad-header.csv');
    writeFileSync(file, 'Họ và tên,Ngày sinh,Ghi chú\nLê Thị Hoa,1998-04-12,\n');
    await expect(ketnap(['import', file, '--data-dir', dataDir])).rejects.toThrow('unknown column(s): "Ghi chú"');
  });
});
