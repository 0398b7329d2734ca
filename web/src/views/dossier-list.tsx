/**
 * The dossiers of the selected subtree (GET /dossiers), newest nomination first, filtered by stage, detailed step
 * and candidate category, a page at a time with the API's cursor. Filters live in the URL, so the pipeline's numbers
 * link straight to a filtered list. With an "as of" day the list is the subtree's dossiers as they stood at the end
 * of that day (their stage and cell then); the API keeps no detailed step per day, so that filter is off and the
 * step column says it shows today's.
 */
import { api, CATEGORIES, DETAILED_STEPS, STAGES } from '../api';
import { Choice, ScreenHeading } from '../components/choice';
import { Loading } from '../components/status';
import { HeadRow, Pager } from '../components/table';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { useOrg } from '../orgs';
import { href, Link, navigate } from '../router';
import { DateFilter } from './date-filter';
import type { ScreenProps } from './screen';

const LIMITS = ['25', '50', '100', '200'];

/** Cursors of the pages before the current one, per filter, so "previous" works within the session. */
const earlierCursors = new Map<string, string[]>();

export function DossierListView({ orgId, orgName, params }: ScreenProps) {
  const { t, label, date } = useI18n();
  const asOf = params.get('asOf') ?? '';
  const filter = {
    asOf,
    stage: params.get('stage') ?? '',
    // The API refuses a detailed step with asOf (it has the stages of a past day, not the steps).
    state: asOf ? '' : (params.get('state') ?? ''),
    category: params.get('category') ?? '',
    limit: params.get('limit') ?? '50',
  };
  const cursor = params.get('cursor') ?? '';
  const filterKey = JSON.stringify([orgId, filter]);
  const loaded = useLoad(
    (signal) => api.dossiers({ orgId, ...filter, limit: Number(filter.limit), cursor: cursor || undefined }, signal),
    [filterKey, cursor],
  );
  const go = (change: Partial<typeof filter>) => {
    const next = { ...filter, ...change };
    if ((change.stage !== undefined && !(DETAILED_STEPS[next.stage] ?? []).includes(next.state)) || next.asOf) next.state = '';
    navigate(href('/dossiers', { org: orgId, ...next }));
  };
  const stack = earlierCursors.get(filterKey) ?? [];
  const pageNumber = cursor ? stack.length + 2 : 1;

  return (
    <>
      <ScreenHeading title={t('dossiersTitle')} orgId={orgId} orgName={orgName} />
      <form class="inline-form filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <Choice
          id="filter-stage"
          label={t('stage')}
          value={filter.stage}
          options={[{ value: '', label: t('allStages') }, ...STAGES.map((s) => ({ value: s, label: label('stage', s) }))]}
          onChange={(stage) => go({ stage })}
        />
        {DETAILED_STEPS[filter.stage] && !asOf && (
          <Choice
            id="filter-state"
            label={t('state')}
            value={filter.state}
            options={[{ value: '', label: t('anyState') }, ...DETAILED_STEPS[filter.stage].map((s) => ({ value: s, label: label('state', s) }))]}
            onChange={(state) => go({ state })}
          />
        )}
        <Choice
          id="filter-category"
          label={t('category')}
          value={filter.category}
          options={[{ value: '', label: t('allCategories') }, ...CATEGORIES.map((c) => ({ value: c, label: label('category', c) }))]}
          onChange={(category) => go({ category })}
        />
        <Choice id="filter-limit" label={t('perPage')} value={filter.limit} options={LIMITS.map((l) => ({ value: l, label: l }))} onChange={(limit) => go({ limit })} />
      </form>
      <DateFilter id="list-as-of" label={t('asOf')} value={asOf} onApply={(day) => go({ asOf: day })} onClear={() => go({ asOf: '' })} />
      {asOf && (
        <p class="as-of" data-as-of={asOf}>
          {t('listAsOf', { date: date(asOf) })}
        </p>
      )}
      <Loading loaded={loaded}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <p>{t('noDossiers')}</p>
            ) : (
              <div class="table-scroll">
                <table id="dossiers">
                  <caption class="visually-hidden">
                    {t('dossiersTitle')}, {t('page', { page: pageNumber })}
                  </caption>
                  <thead>
                    <HeadRow columns={asOf ? ['fullName', 'cell', 'stage', 'nominatedOn'] : ['fullName', 'cell', 'stage', 'state', 'nominatedOn']} />
                  </thead>
                  <tbody>
                    {page.items.map((d) => (
                      <tr key={d.id} data-dossier={d.id}>
                        <th scope="row">
                          <Link href={href(`/dossiers/${d.id}`, { org: orgId })}>{d.fullName ?? t('unnamedDossier')}</Link>
                        </th>
                        <td>
                          <OrgName id={d.cellId} />
                        </td>
                        <td>{label('stage', d.stage)}</td>
                        {!asOf && <td>{d.state && label('state', d.state)}</td>}
                        <td>
                          <DateText iso={d.nominatedOn} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              label={t('page', { page: pageNumber })}
              onPrevious={
                cursor
                  ? () => {
                      const earlier = [...stack];
                      const previous = earlier.pop() ?? '';
                      earlierCursors.set(filterKey, earlier);
                      navigate(href('/dossiers', { org: orgId, ...filter, cursor: previous }));
                    }
                  : undefined
              }
              onNext={
                page.nextCursor
                  ? () => {
                      earlierCursors.set(filterKey, cursor ? [...stack, cursor] : []);
                      navigate(href('/dossiers', { org: orgId, ...filter, cursor: page.nextCursor }));
                    }
                  : undefined
              }
            />
          </>
        )}
      </Loading>
    </>
  );
}

export function OrgName({ id }: { id: string }) {
  const org = useOrg(id);
  return <span title={id}>{org?.name ?? id}</span>;
}

function DateText({ iso }: { iso?: string | null }) {
  const { date } = useI18n();
  return <>{date(iso)}</>;
}
