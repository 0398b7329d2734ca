import { useI18n } from '../i18n';
import { useOrg } from '../orgs';

/** A labelled drop-down, the filters' building block: a value, its options with their labels, a change handler. */
export function Choice({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** A screen's heading: what it shows, for which organisation, and the organisation's founding date when known. */
export function ScreenHeading({ title, orgId, orgName }: { title: string; orgId: string; orgName: string }) {
  const { t, date } = useI18n();
  const foundedOn = useOrg(orgId)?.foundedOn;
  return (
    <>
      <h1>
        {title} — {orgName}
      </h1>
      {foundedOn && (
        <p class="org-founded muted" data-founded-on={foundedOn}>
          {t('foundedOn', { date: date(foundedOn) })}
        </p>
      )}
    </>
  );
}
