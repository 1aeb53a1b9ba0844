// sessionStorage: the token lives as long as this tab and is never written where other tabs,
// later visits or the URL could carry it.
const KEY = 'leadflow.console.token';

/** The token of this tab's sign-in (possibly empty: an open server takes none), or null when signed out. */
export const storedToken = (): string | null => sessionStorage.getItem(KEY);

export const keepToken = (token: string): void => sessionStorage.setItem(KEY, token);

export const forgetToken = (): void => sessionStorage.removeItem(KEY);

// Who "my tasks" are, chosen once per tab: the API knows tokens, not which rep is at the screen.
const REP_KEY = 'leadflow.console.rep';

/** The rep this tab's "my tasks" lists, or null until one is chosen. */
export const storedRep = (): string | null => sessionStorage.getItem(REP_KEY);

export const keepRep = (repId: string): void => sessionStorage.setItem(REP_KEY, repId);

export const forgetRep = (): void => sessionStorage.removeItem(REP_KEY);
