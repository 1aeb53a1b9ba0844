// sessionStorage: the token lives as long as this tab and is never written where other tabs,
// later visits or the URL could carry it.
const KEY = 'leadflow.console.token';

/** The token of this tab's sign-in (possibly empty: an open server takes none), or null when signed out. */
export const storedToken = (): string | null => sessionStorage.getItem(KEY);

export const keepToken = (token: string): void => sessionStorage.setItem(KEY, token);

export const forgetToken = (): void => sessionStorage.removeItem(KEY);
