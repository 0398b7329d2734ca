/**
 * Sign-in with a token. api.md has no "who am I" call, so the clerk also names the organisation at the root of the
 * token's scope; reading it with the token proves both (401: bad token, 404: not in its scope). The token goes to
 * sessionStorage only.
 */
import { useState } from 'preact/hooks';
import { ApiError, enc, request, type Organization } from '../api';
import { ProblemMessage } from '../components/status';
import { useI18n } from '../i18n';
import { session } from '../session';

export function SignIn({ onSignedIn }: { onSignedIn(rootOrg: string): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [orgId, setOrgId] = useState(session.lastRootOrg());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const org = await request<Organization>('GET', `/organizations/${enc(orgId.trim())}`, { token: token.trim() });
      session.signIn(token.trim(), org.id);
      onSignedIn(org.id);
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.status === 401) setError(t('badToken'));
      else if (caught instanceof ApiError && caught.problem.status === 404) setError(t('orgNotInScope'));
      else setError(caught instanceof ApiError ? caught : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInIntro')}</p>
      <form onSubmit={submit} class="stacked">
        <label for="token">{t('token')}</label>
        <input id="token" name="token" type="password" autocomplete="off" required minLength={16} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <label for="root-org">{t('rootOrg')}</label>
        <input
          id="root-org"
          name="rootOrg"
          type="text"
          required
          pattern="[a-z0-9\-]{1,64}"
          autocomplete="organization"
          aria-describedby="root-org-hint"
          value={orgId}
          onInput={(e) => setOrgId(e.currentTarget.value)}
        />
        <small id="root-org-hint">{t('rootOrgHint')}</small>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      {typeof error === 'string' && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      {error instanceof ApiError && <ProblemMessage error={error} />}
    </main>
  );
}
