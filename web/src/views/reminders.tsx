/**
 * Reminders of the selected subtree (GET /reminders): open ones by default, oldest due first as the server orders
 * them, filtered by kind and escalation level, with counts per level and of missed deadlines; each open one can be
 * acknowledged from the list (POST /reminders/{id}/acknowledge). Paged here: the API answers the whole list.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, type Reminder } from '../api';
import { Choice, ScreenHeading } from '../components/choice';
import { Loading, ProblemMessage } from '../components/status';
import { HeadRow, Pager } from '../components/table';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { href, Link, navigate } from '../router';
import type { ScreenProps } from './screen';

const STATUSES = ['open', 'acknowledged', 'resolved'] as const;
const KINDS = ['deadline-missed', 'certificate-expired', 'stall'] as const;
const LEVELS = ['0', '1', '2'] as const;
const PAGE = 50;

export function RemindersView({ orgId, orgName, params }: ScreenProps) {
  const { t, label } = useI18n();
  const status = params.get('status') ?? 'open';
  const kind = params.get('kind') ?? '';
  const level = params.get('level') ?? '';
  const loaded = useLoad((signal) => api.reminders(orgId, status, signal), [orgId, status]);
  const go = (change: Record<string, string>) => navigate(href('/reminders', { org: orgId, status, kind, level, ...change }));
  return (
    <>
      <ScreenHeading title={t('remindersTitle')} orgId={orgId} orgName={orgName} />
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <Choice
          id="reminder-status"
          label={t('status')}
          value={status}
          options={STATUSES.map((s) => ({ value: s, label: label('reminderStatus', s) }))}
          onChange={(value) => go({ status: value, page: '' })}
        />
        <Choice
          id="reminder-kind"
          label={t('kind')}
          value={kind}
          options={[{ value: '', label: t('allKinds') }, ...KINDS.map((k) => ({ value: k, label: label('reminderKind', k) }))]}
          onChange={(value) => go({ kind: value, page: '' })}
        />
        <Choice
          id="reminder-level"
          label={t('escalationLevel')}
          value={level}
          options={[{ value: '', label: t('allLevels') }, ...LEVELS.map((l) => ({ value: l, label: label('escalation', l) }))]}
          onChange={(value) => go({ level: value, page: '' })}
        />
      </form>
      <Loading loaded={loaded}>
        {(reminders) => (
          <ReminderTable
            orgId={orgId}
            reminders={reminders.filter((r) => (!kind || r.kind === kind) && (!level || String(r.escalationLevel) === level))}
            all={reminders}
            page={Math.max(1, Number(params.get('page')) || 1)}
            onPage={(page) => go({ page: String(page) })}
          />
        )}
      </Loading>
    </>
  );
}

function ReminderTable({ orgId, reminders, all, page, onPage }: { orgId: string; reminders: Reminder[]; all: Reminder[]; page: number; onPage(page: number): void }) {
  const { t, label, number, date, dateTime } = useI18n();
  // Acknowledged here: shown at once, without reloading the list.
  const [changed, setChanged] = useState<Record<string, Reminder>>({});
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [announcement, setAnnouncement] = useState('');
  const pages = Math.max(1, Math.ceil(reminders.length / PAGE));
  const shown = reminders.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE).map((r) => changed[r.id] ?? r);

  const acknowledge = async (reminder: Reminder) => {
    setBusy(reminder.id);
    setError(undefined);
    try {
      const updated = await api.acknowledge(reminder.id);
      setChanged((previous) => ({ ...previous, [reminder.id]: updated }));
      setAnnouncement(`${t('acknowledged')}: ${label('reminderKind', reminder.kind)}, ${t('dueOn')} ${date(reminder.dueOn)}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError({ status: 0, code: 'CLIENT', detail: String(caught) }));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <dl class="summary" id="reminder-summary">
        <div data-summary="all">
          <dt>{t('openReminders')}</dt>
          <dd>{number(all.length)}</dd>
        </div>
        <div data-summary="deadline-missed">
          <dt>{t('missedDeadlines')}</dt>
          <dd>{number(all.filter((r) => r.kind === 'deadline-missed').length)}</dd>
        </div>
        {LEVELS.map((l) => (
          <div key={l} data-summary={`level-${l}`}>
            <dt>{label('escalation', l)}</dt>
            <dd>{number(all.filter((r) => String(r.escalationLevel) === l).length)}</dd>
          </div>
        ))}
      </dl>
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {error && <ProblemMessage error={error} />}
      {reminders.length === 0 ? (
        <p>{t('noReminders')}</p>
      ) : (
        <div class="table-scroll">
          <table id="reminders">
            <caption class="visually-hidden">{t('remindersTitle')}</caption>
            <thead>
              <HeadRow columns={['dueOn', 'kind', 'ruleOrStep', 'escalationLevel', 'dossier', 'raisedAt', 'action']} />
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} data-reminder={r.id} data-status={r.status}>
                  <td>{date(r.dueOn)}</td>
                  <td>{label('reminderKind', r.kind)}</td>
                  <td>{r.rule ? `${r.rule} — ${label('rule', r.rule)}` : label('state', r.step)}</td>
                  <td>{label('escalation', String(r.escalationLevel))}</td>
                  <td>
                    <Link href={href(`/dossiers/${r.dossierId}`, { org: orgId })}>{r.dossierId.slice(0, 8)}</Link>
                  </td>
                  <td>{dateTime(r.raisedAt)}</td>
                  <td>
                    {r.status === 'open' ? (
                      <button type="button" disabled={busy === r.id} onClick={() => acknowledge(r)} aria-label={`${t('acknowledge')}: ${r.dossierId.slice(0, 8)}, ${date(r.dueOn)}`}>
                        {t('acknowledge')}
                      </button>
                    ) : (
                      <span class="badge">{label('reminderStatus', r.status)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <Pager
          label={t('pageOf', { page: Math.min(page, pages), pages })}
          onPrevious={page > 1 ? () => onPage(page - 1) : undefined}
          onNext={page < pages ? () => onPage(page + 1) : undefined}
        />
      )}
    </>
  );
}
