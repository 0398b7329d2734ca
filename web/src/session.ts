/**
 * The signed-in session: the bearer token and who it is (GET /me: account, role, the organisation at the root of its
 * scope), in sessionStorage only (gone when the tab closes, never in a URL, never in localStorage). The language
 * choice and the last username are not secrets and are remembered across sessions.
 */
const TOKEN = 'ketnap.token';
const ME = 'ketnap.me';
const LANG = 'ketnap.lang';
const LAST_USER = 'ketnap.lastUsername';

export interface Me {
  account: { id: string; username: string | null; displayName: string; role: 'viewer' | 'inspector' | 'clerk' | 'admin'; orgId: string | null };
  credential: { kind: 'session' | 'token' | 'bootstrap' | 'cli'; id: string; expiresAt: string | null };
  /** the root of the tree shown: the account's organisation, or the one a bootstrap admin named */
  rootOrg: string;
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN),
  me(): Me | null {
    const raw = sessionStorage.getItem(ME);
    return raw ? (JSON.parse(raw) as Me) : null;
  },
  rootOrg: (): string | null => session.me()?.rootOrg ?? null,
  /** Only clerks and admins record; viewers and inspectors are offered no forms. */
  mayRecord: (): boolean => ['clerk', 'admin'].includes(session.me()?.account.role ?? ''),
  signIn(token: string, me: Me): void {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(ME, JSON.stringify(me));
    if (me.account.username) localStorage.setItem(LAST_USER, me.account.username);
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(ME);
  },
  lastUsername: (): string => localStorage.getItem(LAST_USER) ?? '',
  lang: (): string | null => localStorage.getItem(LANG),
  setLang: (lang: string): void => localStorage.setItem(LANG, lang),
};
