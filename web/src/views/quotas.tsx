/**
 * Quotas (chỉ tiêu) of the selected organisation for a period, with who assigned each, and the organisations directly
 * below it rolled up for the same period: each one's admissions in the period (GET …/report) and its own quotas.
 * This is the view an organisation department reports from: "72/80, đạt 90%", "412/ít nhất 400 — đạt chỉ tiêu".
 */
import { api, type OrgSummary, type Quota } from '../api';
import { Choice, ScreenHeading } from '../components/choice';
import { QuotaProgress } from '../components/progress';
import { Loading } from '../components/status';
import { useI18n, type I18n } from '../i18n';
import { useLoad } from '../load';
import { loadOrg } from '../orgs';
import { href, Link, navigate } from '../router';
import { periodRange, todayInVietnam, type ScreenProps } from './screen';

export function QuotasView({ orgId, orgName, params }: ScreenProps) {
  const { t } = useI18n();
  const loaded = useLoad((signal) => api.quotas(orgId, undefined, signal), [orgId]);
  return (
    <>
      <ScreenHeading title={t('quotasTitle')} orgId={orgId} orgName={orgName} />
      <Loading loaded={loaded}>
        {(quotas) => {
          const periods = periodsOf(quotas);
          const period = params.get('period') || defaultPeriod(periods, quotas);
          return (
            <>
              <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
                <Choice
                  id="period"
                  label={t('period')}
                  value={period}
                  options={periods.map((p) => ({ value: p, label: periodLabel(t, p) }))}
                  onChange={(value) => navigate(href('/quotas', { org: orgId, period: value }))}
                />
              </form>
              <QuotaCards quotas={quotas.filter((q) => q.period === period)} />
              <ChildrenRollup orgId={orgId} period={period} />
            </>
          );
        }}
      </Loading>
    </>
  );
}

/** The periods of the organisation's quotas and the current year, most recent first. */
function periodsOf(quotas: Quota[]): string[] {
  const year = todayInVietnam().slice(0, 4);
  const periods = new Set([...quotas.map((q) => q.period), year]);
  const end = (p: string) => p.slice(-4);
  return [...periods].sort((a, b) => end(b).localeCompare(end(a)) || a.length - b.length || b.localeCompare(a));
}

/** The most recent period that has quotas (this year's if any), else this year. */
function defaultPeriod(periods: string[], quotas: Quota[]): string {
  return periods.find((p) => quotas.some((q) => q.period === p)) ?? periods[0];
}

type Translate = I18n['t'];

function periodLabel(t: Translate, period: string): string {
  return period.includes('-') ? t('termPeriod', { period }) : t('yearPeriod', { period });
}

function QuotaCards({ quotas }: { quotas: Quota[] }) {
  const { t, label, date } = useI18n();
  if (quotas.length === 0) return <p>{t('noQuotas')}</p>;
  return (
    <div class="quota-cards">
      {quotas.map((q, i) => (
        <article key={`${q.metric}-${q.assignedBy}-${i}`} class="quota-card" data-metric={q.metric} data-period={q.period}>
          <h2>
            {label('quotaMetric', q.metric)} — {periodLabel(t, q.period)}
          </h2>
          <QuotaProgress quota={q} />
          {/* A term's days depend on the organisation's congresses: say which were counted. */}
          {q.period.includes('-') && <p class="quota-days muted">{t('termDays', { from: date(q.from), to: date(q.to) })}</p>}
          <p class="assigned-by">
            {t('assignedBy')}: {q.assignedBy}
          </p>
        </article>
      ))}
    </div>
  );
}

interface ChildRow {
  org: OrgSummary;
  admitted: number;
  quotas: Quota[];
}

function ChildrenRollup({ orgId, period }: { orgId: string; period: string }) {
  const { t } = useI18n();
  const loaded = useLoad(
    async (signal) => {
      const { children } = await loadOrg(orgId);
      const { from, to } = periodRange(period);
      return Promise.all(
        children.map(async (org): Promise<ChildRow> => {
          const [quotas, report] = await Promise.all([api.quotas(org.id, period, signal), api.report(org.id, from, to, signal)]);
          return { org, admitted: report.admitted, quotas };
        }),
      );
    },
    [orgId, period],
  );
  // A cell has nobody below it: no roll-up.
  if (loaded.data && loaded.data.length === 0) return null;
  return (
    <section aria-labelledby="children-title">
      <h2 id="children-title">{t('children')}</h2>
      <Loading loaded={loaded}>{(rows) => <RollupTable rows={rows} period={period} />}</Loading>
    </section>
  );
}

function RollupTable({ rows, period }: { rows: ChildRow[]; period: string }) {
  const { t, label, number } = useI18n();
  const total = rows.reduce((sum, row) => sum + row.admitted, 0);
  return (
    <div class="table-scroll">
      <table id="rollup">
        <caption class="visually-hidden">
          {t('children')} — {periodLabel(t, period)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('organization')}</th>
            <th scope="col" class="num">
              {t('admittedInPeriod')}
            </th>
            <th scope="col">{t('quotas')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ org, admitted, quotas }) => (
            <tr key={org.id} data-org={org.id}>
              <th scope="row">
                <Link href={href('/quotas', { org: org.id, period })}>{org.name}</Link>
              </th>
              <td class="num admitted">{number(admitted)}</td>
              <td>
                {quotas.length === 0 && <span class="muted">{t('noTarget')}</span>}
                {quotas.map((q, i) => (
                  <div key={i} class="rollup-quota" data-metric={q.metric}>
                    <span class="muted">
                      {label('quotaMetric', q.metric)} · {q.assignedBy}
                    </span>
                    <QuotaProgress quota={q} />
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td class="num">{number(total)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
