/**
 * Quotas (chỉ tiêu) as assigned: one row per organisation, metric, period and assigner (seed 000: a cell holds its
 * own congress's 20 for the term and the block's 50 for the same term). The same assigner assigning again for the same
 * metric and period revises its figure: the later event replaces the row.
 *
 * Three forms of target, as resolutions word them: a plain figure ("kết nạp 20 đảng viên"), a range ("từ 90 đến 100":
 * `target` 90, `targetMax` 100) and a floor ("ít nhất 400", "từ 180 trở lên": `atLeast`). Percent is always achieved
 * over `target` (the floor of a range); `met` says whether achieved has reached it.
 *
 * Achievement is not stored: it is a SUM at query time over `report_counts` (admitted, by `AdmissionDecided`'s
 * occurredOn) or `org_created` (new organisations) across the subtree from `org_ancestry` — so it is always exact for
 * any as-of date and any restructuring, and a new admission costs no quota write. `period_from`/`period_to` spare the
 * query from parsing periods.
 *
 * Periods. A period "YYYY" is that calendar year. A term "A-B" runs from the congress of the holding organisation that
 * opened it (`CongressHeld`, table `org_congresses`) to the day before the congress that opened its next term, the
 * term beginning in year B — so two consecutive terms meet on a day of that organisation and an admission counts in
 * exactly one of them. The query (QUOTAS_SQL) computes those days; `period_from`/`period_to` here are the calendar
 * bounds it falls back to. ASSUMPTIONS where a congress date is not recorded (documented in workflows/README.md):
 * - the congress that governs a quota is that of the organisation holding it, never an ancestor's (a cell, a
 *   grassroots organisation and a province each hold their own congress, in that order, months apart);
 * - a term whose next opening is unknown runs to 31 December of its last year B (the term goes on until its
 *   successor's congress is recorded);
 * - a term whose own opening is unknown begins on 1 January of its first year A — or, where the same organisation
 *   holds a quota for the term that ended in year A, on 1 January of A + 1, since that term keeps year A.
 *
 * Restructuring: a quota stays with the organisation it was assigned to; the query shows a successor the quotas of
 * its predecessors from the succession's `effectiveOn` (the `succeeded` edges of org_edges) and counts achievement over
 * the subtree as of the answer's date, which by then contains the predecessor and what it held.
 */
import type { ProjectedEvent, Projection, RowChange, RowReader } from './projection';
import { occurredOn, text } from './stored-events';

export const QUOTAS_TABLE = 'quotas';
export const CONGRESSES_TABLE = 'org_congresses';

export const QUOTA_METRICS = ['admissions', 'new_organizations'] as const;

/** The first and last day of a period "2024" or "2020-2025"; undefined when the period has another shape. */
export function periodBounds(period: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(period);
  if (!match) return undefined;
  const last = match[2] ?? match[1];
  if (last < match[1]) return undefined;
  return { from: `${match[1]}-01-01`, to: `${last}-12-31` };
}

export const quotasProjection: Projection = {
  name: 'quotas',
  version: 3,
  tables: [
    {
      name: QUOTAS_TABLE,
      columns: {
        org_id: 'TEXT',
        metric: 'TEXT',
        period: 'TEXT',
        assigned_by: 'TEXT',
        target: 'INTEGER',
        target_max: 'INTEGER',
        /** 1: "at least target" (no upper bound by nature); 0: a plain figure or a range */
        at_least: 'INTEGER',
        period_from: 'TEXT',
        period_to: 'TEXT',
        assigned_on: 'TEXT',
        position: 'INTEGER',
      },
      key: ['org_id', 'metric', 'period', 'assigned_by'],
    },
    {
      name: CONGRESSES_TABLE,
      /** first_year, last_year: the term's years "A", "B"; opened_on: the congress's day */
      columns: { org_id: 'TEXT', term: 'TEXT', first_year: 'TEXT', last_year: 'TEXT', opened_on: 'TEXT' },
      key: ['org_id', 'term'],
    },
  ],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    if (event.type === 'CongressHeld') return congressHeld(event, rows);
    if (event.type !== 'QuotaAssigned') return [];
    const { data } = event;
    const orgId = text(data.orgId);
    const metric = text(data.metric);
    const period = text(data.period);
    const assignedBy = text(data.assignedBy);
    const bounds = period ? periodBounds(period) : undefined;
    if (!orgId || !metric || !period || !assignedBy || !bounds || typeof data.target !== 'number') return [];
    return [
      {
        table: QUOTAS_TABLE,
        upsert: {
          org_id: orgId,
          metric,
          period,
          assigned_by: assignedBy,
          target: data.target,
          target_max: typeof data.targetMax === 'number' ? data.targetMax : null,
          at_least: data.atLeast === true ? 1 : 0,
          period_from: bounds.from,
          period_to: bounds.to,
          assigned_on: occurredOn(event),
          position: event.position,
        },
      },
    ];
  },
};

/**
 * One opening per term: the first recorded stands. The route refuses a second against this table, so one can only
 * come from two requests at once; ignoring it keeps the answer that of the first, whichever process replays the log.
 */
function congressHeld(event: ProjectedEvent, rows: RowReader): RowChange[] {
  const orgId = text(event.data.id);
  const term = text(event.data.term);
  const openedOn = text(event.data.openedOn);
  const bounds = term ? periodBounds(term) : undefined;
  if (!orgId || !term || !openedOn || !bounds || !term.includes('-')) return [];
  if (rows.get(CONGRESSES_TABLE, { org_id: orgId, term })) return [];
  return [
    {
      table: CONGRESSES_TABLE,
      upsert: { org_id: orgId, term, first_year: bounds.from.slice(0, 4), last_year: bounds.to.slice(0, 4), opened_on: openedOn },
    },
  ];
}
