/**
 * Report counts: how many dossiers of a cell reached each milestone on each business day, in total and per candidate
 * category, so that `GET /organizations/{id}/report?from&to` is one SUM over the subtree's cells and the days in range,
 * and quota achievement is the same SUM over `admitted`.
 *
 * - Attributed to the cell that held the dossier when the act happened (a transfer moves later counts to the new cell,
 *   never earlier ones) and to the act's `occurredOn` (api.md: reports count by the events' business dates).
 * - Per day, not per month: a report's `from`/`to` are days, and a restructuring takes effect on a day; a month bucket
 *   could answer neither exactly. A cell has a handful of acts a day, so the table stays small beside the log.
 * - `category = '*'` is the total. For the metrics in METRICS_BY_CATEGORY (today `admitted`, for the report's
 *   admittedByCategory) each of the dossier's categories gets its own row besides: a youth-union member who is a
 *   worker counts once in '*', once under youth_union and once under worker. Every category row is one more
 *   read-and-write per event, so only the breakdowns that are asked for are kept; add a metric here (and bump the
 *   projection's version) to break it down too. The pipeline's byCategory comes from stage intervals, not from here.
 * - Which organisation a cell belongs to is not stored here: the query joins `org_ancestry` (projections/org-history.ts)
 *   on the day of the count, or on one as-of date, so restructuring never rewrites these rows.
 *
 * Metrics (the keys of the report in api.md): nominated, enrolled (every enrolment, a re-enrolment too), certified,
 * admitted, ceremonies, recognised, and the endings rejected, dropped (by the cell, or by a failed background check),
 * withdrawn, removed; beside them theoryCompleted (new members through the political theory class).
 *
 * Classes (seed 000: "3 lớp nhận thức về Đảng với 427 quần chúng", "1 lớp bồi dưỡng lý luận chính trị cho 164 đảng
 * viên dự bị"): `report_classes` notes, per cell and day, which classes its dossiers were enrolled in (awareness) or
 * completed (theory), so that a report counts the distinct classes behind its enrolments and completions. An
 * awareness class is its name and opening day (`className`, `startsOn` of the enrolment). ASSUMPTION: the theory
 * class event carries no class name, so a theory class is the day it ended (every member of a class receives the
 * certificate that day); a `className` on the event, if a later version records one, is used instead.
 */
import type { AdmissionEvent } from '../workflows/admission';
import type { RowChange, TableDef } from './projection';

export const REPORT_COUNTS_TABLE = 'report_counts';
export const ALL_CATEGORIES = '*';

export const REPORT_METRICS = [
  'nominated',
  'enrolled',
  'certified',
  'admitted',
  'ceremonies',
  'recognised',
  'removed',
  'rejected',
  'dropped',
  'withdrawn',
  'theoryCompleted',
] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];

export const reportCountsTable: TableDef = {
  name: REPORT_COUNTS_TABLE,
  columns: { cell_id: 'TEXT', day: 'TEXT', metric: 'TEXT', category: 'TEXT', n: 'INTEGER' },
  // The key serves the queries too: one cell, a range of days.
  key: ['cell_id', 'day', 'metric', 'category'],
  counter: 'n',
};

const BY_TYPE: Partial<Record<AdmissionEvent['type'], ReportMetric>> = {
  CandidateNominated: 'nominated',
  AwarenessClassEnrolled: 'enrolled',
  AwarenessCertificateIssued: 'certified',
  AdmissionDecided: 'admitted',
  AdmissionCeremonyHeld: 'ceremonies',
  OfficialMembershipRecognized: 'recognised',
  TheoryClassCompleted: 'theoryCompleted',
};

const BY_END_STAGE: { [stage: string]: ReportMetric } = {
  rejected: 'rejected',
  dropped: 'dropped',
  withdrawn: 'withdrawn',
  removed: 'removed',
};

export const REPORT_CLASSES_TABLE = 'report_classes';
export type ClassKind = 'awareness' | 'theory';

export const reportClassesTable: TableDef = {
  name: REPORT_CLASSES_TABLE,
  /** n: the enrolments or completions of that cell, day and class */
  columns: { cell_id: 'TEXT', day: 'TEXT', kind: 'TEXT', class_key: 'TEXT', n: 'INTEGER' },
  key: ['cell_id', 'day', 'kind', 'class_key'],
  counter: 'n',
};

/** One more enrolment in (or completion of) the class for the cell and day. */
export function inClass(cellId: string, day: string, inClass: { kind: ClassKind; key: string }): RowChange {
  return { table: REPORT_CLASSES_TABLE, add: { cell_id: cellId, day, kind: inClass.kind, class_key: inClass.key, n: 1 } };
}

/** The class an event places the dossier in, if any (see the header). */
export function classOf(event: AdmissionEvent): { kind: ClassKind; key: string } | undefined {
  if (event.type === 'AwarenessClassEnrolled') return { kind: 'awareness', key: `${event.className} ${event.startsOn}` };
  if (event.type === 'TheoryClassCompleted') {
    const named = (event as { className?: unknown }).className;
    return { kind: 'theory', key: typeof named === 'string' ? named : event.occurredOn };
  }
  return undefined;
}

/** What an accepted event counts as, given the stage it led to (endings count by where they end). */
export function metricOf(event: AdmissionEvent, stageBefore: string | undefined, stageAfter: string): ReportMetric | undefined {
  if (stageAfter !== stageBefore && stageAfter in BY_END_STAGE) return BY_END_STAGE[stageAfter];
  return BY_TYPE[event.type];
}

/** The metrics counted per candidate category as well as in total. */
export const METRICS_BY_CATEGORY: ReadonlySet<ReportMetric> = new Set<ReportMetric>(['admitted']);

/** One more for the cell, day and metric, in total and (for METRICS_BY_CATEGORY) under each category. */
export function counted(cellId: string, day: string, metric: ReportMetric, categories: readonly string[]): RowChange[] {
  return (METRICS_BY_CATEGORY.has(metric) ? [ALL_CATEGORIES, ...categories] : [ALL_CATEGORIES]).map((category) => ({
    table: REPORT_COUNTS_TABLE,
    add: { cell_id: cellId, day, metric, category, n: 1 },
  }));
}
