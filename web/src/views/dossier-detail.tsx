/**
 * One dossier: the candidate, key dates, deadlines, the full timeline (GET /dossiers/{id}/history: the dossier's
 * events and the deadline service's records, each with its actor and rule set) and the form for the next step.
 */
import { api, type Dossier, type HistoryEntry } from '../api';
import { Loading } from '../components/status';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { href, Link } from '../router';
import { OrgName } from './dossier-list';
import type { ScreenProps } from './screen';
import { session } from '../session';
import { StepForm } from './step-form';

export function DossierDetailView({ orgId, dossierId }: ScreenProps & { dossierId: string }) {
  const { t } = useI18n();
  const dossier = useLoad((signal) => api.dossier(dossierId, signal), [dossierId]);
  const history = useLoad((signal) => api.history(dossierId, signal), [dossierId]);
  const reload = () => {
    dossier.reload();
    history.reload();
  };
  return (
    <>
      <p>
        <Link href={href('/dossiers', { org: orgId })}>← {t('backToList')}</Link>
      </p>
      <Loading loaded={dossier}>
        {(d) => (
          <>
            <h1>
              {d.candidate.fullName} <span class="muted heading-note">— {t('dossier')}</span>
            </h1>
            <Summary dossier={d} />
            {/* Viewers and inspectors record nothing: they are offered no form (the API would answer 403). */}
            {session.mayRecord() && (
              <section aria-labelledby="next-step-title" class="panel">
                <h2 id="next-step-title">{t('nextStep')}</h2>
                <StepForm dossier={d} onRecorded={reload} onConflict={reload} />
              </section>
            )}
          </>
        )}
      </Loading>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline')}</h2>
        <Loading loaded={history}>{(entries) => <Timeline entries={entries} />}</Loading>
      </section>
    </>
  );
}

function Summary({ dossier: d }: { dossier: Dossier }) {
  const { t, label, date } = useI18n();
  const c = d.candidate;
  const open = d.deadlines.filter((x) => x.status === 'open');
  return (
    <div class="summary-grid">
      <section aria-labelledby="candidate-title" class="panel">
        <h2 id="candidate-title">{t('candidate')}</h2>
        <dl class="facts" id="dossier-facts">
          <dt>{t('stage')}</dt>
          <dd data-field="stage">{label('stage', d.stage)}</dd>
          <dt>{t('state')}</dt>
          <dd data-field="state">{label('state', d.state)}</dd>
          <dt>{t('cell')}</dt>
          <dd>
            <OrgName id={d.cellId} />
          </dd>
          <dt>{t('dateOfBirth')}</dt>
          <dd>{date(c.dateOfBirth)}</dd>
          <dt>{t('gender')}</dt>
          <dd>{label('gender', c.gender)}</dd>
          {c.ethnicity && (
            <>
              <dt>{t('ethnicity')}</dt>
              <dd>{c.ethnicity}</dd>
            </>
          )}
          {c.religion && (
            <>
              <dt>{t('religion')}</dt>
              <dd>{c.religion}</dd>
            </>
          )}
          <dt>{t('education')}</dt>
          <dd>{label('education', c.education)}</dd>
          {c.occupation && (
            <>
              <dt>{t('occupation')}</dt>
              <dd>{c.occupation}</dd>
            </>
          )}
          <dt>{t('categories')}</dt>
          <dd>{c.categories.map((x) => label('category', x)).join(', ')}</dd>
          {c.hardshipArea && (
            <>
              <dt>{t('hardshipArea')}</dt>
              <dd>{label('hardship', c.hardshipArea)}</dd>
            </>
          )}
          <dt>{t('revision')}</dt>
          <dd data-field="revision">{d.revision}</dd>
        </dl>
        {d.certificateExpired && <p class="warning">{t('certificateExpired')}</p>}
      </section>
      <section aria-labelledby="dates-title" class="panel">
        <h2 id="dates-title">{t('keyDates')}</h2>
        <dl class="facts">
          {Object.entries(d.dates)
            .filter(([, value]) => value)
            .map(([key, value]) => (
              <div key={key} class="fact">
                <dt>{label('dateKey', key)}</dt>
                <dd>{date(value)}</dd>
              </div>
            ))}
        </dl>
        <h3 id="deadlines-title">{t('openDeadlines')}</h3>
        {open.length === 0 ? (
          <p>{t('noDeadlines')}</p>
        ) : (
          <ul id="open-deadlines">
            {open.map((x) => (
              <li key={`${x.rule}-${x.dueOn}`}>
                <strong>{date(x.dueOn)}</strong> — {x.rule} {label('rule', x.rule)}
              </li>
            ))}
          </ul>
        )}
        {d.deadlines.length > open.length && (
          <details>
            <summary>{t('deadlines')}</summary>
            <ul>
              {d.deadlines.map((x) => (
                <li key={`${x.rule}-${x.dueOn}-${x.status}`}>
                  {date(x.dueOn)} — {x.rule} {label('rule', x.rule)}: {label('deadlineStatus', x.status)}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </div>
  );
}

function Timeline({ entries }: { entries: HistoryEntry[] }) {
  const { t, label, date, dateTime } = useI18n();
  return (
    <ol class="timeline" id="timeline">
      {entries.map((e, i) => (
        <li key={`${e.source}-${e.revision ?? 't'}-${i}`} class={`entry ${e.source}`} data-type={e.type} data-revision={e.revision}>
          <p class="entry-head">
            <strong>{label('event', e.type)}</strong>
            {e.source === 'timer' && typeof e.data.rule === 'string' && (
              <strong>
                {' '}
                — {e.data.rule} {label('rule', e.data.rule)}
              </strong>
            )}{' '}
            <span class="muted">({e.type})</span>
          </p>
          <dl class="entry-facts">
            <div>
              <dt>{t('occurredOn')}</dt>
              <dd>{date(e.occurredOn)}</dd>
            </div>
            <div>
              <dt>{t('recordedAt')}</dt>
              <dd>{dateTime(e.recordedAt)}</dd>
            </div>
            <div>
              <dt>{t('actor')}</dt>
              <dd data-field="actor">{e.actor}</dd>
            </div>
            <div>
              <dt>{t('ruleSet')}</dt>
              <dd>{e.ruleSet ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('source')}</dt>
              <dd>{label('source', e.source)}</dd>
            </div>
            {(e.stageBefore || e.stageAfter) && (
              <div>
                <dt>{t('stage')}</dt>
                <dd>
                  {e.stageBefore ? label('stage', e.stageBefore) : '—'} → {e.stageAfter ? label('stage', e.stageAfter) : '—'}
                </dd>
              </div>
            )}
          </dl>
          {Object.keys(e.data).length > 0 && (
            <details>
              <summary>{t('details')}</summary>
              <DataList data={e.data} />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

/** An event's data as nested definition lists, keys labelled where the dictionary knows them. */
function DataList({ data }: { data: Record<string, unknown> }) {
  const { label } = useI18n();
  return (
    <dl class="data-list">
      {Object.entries(data).map(([key, value]) => (
        <div key={key}>
          <dt>{label('field', key)}</dt>
          <dd>{renderValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function renderValue(value: unknown) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((item, i) => (
          <li key={i}>{renderValue(item)}</li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') return <DataList data={value as Record<string, unknown>} />;
  return String(value);
}
