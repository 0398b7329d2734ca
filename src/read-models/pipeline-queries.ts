/**
 * The pipeline's statements and how their rows fold into the answer: stages, stages by category and days in the open
 * stage, as of the end of a day, over a subtree (scanned through org_ancestry, or from the aggregates).
 */
import { STAGES } from '../../workflows/admission';
import { FINAL_STAGES } from '../../projections/org-aggregates';

/**
 * Everything the pipeline shows, in one pass over the index of stage intervals: the dossiers whose interval covers
 * the end of day asOf in a cell then under :org, grouped by stage, category set and the day the stage began (ages
 * are needed for open stages only, so final stages group without it). `foldPipeline` turns the groups into stages,
 * byCategory and aging.
 */
export const PIPELINE_SQL = `
  SELECT i.stage, i.categories,
         CASE WHEN i.stage IN (${[...FINAL_STAGES].map((st) => `'${st}'`).join(', ')}) THEN NULL ELSE i.stage_entered_on END AS since,
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

/** Stage counts at the end of day asOf by category set: the months before asOf's, then its days up to asOf. */
export const PIPELINE_FLOW_SQL = `
  SELECT stage, categories, SUM(n) AS n FROM (
    SELECT stage, categories, n FROM org_stage_flow WHERE org_id = @org AND grain = 'm' AND day < @month
    UNION ALL
    SELECT stage, categories, n FROM org_stage_flow WHERE org_id = @org AND grain = 'd' AND day >= @month AND day <= @asOf)
  GROUP BY stage, categories HAVING SUM(n) <> 0`;

/** Dossiers in an open stage at the end of day asOf by the day the stage began: still open, or left after asOf. */
export const PIPELINE_AGES_SQL = `
  SELECT stage, since, SUM(n) AS n FROM (
    SELECT stage, since, n FROM org_stage_ages WHERE org_id = @org AND grain = 'o' AND since <= @asOf
    UNION ALL
    SELECT stage, since, n FROM org_stage_ages WHERE org_id = @org AND grain = 'm' AND left_on > @month AND since <= @asOf
    UNION ALL
    SELECT stage, since, n FROM org_stage_ages WHERE org_id = @org AND grain = 'd' AND left_on > @asOf AND left_on < @nextMonth AND since <= @asOf)
  GROUP BY stage, since HAVING SUM(n) <> 0`;

export interface AgeGroup {
  stage: string;
  since: string;
  n: number;
}

/**
 * Stages, byCategory (a dossier counts under each of its categories) and aging: days in the open stage at asOf, p50
 * and p90 by nearest rank (the smallest age that at least 50 %/90 % of the stage's dossiers do not exceed), and how
 * many exceed 90 days.
 */
export function foldPipeline(orgId: string, asOf: string, groups: readonly PipelineGroup[]): Pipeline {
  const stages = noStages();
  const byCategory: Pipeline['byCategory'] = {};
  const ages: AgeGroup[] = [];
  for (const { stage, categories, since, n } of groups) {
    stages[stage] = (stages[stage] ?? 0) + n;
    for (const category of categories ? categories.split(',') : []) {
      const counts = (byCategory[category] ??= {});
      counts[stage] = (counts[stage] ?? 0) + n;
    }
    if (since !== null) ages.push({ stage, since, n });
  }
  return { orgId, asOf, stages, byCategory, aging: agingOf(asOf, ages) };
}

/** The same answer from an organisation's aggregates: stage counts by category set (PIPELINE_FLOW_SQL) and ages. */
export function aggregatedPipeline(orgId: string, asOf: string, flow: readonly Omit<PipelineGroup, 'since'>[], ages: readonly AgeGroup[]): Pipeline {
  const pipeline = foldPipeline(orgId, asOf, flow.map((group) => ({ ...group, since: null })));
  return { ...pipeline, aging: agingOf(asOf, ages) };
}

function noStages(): Record<string, number> {
  return Object.fromEntries(STAGES.map((st) => [st, 0])) as Record<string, number>;
}

function agingOf(asOf: string, groups: readonly AgeGroup[]): Pipeline['aging'] {
  const ages = new Map<string, Map<number, number>>();
  const day = dayNumber(asOf);
  for (const { stage, since, n } of groups) {
    let histogram = ages.get(stage);
    if (!histogram) ages.set(stage, (histogram = new Map()));
    const age = day - dayNumber(since);
    histogram.set(age, (histogram.get(age) ?? 0) + n);
  }
  const aging: Pipeline['aging'] = {};
  for (const [stage, histogram] of [...ages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...histogram].filter(([, n]) => n !== 0).sort(([a], [b]) => a - b);
    const total = sorted.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) continue;
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
  return aging;
}

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

export interface Pipeline {
  orgId: string;
  asOf: string;
  stages: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
  aging: Record<string, { p50Days: number; p90Days: number; over90Days: number }>;
}
