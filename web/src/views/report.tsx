/**
 * The period report of the selected subtree (GET /organizations/{id}/report?from=&to=): every figure, admissions by
 * candidate category, the classes behind the period's enrolments and theory-class completions ("3 lớp nhận thức về
 * Đảng với 427 quần chúng", "1 lớp bồi dưỡng lý luận chính trị cho 164 đảng viên dự bị"), a print layout (the browser's print, without the navigation) and a CSV download that
 * spreadsheet programs open with the diacritics intact (UTF-8 with a byte-order mark).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, CATEGORIES, REPORT_FIGURES, type Report } from '../api';
import { ScreenHeading } from '../components/choice';
import { Loading } from '../components/status';
import { useI18n, type I18n } from '../i18n';
import { useLoad } from '../load';
import { href, navigate } from '../router';
import { todayInVietnam, type ScreenProps } from './screen';

/** The two kinds of class: how many classes, and the people behind them (the awareness class's enrolled, the theory class's completed). */
const CLASSES = [
  { kind: 'awareness', classes: 'awarenessClasses', people: 'enrolled' },
  { kind: 'theory', classes: 'theoryClasses', people: 'theoryCompleted' },
] as const;

export function ReportView({ orgId, orgName, params }: ScreenProps) {
  const { t } = useI18n();
  const today = todayInVietnam();
  const from = params.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = params.get('to') || today;
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  const loaded = useLoad((signal) => api.report(orgId, from, to, signal), [orgId, from, to]);
  return (
    <>
      <ScreenHeading title={t('reportTitle')} orgId={orgId} orgName={orgName} />
      <form
        class="inline-form no-print"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href('/report', { org: orgId, ...draft }));
        }}
      >
        <label for="report-from">{t('from')}</label>
        <input id="report-from" type="date" required value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        <label for="report-to">{t('to')}</label>
        <input id="report-to" type="date" required min={draft.from} value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        <button type="submit">{t('show')}</button>
      </form>
      <Loading loaded={loaded}>{(report) => <ReportTables report={report} orgId={orgId} orgName={orgName} from={from} to={to} />}</Loading>
    </>
  );
}

function ReportTables({ report, orgId, orgName, from, to }: { report: Report; orgId: string; orgName: string; from: string; to: string }) {
  const i18n = useI18n();
  const { t, label, date } = i18n;
  const categories = [...CATEGORIES.filter((c) => c in report.admittedByCategory), ...Object.keys(report.admittedByCategory).filter((c) => !(CATEGORIES as readonly string[]).includes(c))];
  const download = () => {
    const blob = new Blob([`\uFEFF${reportCsv(i18n, report, orgName, from, to)}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `bao-cao-${orgId}-${from}-${to}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <>
      <p class="no-print actions">
        <button type="button" onClick={() => print()}>
          {t('print')}
        </button>
        <button type="button" onClick={download}>
          {t('downloadCsv')}
        </button>
      </p>
      <CountTable
        id="report"
        caption={t('reportFor', { org: orgName, from: date(from), to: date(to) })}
        head={t('figure')}
        rows={REPORT_FIGURES.map((f) => ({ key: f, label: label('reportMetric', f), value: report[f] ?? 0 }))}
      />
      <h2 id="classes-title">{t('classes')}</h2>
      <table id="classes" aria-labelledby="classes-title" aria-describedby="classes-note">
        <thead>
          <tr>
            <th scope="col">{t('classKind')}</th>
            <th scope="col" class="num">
              {t('classCount')}
            </th>
            <th scope="col" class="num">
              {t('classPeople')}
            </th>
          </tr>
        </thead>
        <tbody>
          {CLASSES.map((c) => (
            <tr key={c.kind} data-key={c.kind}>
              <th scope="row">{label('classKind', c.kind)}</th>
              <td class="num classes">{i18n.number(report[c.classes] ?? 0)}</td>
              <td class="num people">{i18n.number(report[c.people] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id="classes-note" class="muted">
        {t('classesNote')}
      </p>
      <h2 id="by-category-title">{t('admittedByCategory')}</h2>
      <CountTable
        id="admitted-by-category"
        labelledBy="by-category-title"
        head={t('category')}
        rows={categories.map((c) => ({ key: c, label: label('category', c), value: report.admittedByCategory[c] }))}
      />
    </>
  );
}

/** Two columns: what is counted, and how many. */
function CountTable({ id, caption, labelledBy, head, rows }: { id: string; caption?: string; labelledBy?: string; head: string; rows: { key: string; label: string; value: number }[] }) {
  const { t, number } = useI18n();
  return (
    <table id={id} aria-labelledby={labelledBy}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" class="num">
            {t('value')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={2}>{t('none')}</td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">{row.label}</th>
            <td class="num">{number(row.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One line per figure: code, label in the current language, count; then admissions by category; then the classes. */
export function reportCsv(i18n: I18n, report: Report, orgName: string, from: string, to: string): string {
  const rows: (string | number)[][] = [
    ['organization', 'from', 'to'],
    [orgName, from, to],
    [],
    ['metric', 'label', 'value'],
    ...REPORT_FIGURES.map((f) => [f, i18n.label('reportMetric', f), report[f] ?? 0]),
    [],
    ['admittedByCategory', 'label', 'value'],
    ...Object.entries(report.admittedByCategory).map(([c, n]) => [c, i18n.label('category', c), n]),
    [],
    ['class', 'label', 'classes', 'people'],
    ...CLASSES.map((c) => [c.kind, i18n.label('classKind', c.kind), report[c.classes] ?? 0, report[c.people] ?? 0]),
  ];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
