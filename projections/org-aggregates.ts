/**
 * Per-organisation aggregates, so that the pipeline, quotas and report of an organisation high in the tree read a few
 * thousand counter rows instead of one index entry per dossier of its subtree. They are kept by the `dossiers`
 * projection beside the per-cell rows they summarise (stage intervals, report counts), as blind counter additions.
 *
 * Which organisations: the ancestors of the dossier's cell of the top levels (AGGREGATING_KINDS) whose span over
 * that cell in `org_ancestry` (org-history.ts) covers all time, `[BEGINNING, OPEN_END)`. Measured on the benchmark's
 * province (100 000 dossiers): kept for the province alone, the aggregates cost a rebuild about a third of its speed;
 * kept for the districts and blocks as well, whose rows collide far less within a batch, about three quarters. A
 * district's own scan covers some 10 000 dossiers, a grassroots organisation's a few thousand, so they stay scans. An
 * organisation whose every descendant is such a span (`AGGREGATED_SQL` in src/read-models/read-queries.ts) has never
 * gained or lost a cell: its subtree is the same on every date, so counts kept per organisation are exactly the
 * subtree sums of the per-cell rows on any date, and the queries may read them. Restructuring (a move or succession
 * with `effectiveOn`) gives the organisations it touches a dated span; from then on they are answered by the exact
 * per-cell scan, as before, while a move inside a subtree (from one of its cells to another) leaves the subtree's root
 * aggregated. A span only ever stops being full-time (org-history ignores a restructuring dated at BEGINNING), so an
 * organisation the queries read was aggregated by every event that concerns it.
 *
 * Pipeline as of any date D, in a number of rows bounded by the calendar, not by the dossiers:
 * - `org_stage_flow (org_id, grain, day, stage, categories, n)`: +1 when an interval of the subtree opens, −1 when it
 *   closes, by the candidate's set of categories (one row per change, not one per category: a province has a few
 *   dozen sets, and the query splits them as the exact scan does), twice: by month (`grain = 'm'`, `day` the 1st) and
 *   by day (`grain = 'd'`). The count at D is the months before D's month plus the days of D's month up to D.
 * - `org_stage_ages (org_id, grain, left_on, stage, since, n)`, open stages only (their ages are shown): an interval
 *   still open is a row `grain = 'o'` (left_on OPEN_END) under the day its stage began; when it closes the row moves
 *   to its leaving month (`'m'`) and day (`'d'`). The dossiers in a stage at D by stage start are the open rows plus
 *   those that left after D (months after D's month, days of D's month after D), with `since <= D`: the exact age
 *   histogram, so p50, p90 and over-90 stay exact. An interval entered after its stage began (a transfer in from
 *   outside the subtree) gets a negative twin from `since` to the day it arrived, so it is not counted before.
 * - `org_report_counts`, `org_report_classes`: report_counts and report_classes (report-counts.ts) per organisation.
 */
import type { RowChange, RowReader, TableDef } from './projection';
import { ORG_ANCESTRY_TABLE, ORG_CREATED_TABLE } from './org-history';
import { REPORT_CLASSES_TABLE, REPORT_COUNTS_TABLE } from './report-counts';
import { BEGINNING, OPEN_END } from './stored-events';

export const ORG_STAGE_FLOW_TABLE = 'org_stage_flow';
export const ORG_STAGE_AGES_TABLE = 'org_stage_ages';
export const ORG_REPORT_COUNTS_TABLE = 'org_report_counts';
export const ORG_REPORT_CLASSES_TABLE = 'org_report_classes';

/** The levels that keep aggregates (domain.md: central → province → district | block | commune → grassroots …). */
export const AGGREGATING_KINDS: readonly string[] = ['central', 'province'];

/** Stages that end a journey: counted in the pipeline, not aged. */
export const FINAL_STAGES: ReadonlySet<string> = new Set(['official', 'rejected', 'dropped', 'withdrawn', 'removed']);

export const orgAggregateTables: TableDef[] = [
  {
    name: ORG_STAGE_FLOW_TABLE,
    columns: { org_id: 'TEXT', grain: 'TEXT', day: 'TEXT', stage: 'TEXT', categories: 'TEXT', n: 'INTEGER' },
    key: ['org_id', 'grain', 'day', 'stage', 'categories'],
    counter: 'n',
    dropZero: true,
  },
  {
    name: ORG_STAGE_AGES_TABLE,
    columns: { org_id: 'TEXT', grain: 'TEXT', left_on: 'TEXT', stage: 'TEXT', since: 'TEXT', n: 'INTEGER' },
    key: ['org_id', 'grain', 'left_on', 'stage', 'since'],
    counter: 'n',
    // an open row comes back to 0 when its interval closes: without this the query would read every stage start
    // of the province's history
    dropZero: true,
  },
  {
    name: ORG_REPORT_COUNTS_TABLE,
    columns: { org_id: 'TEXT', day: 'TEXT', metric: 'TEXT', category: 'TEXT', n: 'INTEGER' },
    key: ['org_id', 'day', 'metric', 'category'],
    counter: 'n',
  },
  {
    name: ORG_REPORT_CLASSES_TABLE,
    columns: { org_id: 'TEXT', day: 'TEXT', kind: 'TEXT', class_key: 'TEXT', n: 'INTEGER' },
    key: ['org_id', 'day', 'kind', 'class_key'],
    counter: 'n',
  },
];

/** The first day of a date's month. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The organisations that aggregate the cell's rows: its ancestors of AGGREGATING_KINDS whose span over it covers all time. */
export function aggregatingAncestors(rows: RowReader, cellId: string): string[] {
  const ancestors: string[] = [];
  for (const span of rows.where(ORG_ANCESTRY_TABLE, 'org_id', cellId)) {
    if (span.ancestor_id === cellId || span.valid_from !== BEGINNING || span.valid_to !== OPEN_END) continue;
    const org = String(span.ancestor_id);
    const kind = rows.get(ORG_CREATED_TABLE, { org_id: org })?.kind;
    if (typeof kind === 'string' && AGGREGATING_KINDS.includes(kind)) ancestors.push(org);
  }
  return ancestors;
}

/** A stage interval as the aggregates see it. */
export interface AggregatedInterval {
  stage: string;
  /** comma-separated categories */
  categories: string;
  enteredOn: string;
  stageEnteredOn: string;
}

function flow(orgs: readonly string[], i: AggregatedInterval, day: string, n: number, changes: RowChange[]): void {
  const month = monthOf(day);
  const { stage, categories } = i;
  for (const org_id of orgs) {
    changes.push({ table: ORG_STAGE_FLOW_TABLE, add: { org_id, grain: 'm', day: month, stage, categories, n } });
    changes.push({ table: ORG_STAGE_FLOW_TABLE, add: { org_id, grain: 'd', day, stage, categories, n } });
  }
}

function left(orgs: readonly string[], i: AggregatedInterval, day: string, n: number, changes: RowChange[]): void {
  const month = monthOf(day);
  for (const org_id of orgs) {
    changes.push({ table: ORG_STAGE_AGES_TABLE, add: { org_id, grain: 'm', left_on: month, stage: i.stage, since: i.stageEnteredOn, n } });
    changes.push({ table: ORG_STAGE_AGES_TABLE, add: { org_id, grain: 'd', left_on: day, stage: i.stage, since: i.stageEnteredOn, n } });
  }
}

function open(orgs: readonly string[], i: AggregatedInterval, n: number, changes: RowChange[]): void {
  for (const org_id of orgs) {
    changes.push({ table: ORG_STAGE_AGES_TABLE, add: { org_id, grain: 'o', left_on: OPEN_END, stage: i.stage, since: i.stageEnteredOn, n } });
  }
}

/** The aggregate changes of an interval opening under `orgs`. */
export function intervalOpened(orgs: readonly string[], i: AggregatedInterval, changes: RowChange[] = []): RowChange[] {
  if (orgs.length === 0) return changes;
  flow(orgs, i, i.enteredOn, 1, changes);
  if (!FINAL_STAGES.has(i.stage)) {
    open(orgs, i, 1, changes);
    // arrived after its stage began: not under these organisations from `since` to the day it arrived
    if (i.enteredOn > i.stageEnteredOn) left(orgs, i, i.enteredOn, -1, changes);
  }
  return changes;
}

/** The aggregate changes of an interval closing under `orgs` on `leftOn`. */
export function intervalClosed(orgs: readonly string[], i: AggregatedInterval, leftOn: string, changes: RowChange[] = []): RowChange[] {
  if (orgs.length === 0) return changes;
  flow(orgs, i, leftOn, -1, changes);
  if (!FINAL_STAGES.has(i.stage)) {
    open(orgs, i, -1, changes);
    left(orgs, i, leftOn, 1, changes);
  }
  return changes;
}

/** report_counts and report_classes changes of a cell, repeated for its aggregating organisations. */
export function forOrganisations(orgs: readonly string[], cellChanges: readonly RowChange[]): RowChange[] {
  const changes: RowChange[] = [];
  for (const change of cellChanges) {
    if (!('add' in change)) continue;
    const table = change.table === REPORT_COUNTS_TABLE ? ORG_REPORT_COUNTS_TABLE : change.table === REPORT_CLASSES_TABLE ? ORG_REPORT_CLASSES_TABLE : undefined;
    if (!table) continue;
    const { cell_id: _cell, ...rest } = change.add;
    for (const org_id of orgs) changes.push({ table, add: { org_id, ...rest } });
  }
  return changes;
}
