/**
 * The queries behind the organisation department's views: pipeline (as of a date), quotas with achievement,
 * period reports, the dossier list and the audit trail — each over an organisation's subtree as the tree stood
 * on the date asked about (org_ancestry keeps the tree through restructuring, see projections/org-history.ts).
 * The statements are exported so the projection tests prove the design with the very SQL that runs here.
 */

import { addDays, addMonths } from '../../workflows/calendar';
import { AGGREGATING_KINDS, monthOf } from '../../projections/org-aggregates';
import { ORG_TABLE } from '../../projections/organizations';
import { CONGRESSES_TABLE } from '../../projections/quotas';
import { REPORT_METRICS } from '../../projections/report-counts';
import { BEGINNING, OPEN_END } from '../../projections/stored-events';
import type { ReadModelDb } from './read-model-db';
import { aggregatedPipeline, AgeGroup, foldPipeline, Pipeline, PIPELINE_AGES_SQL, PIPELINE_FLOW_SQL, PIPELINE_SQL, PipelineGroup } from './pipeline-queries';

/** Organisations under :org on :asOf. */
const SUBTREE = `SELECT org_id FROM org_ancestry WHERE ancestor_id = @org AND valid_from <= @asOf AND @asOf < valid_to`;

/**
 * Whether the organisation's aggregates (projections/org-aggregates.ts) answer for its subtree: it is of a level that
 * keeps them, every organisation ever under it has been there for all time, and it never held a dossier itself (the
 * aggregates count the cells below an organisation, not its own). Otherwise the queries scan the per-cell rows through
 * org_ancestry.
 */
export const AGGREGATED_SQL = `
  SELECT EXISTS (SELECT 1 FROM org_created WHERE org_id = @org AND kind IN (${AGGREGATING_KINDS.map((k) => `'${k}'`).join(', ')}))
     AND NOT EXISTS (SELECT 1 FROM org_ancestry WHERE ancestor_id = @org AND (valid_from <> '${BEGINNING}' OR valid_to <> '${OPEN_END}'))
     AND NOT EXISTS (SELECT 1 FROM stage_intervals WHERE cell_id = @org) AS aggregated`;

/**
 * Each count under the tree of its own day, so a restructured subtree reports what happened under it while it was
 * there and sibling subtrees never count one act twice. `category = '*'` rows are the totals.
 */
export const REPORT_SQL = `
  SELECT r.metric, r.category, SUM(r.n) AS n
  FROM org_ancestry o JOIN report_counts r ON r.cell_id = o.org_id AND o.valid_from <= r.day AND r.day < o.valid_to
  WHERE o.ancestor_id = @org AND r.day BETWEEN @from AND @to
  GROUP BY r.metric, r.category ORDER BY r.metric, r.category`;

/** REPORT_SQL from the organisation's aggregates. */
export const REPORT_AGGREGATED_SQL = `
  SELECT metric, category, SUM(n) AS n FROM org_report_counts WHERE org_id = @org AND day BETWEEN @from AND @to
  GROUP BY metric, category ORDER BY metric, category`;

/** REPORT_CLASSES_SQL from the organisation's aggregates. */
export const REPORT_CLASSES_AGGREGATED_SQL = `
  SELECT kind, COUNT(DISTINCT class_key) AS n FROM org_report_classes WHERE org_id = @org AND day BETWEEN @from AND @to
  GROUP BY kind ORDER BY kind`;

/** Distinct classes behind the enrolments and theory-class completions of the range, under the tree of each day. */
export const REPORT_CLASSES_SQL = `
  SELECT r.kind, COUNT(DISTINCT r.class_key) AS n
  FROM org_ancestry o JOIN report_classes r ON r.cell_id = o.org_id AND o.valid_from <= r.day AND r.day < o.valid_to
  WHERE o.ancestor_id = @org AND r.day BETWEEN @from AND @to
  GROUP BY r.kind ORDER BY r.kind`;

/**
 * The days a quota counts (projections/quotas.ts): a year is the year; a term "A-B" runs from the holder's congress
 * that opened a term in year A to the day before its congress that opened a term in year B. Unknown opening: 1 January
 * of A, or of A + 1 where the holder has a quota for the term that ended in A (that term keeps year A); unknown next
 * opening: 31 December of B. Two consecutive terms of one holder therefore never share a day.
 */
const TERM_DAYS = `
    SELECT q.*,
      CASE WHEN length(q.period) = 4 THEN q.period_from ELSE COALESCE(
        (SELECT MIN(c.opened_on) FROM ${CONGRESSES_TABLE} c WHERE c.org_id = q.org_id AND c.first_year = substr(q.period, 1, 4)),
        CASE WHEN EXISTS (
          SELECT 1 FROM quotas p WHERE p.org_id = q.org_id AND length(p.period) = 9 AND substr(p.period, 6, 4) = substr(q.period, 1, 4))
        THEN date(q.period_from, '+1 year') ELSE q.period_from END)
      END AS from_day,
      CASE WHEN length(q.period) = 4 THEN q.period_to ELSE COALESCE(
        (SELECT date(MIN(c.opened_on), '-1 day') FROM ${CONGRESSES_TABLE} c WHERE c.org_id = q.org_id AND c.first_year = substr(q.period, 6, 4)),
        q.period_to)
      END AS to_day
    FROM quotas q JOIN holders h ON h.org_id = q.org_id
    WHERE (@period IS NULL OR q.period = @period)`;

/**
 * The organisation's quotas and those of the organisations it succeeded (from the succession's effective date), with
 * achievement over its subtree as of asOf: what lies under it on that date, over the quota's days up to asOf.
 */
export const QUOTAS_SQL = quotasSql(`
        SELECT COALESCE(SUM(r.n), 0) FROM subtree s JOIN report_counts r ON r.cell_id = s.org_id
        WHERE r.metric = 'admitted' AND r.category = '*' AND r.day BETWEEN q.from_day AND MIN(q.to_day, @asOf)`);

/** QUOTAS_SQL for an aggregated organisation: its admissions are its own counters (no succession reaches it). */
export const QUOTAS_AGGREGATED_SQL = quotasSql(`
        SELECT COALESCE(SUM(r.n), 0) FROM org_report_counts r
        WHERE r.org_id = @org AND r.metric = 'admitted' AND r.category = '*' AND r.day BETWEEN q.from_day AND MIN(q.to_day, @asOf)`);

function quotasSql(admitted: string): string {
  return `
  WITH RECURSIVE holders(org_id) AS (
    SELECT @org
    UNION
    SELECT e.org_id FROM org_edges e JOIN holders h ON e.parent_id = h.org_id WHERE e.kind = 'succeeded' AND e.valid_from <= @asOf
  ),
  subtree(org_id) AS (${SUBTREE}),
  bounded AS (${TERM_DAYS}),
  achieved AS (
    SELECT q.*, CASE q.metric
      WHEN 'admissions' THEN (${admitted})
      WHEN 'new_organizations' THEN (
        SELECT COUNT(*) FROM subtree s JOIN org_created c ON c.org_id = s.org_id
        WHERE c.org_id <> @org AND c.created_on BETWEEN q.from_day AND MIN(q.to_day, @asOf))
    END AS achieved
    FROM bounded q
  )
  SELECT metric, period, target, target_max AS targetMax, at_least AS atLeast, assigned_by AS assignedBy, org_id AS heldBy,
         from_day AS "from", to_day AS "to", achieved, ROUND(100.0 * achieved / target, 1) AS percent, achieved >= target AS met
  FROM achieved ORDER BY period, metric, org_id, target`;
}

export const SUCCEEDED_ON_SQL = `SELECT succeeded_on AS succeededOn FROM ${ORG_TABLE} WHERE id = @org`;

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
 * then under :org, with the stage and cell of that day and nothing of today's. The candidate's name only where the
 * dossier lies in the caller's scope (:scope, null: every tree) today: a dossier that has left it since is counted,
 * not named. Same order and cursor as the current list.
 */
export const DOSSIER_LIST_AS_OF_SQL = `
  SELECT d.id, i.cell_id AS cellId, i.stage, x.nominated_on AS nominatedOn,
         CASE WHEN @scope IS NULL OR EXISTS (
           SELECT 1 FROM org_ancestry s WHERE s.org_id = d.cell_id AND s.ancestor_id = @scope AND s.valid_from <= @today AND @today < s.valid_to)
         THEN x.full_name END AS fullName,
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
  SELECT a.position, a.event_id AS eventId, a.stream_id AS streamId, a.revision, a.type, a.actor, a.account_id AS accountId,
         a.credential_kind AS credentialKind, a.credential_id AS credentialId, a.actor_org_id AS actorOrgId,
         a.org_id AS orgId, a.dossier_id AS dossierId, a.occurred_on AS occurredOn, a.recorded_at AS recordedAt, a.rule_set AS ruleSet
  FROM audit_events a
  WHERE EXISTS (
      SELECT 1 FROM org_ancestry o WHERE o.org_id = a.org_id AND o.ancestor_id = @org
        AND ((o.valid_from <= a.occurred_on AND a.occurred_on < o.valid_to) OR (o.valid_from <= @today AND @today < o.valid_to)))
    AND (@actor IS NULL OR a.actor = @actor)
    AND (@accountId IS NULL OR a.account_id = @accountId)
    AND (@fromInstant IS NULL OR a.recorded_at >= @fromInstant)
    AND (@toInstant IS NULL OR a.recorded_at < @toInstant)
    AND (@cursor IS NULL OR a.position < @cursor)
  ORDER BY a.position DESC LIMIT @limit`;

export interface QuotaAnswer {
  metric: string;
  period: string;
  target: number;
  targetMax: number | null;
  /** the target is a floor ("at least 400") */
  atLeast: boolean;
  assignedBy: string;
  heldBy: string;
  /** the first and last day the quota counts: a year's; a term's from its congress to the day before the next (see TERM_DAYS) */
  from: string;
  to: string;
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
  /** today's detailed state and revision; not in a list as of a past day, which shows that day's facts only */
  state?: string;
  revision?: number;
  /** null in a list as of a past day when the dossier has left the caller's scope since */
  fullName: string | null;
  nominatedOn: string;
}

export interface AuditItem {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  /** the display name of who recorded it (two accounts may share one: accountId tells them apart) */
  actor: string;
  /** the account that recorded it; null for the engine's services and events recorded before accounts */
  accountId: string | null;
  credentialKind: 'session' | 'token' | 'bootstrap' | null;
  /** the session's or API token's id (`bootstrap` for the bootstrap admin) */
  credentialId: string | null;
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

  /**
   * `exact`: always scan the per-cell rows (the tests compare both ways); otherwise an organisation whose aggregates
   * answer for it (AGGREGATED_SQL) is answered from them.
   */
  constructor(
    private readonly readModels: ReadModelDb,
    private readonly mode: 'aggregates' | 'exact' = 'aggregates',
  ) {}

  /** Whether the organisation is answered from its aggregates. */
  aggregated(orgId: string): boolean {
    return this.mode === 'aggregates' && this.all<{ aggregated: number }>(AGGREGATED_SQL, { org: orgId })[0].aggregated === 1;
  }

  pipeline(orgId: string, asOf: string): Pipeline {
    if (!this.aggregated(orgId)) return foldPipeline(orgId, asOf, this.all<PipelineGroup>(PIPELINE_SQL, { org: orgId, asOf }));
    const month = monthOf(asOf);
    const nextMonth = monthOf(addMonths(month, 1));
    return aggregatedPipeline(
      orgId,
      asOf,
      this.all<Omit<PipelineGroup, 'since'>>(PIPELINE_FLOW_SQL, { org: orgId, asOf, month }),
      this.all<AgeGroup>(PIPELINE_AGES_SQL, { org: orgId, asOf, month, nextMonth }),
    );
  }

  /**
   * A dissolved organisation's quotas keep what it reached while it existed: asked after its succession, they are
   * answered as of the day before it took effect (its subtree may have been moved away since).
   */
  quotas(orgId: string, period: string | null, asOf: string): QuotaAnswer[] {
    type Stored = Omit<QuotaAnswer, 'atLeast' | 'met'> & { atLeast: number; met: number };
    const sql = this.aggregated(orgId) ? QUOTAS_AGGREGATED_SQL : QUOTAS_SQL;
    const succeededOn = this.all<{ succeededOn: string | null }>(SUCCEEDED_ON_SQL, { org: orgId })[0]?.succeededOn ?? null;
    const until = succeededOn !== null && succeededOn <= asOf ? addDays(succeededOn, -1) : asOf;
    return this.all<Stored>(sql, { org: orgId, period, asOf: until }).map((q) => ({ ...q, atLeast: q.atLeast === 1, met: q.met === 1 }));
  }

  report(orgId: string, from: string, to: string): Report {
    const aggregated = this.aggregated(orgId);
    const report = Object.fromEntries(REPORT_METRICS.map((m) => [m, 0])) as Report;
    report.admittedByCategory = {};
    for (const row of this.all<{ metric: string; category: string; n: number }>(aggregated ? REPORT_AGGREGATED_SQL : REPORT_SQL, { org: orgId, from, to })) {
      if (row.category === '*') report[row.metric] = row.n;
      else if (row.metric === 'admitted') report.admittedByCategory[row.category] = row.n;
    }
    const classesSql = aggregated ? REPORT_CLASSES_AGGREGATED_SQL : REPORT_CLASSES_SQL;
    const classes = new Map(this.all<{ kind: string; n: number }>(classesSql, { org: orgId, from, to }).map((r) => [r.kind, r.n]));
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
    /** the root of the caller's scope (null: every tree): names as of a past day are shown only within it today */
    scope: string | null;
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
      ...(filter.asOf === undefined ? { state: filter.state ?? null } : { scope: filter.scope, today: filter.today }),
      category: filter.category ?? null,
      cursor: filter.cursor ?? null,
      limit: filter.limit + 1,
    });
    return page(rows, filter.limit);
  }

  audit(filter: { orgId: string; today: string; actor?: string; accountId?: string; fromInstant?: string; toInstant?: string; limit: number; cursor?: number }): Page<AuditItem> {
    const rows = this.all<AuditItem>(AUDIT_SQL, {
      org: filter.orgId,
      today: filter.today,
      actor: filter.actor ?? null,
      accountId: filter.accountId ?? null,
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
