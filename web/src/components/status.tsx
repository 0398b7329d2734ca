/** What a screen shows while it loads, and how it shows a refusal from the server. */
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { useI18n } from '../i18n';
import type { Loaded } from '../load';

export function ProblemMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, label, lang } = useI18n();
  const p = error.problem;
  const known = label('problem', p.code);
  return (
    <div class="problem" role="alert">
      {p.rule ? (
        <p>
          <strong>{t('refusedRule', { rule: p.rule })}</strong> — {label('rule', p.rule)}
        </p>
      ) : (
        <p>
          <strong>{known === p.code ? t('error') : known}</strong>
        </p>
      )}
      {/* The rule's own message: Vietnamese always; the English one beside it in English. */}
      {p.detailVi && (
        <p lang="vi" class="detail-vi">
          {p.detailVi}
        </p>
      )}
      {p.detail && (lang === 'en' || !p.detailVi) && (
        <p lang="en" class="detail">
          {p.detail}
        </p>
      )}
      {p.errors && p.errors.length > 0 && (
        <ul>
          {p.errors.map((e) => (
            <li key={e.field} lang="en">
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        <code>{p.code}</code>
        {p.status ? ` · HTTP ${p.status}` : ''}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/** The children once the data is there; a loading line or the refusal otherwise. */
export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useI18n();
  if (loaded.error) return <ProblemMessage error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.data === undefined) return <p aria-live="polite">{t('loading')}</p>;
  return (
    <div aria-busy={loaded.loading ? 'true' : 'false'} class={loaded.loading ? 'refreshing' : undefined}>
      {children(loaded.data)}
    </div>
  );
}
