import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Engine, StreamType } from '../../src/engine/engine';
import { verifyStore } from '../../src/engine/verify';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { built } from '../support/built';
import { tempDir } from '../support/temp-dir';

const counter: StreamType<number> = { name: 'dossier', evolve: (n) => (n ?? 0) + 1 };
const clock = { now: () => new Date('2024-06-01T00:00:00Z') };

/** Three streams of five engine-written events each, in a closed SQLite file. */
async function writeLog(file: string): Promise<void> {
  const store = new SqliteEventStore(file);
  const engine = new Engine(store, { clock });
  for (let i = 0; i < 5; i++) {
    for (const stream of ['dossier-a', 'dossier-b', 'dossier-c']) {
      await engine.execute(counter, stream, { actor: 'clerk', orgId: 'cell-1' }, () => [
        { type: 'Noted', data: { step: i, note: `bước ${i}` }, occurredOn: '2024-06-01' },
      ]);
    }
  }
  await store.close();
}

function tamper(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  db.prepare(sql).run(...params);
  db.close();
}

async function verifyFile(file: string) {
  const store = new SqliteEventStore(file);
  try {
    return await verifyStore(store, { pageSize: 4 });
  } finally {
    await store.close();
  }
}

describe('verify finds tampering at the exact stream and revision', () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(async () => {
    temp = tempDir();
    file = join(temp.dir, 'events.db');
    await writeLog(file);
  });
  afterEach(() => temp.remove());

  it('passes an untouched log', async () => {
    expect(await verifyFile(file)).toMatchObject({ ok: true, streams: 3, events: 15, firstBreak: undefined });
  });

  it('one byte changed in the data', async () => {
    tamper(file, "UPDATE events SET data = replace(data, 'bước 2', 'bước 3') WHERE stream_id = 'dossier-b' AND revision = 2");
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-b', revision: 2, problem: expect.stringMatching(/hash/) });
  });

  it('one byte changed in the metadata (the actor)', async () => {
    tamper(file, "UPDATE events SET metadata = replace(metadata, '\"clerk\"', '\"clerc\"') WHERE stream_id = 'dossier-c' AND revision = 4");
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-c', revision: 4 });
  });

  it('one byte changed so that the JSON no longer parses', async () => {
    tamper(file, "UPDATE events SET data = substr(data, 2) WHERE stream_id = 'dossier-a' AND revision = 1");
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-a', revision: 1 });
  });

  it('an event deleted from the middle of a stream', async () => {
    tamper(file, "DELETE FROM events WHERE stream_id = 'dossier-b' AND revision = 3");
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-b', revision: 3 });
  });

  it("a stream's last event deleted", async () => {
    tamper(file, "DELETE FROM events WHERE stream_id = 'dossier-c' AND revision = 4");
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-c', revision: 4 });
  });

  it('two events swapped (their contents exchanged)', async () => {
    const db = new Database(file);
    const row = db.prepare('SELECT type, data, metadata FROM events WHERE stream_id = ? AND revision = ?');
    const set = db.prepare('UPDATE events SET type = ?, data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
    const one = row.get('dossier-a', 1) as { type: string; data: string; metadata: string };
    const two = row.get('dossier-a', 2) as { type: string; data: string; metadata: string };
    set.run(two.type, two.data, two.metadata, 'dossier-a', 1);
    set.run(one.type, one.data, one.metadata, 'dossier-a', 2);
    db.close();
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-a', revision: 1 });
  });

  it('two events swapped in the log order (their revisions exchanged)', async () => {
    const db = new Database(file);
    db.transaction(() => {
      db.prepare("UPDATE events SET revision = -1 WHERE stream_id = 'dossier-b' AND revision = 2").run();
      db.prepare("UPDATE events SET revision = 2 WHERE stream_id = 'dossier-b' AND revision = 3").run();
      db.prepare("UPDATE events SET revision = 3 WHERE stream_id = 'dossier-b' AND revision = -1").run();
    })();
    db.close();
    expect((await verifyFile(file)).firstBreak).toMatchObject({ streamId: 'dossier-b', revision: 2 });
  });

  it('the CLI prints the break and exits 1; an intact log exits 0', () => {
    const cli = built('src/cli/main.js');
    const intact = spawnSync(process.execPath, [cli, 'verify', '--data-dir', temp.dir], { encoding: 'utf8' });
    expect(intact.stdout).toMatch(/verify: ok — 3 streams, 15 events/);
    expect(intact.status).toBe(0);

    tamper(file, "UPDATE events SET data = replace(data, '\"step\":1', '\"step\":7') WHERE stream_id = 'dossier-c' AND revision = 1");
    const broken = spawnSync(process.execPath, [cli, 'verify', '--data-dir', temp.dir], { encoding: 'utf8' });
    expect(broken.stdout).toMatch(/BROKEN at stream dossier-c revision 1: hash does not match/);
    expect(broken.status).toBe(1);
  });
});
