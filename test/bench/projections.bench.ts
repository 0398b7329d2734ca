/**
 * Read-model throughput and query latency on a province-sized log (≥ 1 000 000 events, test/support/province-generator.ts;
 * generated once, then reused from the OS temp dir):
 *
 *   scan      the limit: every event read with better-sqlite3 and its data and metadata JSON-parsed, nothing else
 *   readAll   the same through SqliteEventStore.readAll pages (what the runner reads)
 *   rebuild   a fresh ReadModelDb with ALL_PROJECTIONS, ProjectionRunner.catchUp() (src/read-models/replay.ts), as
 *             `ketnap projections rebuild` runs it; with its peak resident memory (BENCH_CHUNK, BENCH_WRITER=thread|worker
 *             change the replay's chunk size and writer)
 *   floor     what any rebuild into one read-model file costs at least: the rows the rebuild wrote, read back into memory
 *             in key order (the cheapest order for SQLite's b-trees), written into a fresh file by the replay's own
 *             writer (replay-writer.ts) in one transaction, then the secondary indexes built; SQLite lets one
 *             connection at a time write a file, so this is one thread's work however the projections are run
 *   queries   p50/p95 over RUNS runs of ReadQueries' pipeline, quotas and report, at the province root (answered from
 *             its aggregates, projections/org-aggregates.ts), for one cell, and the pipeline of a district (both the
 *             exact scan);
 *             nothing is cached between runs (every run executes its statements), and each p95 is also given as the
 *             number of events the raw scan reads in that time, a figure that moves less with the machine's load
 *
 * Targets (issue 5): rebuild ≥ 0.3 × scan; at the root pipeline and quota p95 ≤ 25 ms, report p95 ≤ 50 ms.
 */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Value } from '../../projections/projection';
import { progress } from '../../src/cli/progress';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-models/projection-runner';
import { ALL_PROJECTIONS } from '../../src/read-models/projections';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import { q } from '../../src/read-models/read-model-sql';
import type { ReplayOptions } from '../../src/read-models/replay';
import { ReplayState } from '../../src/read-models/replay-state';
import { ChunkWriter, type TableChunk } from '../../src/read-models/replay-writer';
import { AGGREGATED_SQL, ReadQueries } from '../../src/read-models/read-queries';
import { type AgeGroup, aggregatedPipeline, foldPipeline, PIPELINE_AGES_SQL, PIPELINE_FLOW_SQL, PIPELINE_SQL, type PipelineGroup } from '../../src/read-models/pipeline-queries';
import { monthOf } from '../../projections/org-aggregates';
import { addMonths } from '../../workflows/calendar';
import { province } from '../support/province-generator';
import { tempDir } from '../support/temp-dir';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
/** A query slower than its target by far would take minutes over RUNS runs: each one is measured for this long at most. */
const BUDGET_MS = Number(process.env.BENCH_QUERY_BUDGET_MS ?? 15_000);
/** A past day (six months before the log ends) and the log's last day. */
const AS_OF = '2024-12-31';
const LOG_END = '2025-06-30';
/** The replay as `ketnap projections rebuild` runs it, unless told otherwise (chunk size, writer thread or not). */
const REPLAY: ReplayOptions = {
  chunkEvents: process.env.BENCH_CHUNK ? Number(process.env.BENCH_CHUNK) : undefined,
  writer: process.env.BENCH_WRITER === 'thread' || process.env.BENCH_WRITER === 'worker' ? process.env.BENCH_WRITER : undefined,
};

function describeReplay(options: ReplayOptions): string {
  const chunk = options.chunkEvents ? `chunks of ${options.chunkEvents.toLocaleString('en')} events` : 'default chunks';
  return `${chunk}, ${options.writer ? `writer ${options.writer} (BENCH_WRITER)` : 'writer thread for a long replay (the default)'}`;
}

function perSecond(events: number, started: bigint): number {
  return events / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The ceiling: rows straight from SQLite, both JSON columns parsed. */
function rawScan(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const started = process.hrtime.bigint();
    let n = 0;
    for (const [data, metadata] of db.prepare('SELECT data, metadata FROM events ORDER BY position').raw().iterate() as Iterable<[string, string]>) {
      JSON.parse(data);
      JSON.parse(metadata);
      n++;
    }
    return perSecond(n, started);
  } finally {
    db.close();
  }
}

/** Wall and CPU seconds (user and system, every thread of the process) of some work, added up over calls. */
class Timed {
  seconds = 0;
  cpuSeconds = 0;

  run<T>(work: () => T): T {
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    try {
      return work();
    } finally {
      this.seconds += Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpuBefore);
      this.cpuSeconds += (used.user + used.system) / 1e6;
    }
  }

  async runAsync<T>(work: () => Promise<T>): Promise<T> {
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      this.seconds += Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpuBefore);
      this.cpuSeconds += (used.user + used.system) / 1e6;
    }
  }
}

/**
 * The write floor (see above): the rebuilt file's rows written again into a fresh one, timed without the reading
 * back, which happens table by table so that only one table's rows are held at a time; then the indexes.
 */
function writeFloor(rebuilt: ReadModelDb, file: string): { rows: Timed; indexes: Timed; count: number } {
  const fresh = new ReadModelDb(file, ALL_PROJECTIONS);
  try {
    const defs = ALL_PROJECTIONS.flatMap((p) => p.tables);
    const writer = new ChunkWriter(fresh.db, defs);
    const rows = new Timed();
    let count = 0;
    defs.forEach((def, i) => {
      const columns = Object.keys(def.columns);
      const stored = rebuilt.db.prepare(`SELECT ${columns.map(q).join(', ')} FROM ${q(def.name)} ORDER BY ${def.key.map(q).join(', ')}`).raw().all() as Value[][];
      count += stored.length;
      const chunk: TableChunk = { table: def.name, mode: 'replace', rows: stored.flat(), deletes: [] };
      // one transaction for every table, committed with the checkpoints by the last part, as a replay's chunk is
      const checkpoints = i === defs.length - 1 ? ALL_PROJECTIONS.map((p): [string, number] => [p.name, 1]) : undefined;
      rows.run(() => writer.write({ seq: i, tables: [chunk], checkpoints }));
    });
    const indexes = new Timed();
    indexes.run(() => fresh.ensureIndexes());
    return { rows, indexes, count };
  } finally {
    fresh.close();
  }
}

/**
 * The projections alone: the replay's inner loop (replay.ts) over the log, on this thread, each chunk's changes
 * collected as a replay collects them and then dropped, nothing written. The log is read through readAll pages, whose
 * own cost the caller takes off with the readAll scan's rate.
 */
async function projectionsAlone(store: SqliteEventStore, file: string): Promise<{ timed: Timed; events: number }> {
  const db = new ReadModelDb(file, ALL_PROJECTIONS);
  const timed = new Timed();
  let events = 0;
  try {
    const state = new ReplayState(db);
    await timed.runAsync(async () => {
      for (let after = 0; ; ) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) return;
        for (const event of page) {
          for (const projection of db.projections) for (const change of projection.apply(event, state)) state.apply(change);
          if (++events % 100_000 === 0) state.take();
        }
        state.takeWriteOnly();
        after = page[page.length - 1].position;
      }
    });
    state.take();
    return { timed, events };
  } finally {
    db.close();
  }
}

async function readAllScan(store: SqliteEventStore): Promise<number> {
  const started = process.hrtime.bigint();
  let n = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return perSecond(n, started);
    n += page.length;
    after = page[page.length - 1].position;
  }
}

/** Nearest-rank p50/p95 over RUNS runs after a warm-up, or over the runs that fit in BUDGET_MS (at least 20). */
function latency(run: () => unknown): { p50: number; p95: number; runs: number } {
  for (let i = 0; i < 5; i++) run();
  const times: number[] = [];
  let spent = 0;
  while (times.length < RUNS && (spent < BUDGET_MS || times.length < 20)) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    spent += times[times.length - 1];
  }
  times.sort((a, b) => a - b);
  const rank = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  return { p50: rank(0.5), p95: rank(0.95), runs: times.length };
}

/** One timed run of each statement behind the root pipeline, aggregated and by the exact scan, to show where time goes. */
function pipelineParts(readModels: ReadModelDb, org: string): string {
  const timed = <T>(run: () => T): [T, number] => {
    run();
    const started = process.hrtime.bigint();
    const result = run();
    return [result, Number(process.hrtime.bigint() - started) / 1e6];
  };
  const statement = (sql: string) => readModels.db.prepare(sql);
  const month = monthOf(AS_OF);
  const nextMonth = monthOf(addMonths(month, 1));
  const [, check] = timed(() => statement(AGGREGATED_SQL).get({ org }));
  const [flow, flowMs] = timed(() => statement(PIPELINE_FLOW_SQL).all({ org, asOf: AS_OF, month }) as Omit<PipelineGroup, 'since'>[]);
  const [ages, agesMs] = timed(() => statement(PIPELINE_AGES_SQL).all({ org, asOf: AS_OF, month, nextMonth }) as AgeGroup[]);
  const [, foldMs] = timed(() => aggregatedPipeline(org, AS_OF, flow, ages));
  const [groups, scanMs] = timed(() => statement(PIPELINE_SQL).all({ org, asOf: AS_OF }) as PipelineGroup[]);
  const [, scanFoldMs] = timed(() => foldPipeline(org, AS_OF, groups));
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return (
    `aggregated? ${ms(check)}, flow ${ms(flowMs)} (${flow.length} rows), ages ${ms(agesMs)} (${ages.length} rows), fold ${ms(foldMs)}; ` +
    `the exact scan it replaces: ${ms(scanMs)} (${groups.length} groups) + fold ${ms(scanFoldMs)}`
  );
}

export async function benchProjections(): Promise<void> {
  const bar = progress('generate', 'events');
  const log = await province(DOSSIERS, bar.update);
  if (log.reused) console.log(`projections benchmark: reused the cached province log ${log.file} (${log.events.toLocaleString('en')} events)`);
  else console.log(`projections benchmark: generated ${log.file} — ${bar.finish(log.events)}`);
  console.log(`  ${log.dossiers.toLocaleString('en')} dossiers, ${log.cellIds.length} cells, ${log.events.toLocaleString('en')} events`);

  const scan = rawScan(log.file);
  const store = new SqliteEventStore(log.file);
  const temp = tempDir('ketnap-bench-projections-');
  try {
    const pages = await readAllScan(store);
    const readModels = new ReadModelDb(join(temp.dir, 'read-models.db'), ALL_PROJECTIONS);
    const rebuildBar = progress('rebuild', 'events', log.events);
    let applied = 0;
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const runner = new ProjectionRunner(store, readModels, { replay: REPLAY, onProgress: (_, n) => rebuildBar.update((applied += n)) });
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await runner.catchUp();
    const rebuild = perSecond(applied, started);
    const rebuildCpu = process.cpuUsage(cpuBefore);
    // the process's peak resident memory: the rebuild's, when it is above the peak before it
    const peakRss = process.resourceUsage().maxRSS * 1024;
    rebuildBar.finish(applied);

    const row = (name: string, rate: number, note: string) =>
      console.log(`  ${name.padEnd(42)} ${Math.round(rate).toLocaleString('en').padStart(10)} events/s  ${note}`);
    row('scan: better-sqlite3 iterate + JSON.parse (limit)', scan, '');
    row('scan: SqliteEventStore.readAll pages', pages, `${(pages / scan).toFixed(2)} × limit`);
    row('rebuild: ALL_PROJECTIONS, catchUp (replay)', rebuild, `${(rebuild / scan).toFixed(2)} × limit  (target ≥ 0.30; ${((rebuildCpu.user + rebuildCpu.system) / 1e6).toFixed(1)} CPU-s on all threads)`);
    const floor = writeFloor(readModels, join(temp.dir, 'write-floor.db'));
    const floorSeconds = floor.rows.seconds + floor.indexes.seconds;
    row(
      'floor: writing the rebuilt rows, one thread',
      applied / floorSeconds,
      `${(applied / floorSeconds / scan).toFixed(2)} × limit  (${floor.count.toLocaleString('en')} rows ${floor.rows.cpuSeconds.toFixed(1)} CPU-s, then indexes ${floor.indexes.cpuSeconds.toFixed(1)})`,
    );
    const alone = await projectionsAlone(store, join(temp.dir, 'projections-alone.db'));
    const projectionCpu = Math.max(0, alone.timed.cpuSeconds - alone.events / pages);
    console.log(`  projections alone, in memory, nothing written: ${projectionCpu.toFixed(1)} CPU-s (less the readAll reading)`);
    // The least any rebuild into one file can take here: reading and parsing (the scan), the projections and the rows'
    // writing spread over every core, then the index build, which needs every row and SQLite's one writer.
    const cores = availableParallelism();
    const bound = (alone.events / scan + projectionCpu + floor.rows.cpuSeconds) / cores + floor.indexes.seconds;
    console.log(
      `  bound with these projections on ${cores} cores: ${Math.round(applied / bound).toLocaleString('en')} events/s = ${(applied / bound / scan).toFixed(2)} × limit ` +
        '((scan + projections + rows) ÷ cores, then the indexes)',
    );
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;
    console.log(`  rebuild: peak RSS of the process ${mb(peakRss)} (${mb(peakBefore)} before the rebuild); ${describeReplay(REPLAY)}`);

    const queries = new ReadQueries(readModels);
    const [cell] = log.cellIds;
    const district = cell.replace(/-co-so-.*$/, '');
    const cases: [string, () => unknown, number][] = [
      [`pipeline ${log.rootId} (root) asOf ${AS_OF}`, () => queries.pipeline(log.rootId, AS_OF), 25],
      [`pipeline ${log.rootId} (root) asOf ${LOG_END}`, () => queries.pipeline(log.rootId, LOG_END), 25],
      [`quotas 2024 ${log.rootId} (root)`, () => queries.quotas(log.rootId, '2024', AS_OF), 25],
      [`report 2024 ${log.rootId} (root)`, () => queries.report(log.rootId, '2024-01-01', '2024-12-31'), 50],
      [`pipeline ${district} (district, scanned)`, () => queries.pipeline(district, AS_OF), 25],
      [`pipeline ${cell}`, () => queries.pipeline(cell, AS_OF), 25],
      [`quotas 2024 ${cell}`, () => queries.quotas(cell, '2024', AS_OF), 25],
      [`report 2024 ${cell}`, () => queries.report(cell, '2024-01-01', '2024-12-31'), 50],
    ];
    console.log(`  queries, up to ${RUNS} runs each, uncached (ms; p95 also as events the raw scan reads in that time):`);
    for (const [name, run, target] of cases) {
      const { p50, p95, runs } = latency(run);
      const note = runs < RUNS ? `, ${runs} runs in the time budget` : '';
      const scanned = Math.round((p95 / 1000) * scan).toLocaleString('en');
      console.log(
        `    ${name.padEnd(52)} p50 ${p50.toFixed(2).padStart(7)}  p95 ${p95.toFixed(2).padStart(7)} = ${scanned.padStart(7)} scanned  (target p95 ≤ ${target}${note})`,
      );
    }
    console.log(`  pipeline at the root, by statement: ${pipelineParts(readModels, log.rootId)}`);
    readModels.close();
  } finally {
    await store.close();
    temp.remove();
  }
}
