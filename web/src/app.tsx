/**
 * The shell: sign-in, then the organisation tree beside the five screens. The selected organisation is the `org`
 * query parameter of every screen, so switching screens keeps it and a link can be shared (without the token).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, whenUnauthenticated } from './api';
import { OrgTree } from './components/org-tree';
import { I18nContext, makeI18n, useI18n, type Lang, type Messages } from './i18n';
import { forgetOrgs, useOrg } from './orgs';
import { href, Link, navigate, useLocation } from './router';
import { session, type Me } from './session';
import { DossierDetailView } from './views/dossier-detail';
import { DossierListView } from './views/dossier-list';
import { PipelineView } from './views/pipeline';
import { QuotasView } from './views/quotas';
import { RemindersView } from './views/reminders';
import { ReportView } from './views/report';
import { SignIn } from './views/sign-in';

const SECTIONS: { path: string; key: keyof Messages }[] = [
  { path: '/pipeline', key: 'pipeline' },
  { path: '/quotas', key: 'quotas' },
  { path: '/reminders', key: 'reminders' },
  { path: '/dossiers', key: 'dossiers' },
  { path: '/report', key: 'report' },
];

export function App() {
  const [lang, setLang] = useState<Lang>(session.lang() === 'en' ? 'en' : 'vi');
  const [me, setMe] = useState(session.token() ? session.me() : null);
  const rootOrg = me?.rootOrg ?? null;
  const i18n = useMemo(() => makeI18n(lang), [lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('appName');
  }, [lang, i18n]);

  useEffect(
    () =>
      whenUnauthenticated(() => {
        session.signOut();
        forgetOrgs();
        setMe(null);
      }),
    [],
  );

  const toggleLanguage = () => {
    const next = lang === 'vi' ? 'en' : 'vi';
    session.setLang(next);
    setLang(next);
  };
  const signOut = async () => {
    // A session ends on the server too, so its token is worthless even if it was copied; an access token stays valid.
    if (me?.credential.kind === 'session') await api.signOut().catch(() => undefined);
    session.signOut();
    forgetOrgs();
    setMe(null);
    navigate('/', { replace: true });
  };

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip-link" href="#main">
        {i18n.t('skipToContent')}
      </a>
      <header class="top-bar">
        <span class="app-name">{i18n.t('appName')}</span>
        <span class="top-actions">
          <button type="button" lang={lang === 'vi' ? 'en' : 'vi'} aria-label={i18n.t('switchLanguageLabel')} onClick={toggleLanguage}>
            {i18n.t('switchLanguage')}
          </button>
          {me && <WhoAmI me={me} />}
          {me && (
            <button type="button" onClick={() => void signOut()}>
              {i18n.t('signOut')}
            </button>
          )}
        </span>
      </header>
      {rootOrg ? <SignedIn rootOrg={rootOrg} /> : <SignIn onSignedIn={setMe} />}
    </I18nContext.Provider>
  );
}

/** Who is signed in: display name, role and organisation (GET /me at sign-in). */
function WhoAmI({ me }: { me: Me }) {
  const i18n = useI18n();
  const org = useOrg(me.rootOrg);
  return (
    <span class="who-am-i" data-who-am-i aria-label={i18n.t('signedInAs')}>
      <strong data-field="displayName">{me.account.displayName}</strong> · <span data-field="role">{i18n.t(`role_${me.account.role}`)}</span> ·{' '}
      <span data-field="org">{org?.name ?? me.rootOrg}</span>
    </span>
  );
}

function SignedIn({ rootOrg }: { rootOrg: string }) {
  const where = useLocation();
  const i18n = useI18n();
  const orgId = where.params.get('org') || rootOrg;
  const selected = useOrg(orgId);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (where.path === '/') navigate(href('/pipeline', { org: rootOrg }), { replace: true });
  }, [where.path, rootOrg]);
  // After a navigation (not on the first page), focus moves to the content, as a page load would put it.
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [where.path]);

  const section = SECTIONS.find((s) => where.path === s.path || where.path.startsWith(`${s.path}/`));
  // The tree keeps the current screen (a dossier's detail goes back to the list).
  const hrefFor = (id: string) => href(section?.path ?? '/pipeline', { org: id });

  return (
    <div class="layout">
      <nav class="tree-pane" aria-label={i18n.t('orgTree')}>
        <h2 class="pane-title">{i18n.t('orgTree')}</h2>
        <OrgTree rootId={rootOrg} selectedId={orgId} openPath={selected?.path ?? []} hrefFor={hrefFor} />
      </nav>
      <div class="content">
        <nav class="sections" aria-label={i18n.t('sections')}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.path}>
                <Link href={href(s.path, { org: orgId })} aria-current={section === s ? 'page' : undefined}>
                  {i18n.t(s.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          <Screen path={where.path} params={where.params} orgId={orgId} orgName={selected?.name} />
        </main>
      </div>
    </div>
  );
}

function Screen({ path, params, orgId, orgName }: { path: string; params: URLSearchParams; orgId: string; orgName?: string }) {
  const i18n = useI18n();
  const props = { orgId, orgName: orgName ?? orgId, params };
  if (path === '/pipeline') return <PipelineView {...props} />;
  if (path === '/quotas') return <QuotasView {...props} />;
  if (path === '/reminders') return <RemindersView {...props} />;
  if (path === '/dossiers') return <DossierListView {...props} />;
  const dossier = /^\/dossiers\/([0-9a-fA-F-]{36})$/.exec(path);
  if (dossier) return <DossierDetailView {...props} dossierId={dossier[1]} />;
  if (path === '/report') return <ReportView {...props} />;
  if (path === '/') return <p>{i18n.t('loading')}</p>;
  return <h1 tabIndex={-1}>404 — {i18n.label('problem', 'NOT_FOUND')}</h1>;
}
