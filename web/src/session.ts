/**
 * The signed-in session: the bearer token and the organisation at the root of its scope, in sessionStorage only
 * (gone when the tab closes, never in a URL, never in localStorage). The language choice is not a secret and is
 * remembered across sessions.
 */
const TOKEN = 'ketnap.token';
const ROOT_ORG = 'ketnap.rootOrg';
const LANG = 'ketnap.lang';
const LAST_ORG = 'ketnap.lastRootOrg';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN),
  rootOrg: (): string | null => sessionStorage.getItem(ROOT_ORG),
  signIn(token: string, rootOrg: string): void {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(ROOT_ORG, rootOrg);
    // The organisation id (not the token) pre-fills the next sign-in.
    localStorage.setItem(LAST_ORG, rootOrg);
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(ROOT_ORG);
  },
  lastRootOrg: (): string => localStorage.getItem(LAST_ORG) ?? '',
  lang: (): string | null => localStorage.getItem(LANG),
  setLang: (lang: string): void => localStorage.setItem(LANG, lang),
};
