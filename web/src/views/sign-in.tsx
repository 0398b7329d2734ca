/**
 * Sign-in with username and password (POST /sessions): the session token goes to sessionStorage only, and GET /me
 * says who it is and the organisation at the root of its scope. An access token (of a machine account, or the
 * bootstrap admin's) may be used instead; only the bootstrap admin, who has no organisation, names the root.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, request, type Organization } from '../api';
import { ProblemMessage } from '../components/status';
import { useI18n } from '../i18n';
import { session, type Me } from '../session';

export function SignIn({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [username, setUsername] = useState(session.lastUsername());
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [orgId, setOrgId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const bearer = mode === 'password' ? (await api.signIn(username.trim(), password)).token : token.trim();
      const me = await api.me(bearer);
      let rootOrg = me.account.orgId;
      if (rootOrg === null) {
        // The bootstrap admin sees every tree: it names the one to show, and reading it proves the name.
        if (!orgId.trim()) throw new Error(t('rootOrgNeeded'));
        rootOrg = (await request<Organization>('GET', `/organizations/${enc(orgId.trim())}`, { token: bearer })).id;
      }
      const signedIn = { ...me, rootOrg };
      session.signIn(bearer, signedIn);
      setPassword('');
      onSignedIn(signedIn);
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.status === 401) setError(mode === 'password' ? t('badPassword') : t('badToken'));
      else if (caught instanceof ApiError && caught.problem.status === 429) setError(t('tooManyAttempts'));
      else if (caught instanceof ApiError && caught.problem.status === 404) setError(t('orgNotInScope'));
      else setError(caught instanceof ApiError ? caught : caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>{t('signInTitle')}</h1>
      <p>{mode === 'password' ? t('signInIntro') : t('tokenSignInIntro')}</p>
      <form onSubmit={submit} class="stacked">
        {mode === 'password' ? (
          <>
            <label for="username">{t('username')}</label>
            <input id="username" name="username" type="text" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
            <label for="password">{t('password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </>
        ) : (
          <>
            <label for="token">{t('token')}</label>
            <input id="token" name="token" type="password" autocomplete="off" required minLength={16} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
            <label for="root-org">{t('rootOrg')}</label>
            <input
              id="root-org"
              name="rootOrg"
              type="text"
              pattern="[a-z0-9\-]{1,64}"
              autocomplete="organization"
              aria-describedby="root-org-hint"
              value={orgId}
              onInput={(e) => setOrgId(e.currentTarget.value)}
            />
            <small id="root-org-hint">{t('rootOrgHint')}</small>
          </>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <p>
        <button type="button" class="link" onClick={() => (setMode(mode === 'password' ? 'token' : 'password'), setError(undefined))}>
          {mode === 'password' ? t('useToken') : t('usePassword')}
        </button>
      </p>
      {typeof error === 'string' && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      {error instanceof ApiError && <ProblemMessage error={error} />}
    </main>
  );
}
