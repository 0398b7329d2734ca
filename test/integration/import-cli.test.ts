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

  it.each(['serve', 'verify', 'projections', 'demo', 'import', 'export', 'accounts', 'tokens'])('%s --help describes the command', async (name) => {
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

  it('accounts create, reset-password and disable; tokens create for an account, list and revoke; the password never from argv', async () => {
    const passwordFile = join(temp.dir, 'password.txt');
    writeFileSync(passwordFile, 'mật khẩu đủ dài 2025\n');
    const created = await ketnap(['accounts', 'create', '--username', 'Le.Thi.Hoa', '--name', 'Lê Thị Hoa', '--role', 'clerk', '--org', CELLS[0], '--password-file', passwordFile, '--data-dir', dataDir]);
    expect([created.code, created.out]).toEqual([0, '']);
    expect(created.err).toContain('created le.thi.hoa');
    expect((await ketnap(['accounts', 'create', '--username', 'x', '--name', 'X', '--role', 'clerk', '--org', CELLS[0], '--password-file', passwordFile, '--data-dir', dataDir])).code).toBe(2);
    expect((await ketnap(['accounts', 'create', '--username', 'ok.name', '--name', '  ', '--role', 'clerk', '--org', CELLS[0], '--password-file', passwordFile, '--data-dir', dataDir])).err).toContain('không được để trống');
    const reset = await ketnap(['accounts', 'reset-password', '--username', 'le.thi.hoa', '--generate-password', '--data-dir', dataDir]);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const issued = await ketnap(['tokens', 'create', '--subject', 'máy của Hoa', '--account', 'le.thi.hoa', '--expires-in-days', '7', '--data-dir', dataDir]);
    expect(issued.code).toBe(0);
    const tokenId = issued.out.split('.')[2];
    const listed = await ketnap(['tokens', 'list', '--data-dir', dataDir]);
    expect(listed.out.split('\n').find((line) => line.startsWith(tokenId))).toMatch(new RegExp(`^${tokenId}\tle[.]thi[.]hoa\tmáy của Hoa\tclerk\t${CELLS[0]}\t.*\tactive$`));
    expect(listed.out).not.toContain(issued.out);
    expect((await ketnap(['tokens', 'revoke', tokenId, '--data-dir', dataDir])).code).toBe(0);
    expect((await ketnap(['tokens', 'list', '--data-dir', dataDir])).out.split('\n').find((line) => line.startsWith(tokenId))).toMatch(/\trevoked$/);
    expect((await ketnap(['accounts', 'disable', '--username', 'le.thi.hoa', '--data-dir', dataDir])).code).toBe(0);

    const events = await withStore(async (store) => (await store.readAll({ maxCount: 10_000 })).filter((e) => e.streamId.startsWith('account-')));
    const hoa = events.filter((e) => e.streamId === events.find((c) => c.type === 'AccountCreated' && c.data.username === 'le.thi.hoa')?.streamId);
    expect(hoa.map((e) => e.type)).toEqual(['AccountCreated', 'PasswordSet', 'PasswordSet', 'TokenIssued', 'TokenRevoked', 'AccountDisabled']);
    expect(hoa.every((e) => e.metadata.actor === 'cli' && e.metadata.accountId === 'cli' && e.metadata.credentialKind === 'cli')).toBe(true);
    expect(JSON.stringify(hoa)).not.toContain('mật khẩu đủ dài');
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
      `3,${refusedId},UNKNOWN_CELL,,,cell_id,,there is no organisation ${GRASSROOTS_CELL} in the subtree of ${GRASSROOTS},`,
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
