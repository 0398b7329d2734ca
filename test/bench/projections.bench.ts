/**
 * Read-model throughput and query latency on a province-sized log (≥ 1 000 000 events, test/support/province-generator.ts;
 * generated once, then reused from the OS temp dir):
 *
 *   scan      the limit: every event read with better-sqlite3 and its data and metadata JSON-parsed, nothing else
 *   readAll   the same through SqliteEventStore.readAll pages (what the runner reads)
 *   rebuild   a fresh ReadModelDb with ALL_PROJECTIONS, ProjectionRunner.catchUp() (src/read-models/replay.ts), as
 *             `ketnap projections rebuild` runs it; with its peak resident memory (BENCH_CHUNK, BENCH_WRITER=thread|worker
 *             change the replay's chunk size and writer)
 *   queries   p50/p95 over RUNS runs of ReadQueries' pipeline, quotas and report, at the province root (answered from
 *             its aggregates, projections/org-aggregates.ts), for one cell, and the pipeline of a district (both the
 *             exact scan);
 *             nothing is cached between runs (every run executes its statements), and each p95 is also given as the
 *             number of events the raw scan reads in that time, a figure that moves less with the machine's load
 *
 * Targets (issue 5): rebuild ≥ 0.3 × scan; at the root pipeline and quota p95 ≤ 25 ms, report p95 ≤ 50 ms.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { progress } from '../../src/cli/progress';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-models/projection-runner';
import { ALL_PROJECTIONS } from '../../src/read-models/projections';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import type { ReplayOptions } from '../../src/read-models/replay';
import {
  AGGREGATED_SQL,
  type AgeGroup,
  aggregatedPipeline,
  foldPipeline,
  PIPELINE_AGES_SQL,
  PIPELINE_FLOW_SQL,
  PIPELINE_SQL,
  type PipelineGroup,
  ReadQueries,
} from '../../src/read-models/read-queries';
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
    const started = process.hrtime.bigint();
    await runner.catchUp();
    const rebuild = perSecond(applied, started);
    // the process's peak resident memory: the rebuild's, when it is above the peak before it
    const peakRss = process.resourceUsage().maxRSS * 1024;
    rebuildBar.finish(applied);

    const row = (name: string, rate: number, note: string) =>
      console.log(`  ${name.padEnd(42)} ${Math.round(rate).toLocaleString('en').padStart(10)} events/s  ${note}`);
    row('scan: better-sqlite3 iterate + JSON.parse (limit)', scan, '');
    row('scan: SqliteEventStore.readAll pages', pages, `${(pages / scan).toFixed(2)} × limit`);
    row('rebuild: ALL_PROJECTIONS, catchUp (replay)', rebuild, `${(rebuild / scan).toFixed(2)} × limit  (target ≥ 0.30)`);
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
