import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { AdmissionEvent } from '../../workflows/admission';
import { BusinessDay } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { verifyStore } from '../../src/engine/verify';
import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { checkExport, EventLogFileError, exportLog, restoreLog } from '../../src/import/event-log-file';
import { EsdbFake } from '../support/esdb-fake/esdb-fake';
import { CELLS, seedOrganisations } from '../support/import-rows';
import { ketnap } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';

/**
 * The exported log: complete and intact or refused before anything is written; imported only into an empty store;
 * and the way from the embedded store to EventStoreDB (export → import), after which verify gives the same digest.
 */
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };
const happyPath = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: AdmissionEvent[] })
  .events;

async function exportOf(store: SqliteEventStore): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportLog(store, out, { source: 'sqlite', now: clock.now() });
  return Buffer.concat(chunks).toString('utf8');
}

const check = (text: string) => checkExport(Readable.from([text]));

describe('the exported log', () => {
  const temp = tempDir('ketnap-export-');
  let source: SqliteEventStore;
  let text: string;

  beforeAll(async () => {
    source = new SqliteEventStore(join(temp.dir, 'source', 'events.db'));
    await seedOrganisations(source);
    const dossiers = new Dossiers(new Engine(source, { clock }), source, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
    for (const [i, cellId] of CELLS.slice(0, 3).entries()) {
      const [nominated, ...rest] = happyPath;
      await dossiers.recordHistory(`d-${i}`, [{ ...nominated, cellId } as AdmissionEvent, ...rest.slice(0, 4 + 3 * i)], { actor: 'clerk', orgId: cellId });
    }
    text = await exportOf(source);
  });
  afterAll(async () => {
    await source.close();
    temp.remove();
  });

  it('holds a header, every event in log order, and a closing line with the count and digest', async () => {
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    const head = await source.headPosition();
    expect(lines[0]).toEqual({ ketnap: 'event-log', version: 1, exportedAt: clock.now().toISOString(), source: 'sqlite' });
    expect(lines.slice(1, -1).map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(lines[lines.length - 1]).toEqual({ ketnap: 'end', events: head, streams: 11 + 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await check(text)).toEqual({ events: head, streams: 14 });
  });

  it.each([
    ['cut short', (t: string) => t.split('\n').slice(0, -2).join('\n'), 'the closing line is missing: the file was cut short'],
    ['a line lost', (t: string) => t.split('\n').filter((_, i) => i !== 20).join('\n'), /^line 21: stream dossier-d-\d revision \d: revision \d is missing or out of order/],
    ['one value changed', (t: string) => t.replace('"votesFor":9', '"votesFor":3'), /^line \d+: stream dossier-d-2 revision 9: hash does not match the event content$/],
    ['whose closing line announces another count', (t: string) => t.replace(/"events":(\d+)/, (_, n: string) => `"events":${Number(n) + 1}`), 'the file does not match its closing line'],
    ['not an export', () => '{"full_name":"Lê Thị Hoa"}\n', 'line 1: not a ketnap export (the header line is missing)'],
  ])('refuses a file %s, before anything is written', async (_, change, message) => {
    const error = await check(change(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventLogFileError);
    expect((error as Error).message).toMatch(message);
  });

  it('goes back only into an empty store', async () => {
    await expect(restoreLog(source, Readable.from([text]), await check(text))).rejects.toThrow(/imported into an empty store only, and this one holds events/);
  });

  it('moves the embedded store to EventStoreDB: export → import, then verify gives the same digest', async () => {
    const file = join(temp.dir, 'backup.jsonl');
    writeFileSync(file, text);
    const fake = await EsdbFake.start({ batchAppend: true });
    const env = { KETNAP_EVENT_STORE: fake.connectionString, KETNAP_DATA_DIR: join(temp.dir, 'replica'), LOG_LEVEL: 'silent' };
    try {
      expect((await ketnap(['import', file], env)).code).toBe(0);
      const expected = await verifyStore(source);
      expect(await ketnap(['verify'], env)).toMatchObject({ code: 0, out: `verify: ok — ${expected.streams} streams, ${expected.events} events, heads ${expected.headsDigest}` });

      const esdb = EventStoreDbStore.fromConnectionString(fake.connectionString);
      const [original, moved] = [await source.readAll({ maxCount: 1000 }), await esdb.readAll({ maxCount: 1000 })];
      await esdb.close();
      const same = ({ id, streamId, revision, type, data, metadata }: (typeof original)[number]) => ({ id, streamId, revision, type, data, metadata });
      expect(moved.map(same)).toEqual(original.map(same));
    } finally {
      await fake.stop();
    }
  });

  it('is what the CLI writes, and the CLI reads it back from a file', async () => {
    const file = join(temp.dir, 'cli.jsonl');
    const dataDir = join(temp.dir, 'source');
    await source.close();
    try {
      expect((await ketnap(['export', '--data-dir', dataDir, '--out', file])).code).toBe(0);
      expect(readFileSync(file, 'utf8').split('\n').slice(1)).toEqual(text.split('\n').slice(1));
      expect(await checkExport(createReadStream(file))).toEqual(await check(text));
    } finally {
      source = new SqliteEventStore(join(dataDir, 'events.db'));
    }
  });
});
