/**
 * The queries behind the organisation department's views: pipeline (as of a date), quotas with achievement,
 * period reports, the dossier list and the audit trail — each over an organisation's subtree as the tree stood
 * on the date asked about (org_ancestry keeps the tree through restructuring, see projections/org-history.ts).
 * The statements are exported so the projection tests prove the design with the very SQL that runs here.
 */
import { STAGES } from '../../workflows/admission';
import { REPORT_METRICS } from '../../projections/report-counts';
import type { ReadModelDb } from './read-model-db';

/** Organisations under :org on :asOf. */
const SUBTREE = `SELECT org_id FROM org_ancestry WHERE ancestor_id = @org AND valid_from <= @asOf AND @asOf < valid_to`;

/** Stages that end a journey: counted in the pipeline, not aged. */
const FINAL_STAGES = ['official', 'rejected', 'dropped', 'withdrawn', 'removed'];

/**
 * Everything the pipeline shows, in one pass over the index of stage intervals: the dossiers whose interval covers
 * the end of day asOf in a cell then under :org, grouped by stage, category set and the day the stage began (ages
 * are needed for open stages only, so final stages group without it). `foldPipeline` turns the groups into stages,
 * byCategory and aging.
 */
export const PIPELINE_SQL = `
  SELECT i.stage, i.categories,
         CASE WHEN i.stage IN (${FINAL_STAGES.map((st) => `'${st}'`).join(', ')}) THEN NULL ELSE i.stage_entered_on END AS since,
         COUNT(*) AS n
  FROM org_ancestry o JOIN stage_intervals i ON i.cell_id = o.org_id
  WHERE o.ancestor_id = @org AND o.valid_from <= @asOf AND @asOf < o.valid_to
    AND i.entered_on <= @asOf AND @asOf < i.left_on
  GROUP BY 1, 2, 3`;

export interface PipelineGroup {
  stage: string;
  categories: string;
  since: string | null;
  n: number;
}

/**
 * Stages, byCategory (a dossier counts under each of its categories) and aging: days in the open stage at asOf, p50
 * and p90 by nearest rank (the smallest age that at least 50 %/90 % of the stage's dossiers do not exceed), and how
 * many exceed 90 days.
 */
export function foldPipeline(orgId: string, asOf: string, groups: readonly PipelineGroup[]): Pipeline {
  const stages = Object.fromEntries(STAGES.map((st) => [st, 0])) as Record<string, number>;
  const byCategory: Pipeline['byCategory'] = {};
  const ages = new Map<string, Map<number, number>>();
  const day = dayNumber(asOf);
  for (const { stage, categories, since, n } of groups) {
    stages[stage] = (stages[stage] ?? 0) + n;
    for (const category of categories ? categories.split(',') : []) {
      const counts = (byCategory[category] ??= {});
      counts[stage] = (counts[stage] ?? 0) + n;
    }
    if (since === null) continue;
    let histogram = ages.get(stage);
    if (!histogram) ages.set(stage, (histogram = new Map()));
    const age = day - dayNumber(since);
    histogram.set(age, (histogram.get(age) ?? 0) + n);
  }
  const aging: Pipeline['aging'] = {};
  for (const [stage, histogram] of [...ages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...histogram].sort(([a], [b]) => a - b);
    const total = sorted.reduce((sum, [, n]) => sum + n, 0);
    let seen = 0;
    let p50Days: number | undefined;
    let p90Days: number | undefined;
    let over90Days = 0;
    for (const [age, n] of sorted) {
      seen += n;
      if (p50Days === undefined && 2 * seen >= total) p50Days = age;
      if (p90Days === undefined && 10 * seen >= 9 * total) p90Days = age;
      if (age > 90) over90Days += n;
    }
    aging[stage] = { p50Days: p50Days!, p90Days: p90Days!, over90Days };
  }
  return { orgId, asOf, stages, byCategory, aging };
}

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/**
 * Each count under the tree of its own day, so a restructured subtree reports what happened under it while it was
 * there and sibling subtrees never count one act twice. `category = '*'` rows are the totals.
 */
export const REPORT_SQL = `
  SELECT r.metric, r.category, SUM(r.n) AS n
  FROM org_ancestry o JOIN report_counts r ON r.cell_id = o.org_id AND o.valid_from <= r.day AND r.day < o.valid_to
  WHERE o.ancestor_id = @org AND r.day BETWEEN @from AND @to
  GROUP BY r.metric, r.category ORDER BY r.metric, r.category`;

/** Distinct classes behind the enrolments and theory-class completions of the range, under the tree of each day. */
export const REPORT_CLASSES_SQL = `
  SELECT r.kind, COUNT(DISTINCT r.class_key) AS n
  FROM org_ancestry o JOIN report_classes r ON r.cell_id = o.org_id AND o.valid_from <= r.day AND r.day < o.valid_to
  WHERE o.ancestor_id = @org AND r.day BETWEEN @from AND @to
  GROUP BY r.kind ORDER BY r.kind`;

/**
 * The organisation's quotas and those of the organisations it succeeded (from the succession's effective date), with
 * achievement over its subtree as of asOf: what lies under it on that date, over the whole period up to asOf.
 */
export const QUOTAS_SQL = `
  WITH RECURSIVE holders(org_id) AS (
    SELECT @org
    UNION
    SELECT e.org_id FROM org_edges e JOIN holders h ON e.parent_id = h.org_id WHERE e.kind = 'succeeded' AND e.valid_from <= @asOf
  ),
  subtree(org_id) AS (${SUBTREE}),
  achieved AS (
    SELECT q.*, CASE q.metric
      WHEN 'admissions' THEN (
        SELECT COALESCE(SUM(r.n), 0) FROM subtree s JOIN report_counts r ON r.cell_id = s.org_id
        WHERE r.metric = 'admitted' AND r.category = '*' AND r.day BETWEEN q.period_from AND MIN(q.period_to, @asOf))
      WHEN 'new_organizations' THEN (
        SELECT COUNT(*) FROM subtree s JOIN org_created c ON c.org_id = s.org_id
        WHERE c.org_id <> @org AND c.created_on BETWEEN q.period_from AND MIN(q.period_to, @asOf))
    END AS achieved
    FROM quotas q JOIN holders h ON h.org_id = q.org_id
    WHERE (@period IS NULL OR q.period = @period)
  )
  SELECT metric, period, target, target_max AS targetMax, at_least AS atLeast, assigned_by AS assignedBy, org_id AS heldBy, achieved,
         ROUND(100.0 * achieved / target, 1) AS percent, achieved >= target AS met
  FROM achieved ORDER BY period, metric, org_id, target`;

/** Newest nomination first; the cursor is the last item's opened_position. */
export const DOSSIER_LIST_SQL = `
  SELECT d.id, d.cell_id AS cellId, d.stage, d.state, d.revision, x.full_name AS fullName, x.nominated_on AS nominatedOn,
         d.opened_position AS cursor
  FROM org_ancestry o JOIN dossier_summary d ON d.cell_id = o.org_id JOIN dossier_details x ON x.id = d.id
  WHERE o.ancestor_id = @org AND o.valid_from <= @asOf AND @asOf < o.valid_to
    AND (@stage IS NULL OR d.stage = @stage)
    AND (@state IS NULL OR d.state = @state)
    AND (@category IS NULL OR EXISTS (SELECT 1 FROM dossier_categories c WHERE c.dossier_id = d.id AND c.category = @category))
    AND (@cursor IS NULL OR d.opened_position < @cursor)
  ORDER BY d.opened_position DESC LIMIT @limit`;

/**
 * The list as the records stood at the end of day asOf: the dossiers whose stage interval covers that day in a cell
 * then under :org, with the stage and cell of that day (state and revision are today's: the intervals keep stages,
 * not the detailed state). Same order and cursor as the current list.
 */
export const DOSSIER_LIST_AS_OF_SQL = `
  SELECT d.id, i.cell_id AS cellId, i.stage, d.state, d.revision, x.full_name AS fullName, x.nominated_on AS nominatedOn,
         d.opened_position AS cursor
  FROM org_ancestry o JOIN stage_intervals i ON i.cell_id = o.org_id
  JOIN dossier_summary d ON d.id = i.dossier_id JOIN dossier_details x ON x.id = d.id
  WHERE o.ancestor_id = @org AND o.valid_from <= @asOf AND @asOf < o.valid_to
    AND i.entered_on <= @asOf AND @asOf < i.left_on
    AND (@stage IS NULL OR i.stage = @stage)
    AND (@category IS NULL OR EXISTS (SELECT 1 FROM dossier_categories c WHERE c.dossier_id = d.id AND c.category = @category))
    AND (@cursor IS NULL OR d.opened_position < @cursor)
  ORDER BY d.opened_position DESC LIMIT @limit`;

/**
 * Newest first by log position. An event is in the subtree if the organisation it is about lay under :org when it
 * happened or lies there today (a successor inherits the trail). from/to bound the recording instant.
 */
export const AUDIT_SQL = `
  SELECT a.position, a.event_id AS eventId, a.stream_id AS streamId, a.revision, a.type, a.actor, a.actor_org_id AS actorOrgId,
         a.org_id AS orgId, a.dossier_id AS dossierId, a.occurred_on AS occurredOn, a.recorded_at AS recordedAt, a.rule_set AS ruleSet
  FROM audit_events a
  WHERE EXISTS (
      SELECT 1 FROM org_ancestry o WHERE o.org_id = a.org_id AND o.ancestor_id = @org
        AND ((o.valid_from <= a.occurred_on AND a.occurred_on < o.valid_to) OR (o.valid_from <= @today AND @today < o.valid_to)))
    AND (@actor IS NULL OR a.actor = @actor)
    AND (@fromInstant IS NULL OR a.recorded_at >= @fromInstant)
    AND (@toInstant IS NULL OR a.recorded_at < @toInstant)
    AND (@cursor IS NULL OR a.position < @cursor)
  ORDER BY a.position DESC LIMIT @limit`;

export interface Pipeline {
  orgId: string;
  asOf: string;
  stages: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
  aging: Record<string, { p50Days: number; p90Days: number; over90Days: number }>;
}

export interface QuotaAnswer {
  metric: string;
  period: string;
  target: number;
  targetMax: number | null;
  /** the target is a floor ("at least 400") */
  atLeast: boolean;
  assignedBy: string;
  heldBy: string;
  achieved: number;
  percent: number;
  /** achieved has reached target (the floor of a range, the figure of an "at least") */
  met: boolean;
}

export type Report = Record<string, number | Record<string, number>> & {
  admittedByCategory: Record<string, number>;
  /** distinct awareness classes with an enrolment in the range */
  awarenessClasses: number;
  /** distinct political theory classes with a completion in the range */
  theoryClasses: number;
};

export interface DossierListItem {
  id: string;
  cellId: string;
  stage: string;
  state: string;
  revision: number;
  fullName: string;
  nominatedOn: string;
}

export interface AuditItem {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  actor: string;
  /** the organisation of the token that recorded it */
  actorOrgId: string | null;
  /** the organisation the event is about */
  orgId: string | null;
  dossierId: string | null;
  occurredOn: string;
  recordedAt: string;
  ruleSet: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Params = Record<string, string | number | null>;

export class ReadQueries {
  private readonly statements = new Map<string, ReturnType<ReadModelDb['db']['prepare']>>();

  constructor(private readonly readModels: ReadModelDb) {}

  pipeline(orgId: string, asOf: string): Pipeline {
    return foldPipeline(orgId, asOf, this.all<PipelineGroup>(PIPELINE_SQL, { org: orgId, asOf }));
  }

  quotas(orgId: string, period: string | null, asOf: string): QuotaAnswer[] {
    type Stored = Omit<QuotaAnswer, 'atLeast' | 'met'> & { atLeast: number; met: number };
    return this.all<Stored>(QUOTAS_SQL, { org: orgId, period, asOf }).map((q) => ({ ...q, atLeast: q.atLeast === 1, met: q.met === 1 }));
  }

  report(orgId: string, from: string, to: string): Report {
    const report = Object.fromEntries(REPORT_METRICS.map((m) => [m, 0])) as Report;
    report.admittedByCategory = {};
    for (const row of this.all<{ metric: string; category: string; n: number }>(REPORT_SQL, { org: orgId, from, to })) {
      if (row.category === '*') report[row.metric] = row.n;
      else if (row.metric === 'admitted') report.admittedByCategory[row.category] = row.n;
    }
    const classes = new Map(this.all<{ kind: string; n: number }>(REPORT_CLASSES_SQL, { org: orgId, from, to }).map((r) => [r.kind, r.n]));
    report.awarenessClasses = classes.get('awareness') ?? 0;
    report.theoryClasses = classes.get('theory') ?? 0;
    return report;
  }

  /**
   * `asOf`: the subtree and stages as they stood at the end of that day (DOSSIER_LIST_AS_OF_SQL); without it, as they
   * stand now in today's tree (`today`), and `state` may filter by the detailed state.
   */
  dossiers(filter: {
    orgId: string;
    today: string;
    asOf?: string;
    stage?: string;
    state?: string;
    category?: string;
    limit: number;
    cursor?: number;
  }): Page<DossierListItem> {
    if (filter.asOf !== undefined && filter.state !== undefined) throw new Error('the list as of a date has no detailed state to filter by');
    const rows = this.all<DossierListItem & { cursor: number }>(filter.asOf === undefined ? DOSSIER_LIST_SQL : DOSSIER_LIST_AS_OF_SQL, {
      org: filter.orgId,
      asOf: filter.asOf ?? filter.today,
      stage: filter.stage ?? null,
      ...(filter.asOf === undefined ? { state: filter.state ?? null } : {}),
      category: filter.category ?? null,
      cursor: filter.cursor ?? null,
      limit: filter.limit + 1,
    });
    return page(rows, filter.limit);
  }

  audit(filter: { orgId: string; today: string; actor?: string; fromInstant?: string; toInstant?: string; limit: number; cursor?: number }): Page<AuditItem> {
    const rows = this.all<AuditItem>(AUDIT_SQL, {
      org: filter.orgId,
      today: filter.today,
      actor: filter.actor ?? null,
      fromInstant: filter.fromInstant ?? null,
      toInstant: filter.toInstant ?? null,
      cursor: filter.cursor ?? null,
      limit: filter.limit + 1,
    });
    return page(
      rows.map((r) => ({ ...r, cursor: r.position })),
      filter.limit,
    );
  }

  private all<T>(sql: string, params: Params): T[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.readModels.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(params) as T[];
  }
}

/** One more row than asked says whether there is a next page; its cursor is the last item shown. */
function page<T extends { cursor: number }>(rows: T[], limit: number): Page<Omit<T, 'cursor'>> {
  const shown = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? String(shown[shown.length - 1].cursor) : null;
  return { items: shown.map(({ cursor: _cursor, ...item }) => item), nextCursor };
}
