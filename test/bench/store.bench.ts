/**
 * Event store throughput on this machine's disk, with the durability the product runs with (WAL,
 * synchronous=FULL: every acknowledged append is fsynced).
 *
 *   limit       raw better-sqlite3: one INSERT of a comparable row per transaction, nothing else
 *   sequential  SqliteEventStore.append, one writer awaiting each append (expected-revision check included)
 *   concurrent  64 writers appending at once; group commit lets them share fsyncs
 *
 * Targets (issue 2): sequential ≥ 0.7 × limit; concurrent ≥ 3 × sequential.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { NewEvent } from '../../src/engine/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { tempDir } from '../support/temp-dir';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

/** An event shaped like a real one: a few hundred bytes of data and audit metadata. */
function sampleEvent(i: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'CellAdmissionVoteHeld',
    data: { occurredOn: '2024-05-02', officialMembers: 12, excluded: 1, votesFor: 9, resolutionNo: `${i}-NQ/CB` },
    metadata: {
      actor: 'clerk-ben-cat',
      orgId: 'cb-cong-doan-kcn-ben-cat',
      occurredOn: '2024-05-02',
      recordedAt: new Date().toISOString(),
      commandId: randomUUID(),
      machineVersion: 1,
      ruleSet: 'R2021',
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    },
  };
}

async function forSeconds(seconds: number, step: () => Promise<unknown> | unknown): Promise<number> {
  const until = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  while (process.hrtime.bigint() < until) {
    await step();
    n++;
  }
  return n / seconds;
}

function rawLimit(file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
    UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let i = 0;
  const until = process.hrtime.bigint() + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < until) {
    const e = sampleEvent(i);
    insert.run(e.id, `dossier-${i % 1000}`, Math.floor(i / 1000), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), new Date().toISOString());
    i++;
  }
  db.close();
  return i / SECONDS;
}

async function sequential(store: SqliteEventStore): Promise<number> {
  const revisions = new Map<string, number>();
  let i = 0;
  return forSeconds(SECONDS, async () => {
    const stream = `dossier-${i % 1000}`;
    const expected = revisions.get(stream) ?? 'no_stream';
    const { nextRevision } = await store.append(stream, [sampleEvent(i++)], expected);
    revisions.set(stream, nextRevision);
  });
}

async function concurrent(store: SqliteEventStore, writers: number): Promise<number> {
  const until = process.hrtime.bigint() + BigInt(SECONDS * 1e9);
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let n = 0;
      let expected: number | 'no_stream' = 'no_stream';
      while (process.hrtime.bigint() < until) {
        expected = (await store.append(`writer-${w}`, [sampleEvent(n)], expected)).nextRevision;
        n++;
      }
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / SECONDS;
}

export async function benchStore(): Promise<void> {
  const temp = tempDir('ketnap-bench-');
  try {
    console.log(`store benchmark: ${SECONDS} s per measurement, files in ${temp.dir} (WAL, synchronous=FULL)`);
    const limit = rawLimit(join(temp.dir, 'raw.db'));
    const seqStore = new SqliteEventStore(join(temp.dir, 'sequential.db'));
    const seq = await sequential(seqStore);
    await seqStore.close();
    const conStore = new SqliteEventStore(join(temp.dir, 'concurrent.db'));
    const con = await concurrent(conStore, 64);
    await conStore.close();

    const row = (name: string, perSecond: number, ratio: string) =>
      console.log(`  ${name.padEnd(34)} ${Math.round(perSecond).toString().padStart(8)} appends/s  ${ratio}`);
    row('raw better-sqlite3 inserts (limit)', limit, '');
    row('adapter, sequential', seq, `${(seq / limit).toFixed(2)} × limit       (target ≥ 0.70)`);
    row('adapter, 64 concurrent writers', con, `${(con / seq).toFixed(2)} × sequential  (target ≥ 3.00)`);
  } finally {
    temp.remove();
  }
}
