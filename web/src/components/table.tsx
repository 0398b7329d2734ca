/** Pieces the list screens share: a header row of message keys, and previous/next paging. */
import { useI18n, type Messages } from '../i18n';

export function HeadRow({ columns }: { columns: (keyof Messages)[] }) {
  const { t } = useI18n();
  return (
    <tr>
      {columns.map((key) => (
        <th key={key} scope="col">
          {t(key)}
        </th>
      ))}
    </tr>
  );
}

export function Pager({ label, onPrevious, onNext }: { label: string; onPrevious?: () => void; onNext?: () => void }) {
  const { t } = useI18n();
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={!onPrevious} onClick={onPrevious}>
        {t('previous')}
      </button>
      <span>{label}</span>
      <button type="button" disabled={!onNext} onClick={onNext}>
        {t('next')}
      </button>
    </nav>
  );
}
