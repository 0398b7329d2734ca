/**
 * Pipeline of the selected organisation's subtree (GET /organizations/{id}/pipeline): dossiers per stage as bars and
 * as a table whose numbers open the dossier list with that filter, by candidate category, and how long the open
 * dossiers have been in their stage. An "as of" date answers as the records stood at the end of that day, and its
 * numbers open the list as of the same day (GET /dossiers?asOf=), so a number and its list agree.
 */
import { api, CATEGORIES, ENDS, JOURNEY, type Pipeline } from '../api';
import { BarChart } from '../components/bar-chart';
import { ScreenHeading } from '../components/choice';
import { Loading } from '../components/status';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { href, Link, navigate } from '../router';
import { DateFilter } from './date-filter';
import type { ScreenProps } from './screen';

export function PipelineView({ orgId, orgName, params }: ScreenProps) {
  const { t } = useI18n();
  const asOf = params.get('asOf') ?? '';
  const loaded = useLoad((signal) => api.pipeline(orgId, asOf || undefined, signal), [orgId, asOf]);
  return (
    <>
      <ScreenHeading title={t('pipelineTitle')} orgId={orgId} orgName={orgName} />
      <DateFilter
        id="as-of"
        label={t('asOf')}
        value={asOf}
        onApply={(date) => navigate(href('/pipeline', { org: orgId, asOf: date }))}
        onClear={() => navigate(href('/pipeline', { org: orgId }))}
      />
      <Loading loaded={loaded}>{(pipeline) => <PipelineTables pipeline={pipeline} asked={asOf} />}</Loading>
    </>
  );
}

function PipelineTables({ pipeline, asked }: { pipeline: Pipeline; asked: string }) {
  const { t, label, number, date } = useI18n();
  // Today's numbers open today's list (which also filters by detailed step); a past day's, the list of that day.
  const list = (stage: string, category?: string) => href('/dossiers', { org: pipeline.orgId, asOf: asked ? pipeline.asOf : undefined, stage, category });
  const categories = CATEGORIES.filter((c) => pipeline.byCategory[c]);
  const count = (stage: string) => pipeline.stages[stage] ?? 0;
  return (
    <div data-pipeline-of={pipeline.orgId} data-as-of={pipeline.asOf}>
      <p class="as-of">
        {t('asOf')}: <strong>{date(pipeline.asOf)}</strong>
      </p>
      <section aria-labelledby="journey-title">
        <h2 id="journey-title">{t('journey')}</h2>
        <div class="chart-and-table">
          <BarChart title={t('pipelineChart')} bars={JOURNEY.map((s) => ({ key: s, label: label('stage', s), value: count(s) }))} format={number} />
          <table id="stages">
            <caption class="visually-hidden">{t('journey')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stage')}</th>
                <th scope="col" class="num">
                  {t('count')}
                </th>
                <th scope="col" class="num">
                  {t('p50')}
                </th>
                <th scope="col" class="num">
                  {t('p90')}
                </th>
                <th scope="col" class="num">
                  {t('over90')}
                </th>
              </tr>
            </thead>
            <tbody>
              {JOURNEY.map((stage) => {
                const aging = pipeline.aging[stage];
                return (
                  <tr key={stage} data-stage={stage}>
                    <th scope="row">{label('stage', stage)}</th>
                    <td class="num count">
                      <Link href={list(stage)}>{number(count(stage))}</Link>
                    </td>
                    <td class="num p50">{aging ? number(aging.p50Days) : '—'}</td>
                    <td class="num p90">{aging ? number(aging.p90Days) : '—'}</td>
                    <td class="num over90">{aging ? number(aging.over90Days) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p class="muted">{t('aging')}</p>
      </section>
      <section aria-labelledby="ends-title">
        <h2 id="ends-title">{t('ends')}</h2>
        <table id="ends">
          <thead>
            <tr>
              <StageHeads stages={ENDS} />
            </tr>
          </thead>
          <tbody>
            <tr>
              {ENDS.map((stage) => (
                <td key={stage} class="num count" data-stage={stage}>
                  <Link href={list(stage)}>{number(count(stage))}</Link>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-labelledby="category-title">
        <h2 id="category-title">{t('byCategory')}</h2>
        <div class="table-scroll">
          <table id="by-category">
            <thead>
              <tr>
                <th scope="col">{t('category')}</th>
                <StageHeads stages={JOURNEY} />
              </tr>
            </thead>
            <tbody>
              {categories.length === 0 && (
                <tr>
                  <td colSpan={JOURNEY.length + 1}>{t('none')}</td>
                </tr>
              )}
              {categories.map((category) => (
                <tr key={category} data-category={category}>
                  <th scope="row">{label('category', category)}</th>
                  {JOURNEY.map((stage) => {
                    const n = pipeline.byCategory[category][stage] ?? 0;
                    return (
                      <td key={stage} class="num" data-stage={stage}>
                        {n === 0 ? number(0) : <Link href={list(stage, category)}>{number(n)}</Link>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function StageHeads({ stages }: { stages: readonly string[] }) {
  const { label } = useI18n();
  return (
    <>
      {stages.map((stage) => (
        <th key={stage} scope="col" class="num">
          {label('stage', stage)}
        </th>
      ))}
    </>
  );
}
