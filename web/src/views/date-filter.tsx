/** One date with "show" and "today" buttons, for the screens that answer as of a day. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export function DateFilter({ id, label, value, onApply, onClear }: { id: string; label: string; value: string; onApply(date: string): void; onClear(): void }) {
  const { t } = useI18n();
  const [date, setDate] = useState(value);
  useEffect(() => setDate(value), [value]);
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (date) onApply(date);
        else onClear();
      }}
    >
      <label for={id}>{label}</label>
      <input id={id} type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      <button type="submit">{t('show')}</button>
      <button type="button" onClick={onClear}>
        {t('asOfToday')}
      </button>
    </form>
  );
}
