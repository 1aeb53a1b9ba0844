import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from './api';
import type { Page, Rep } from './types';

/** Whether the signed-in token may use a scope: `unknown` on a server that cannot say (no whoami). */
export type Permission = 'loading' | 'yes' | 'no' | 'unknown';

// Read once per sign-in: a token's scopes do not change while the tab holds it.
let scopes: Promise<ReadonlySet<string> | null> | null = null;

const absent = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 405);

const loadScopes = (): Promise<ReadonlySet<string> | null> => {
  scopes ??= get<{ scopes: string[] }>('/v1/whoami').then(
    (answer) => new Set(answer.scopes),
    (error: unknown) => {
      scopes = null;
      if (absent(error)) return null;
      throw error;
    },
  );
  return scopes;
};

/** Forgets the token's scopes (at sign-out). */
export const forgetScopes = (): void => {
  scopes = null;
};

/**
 * May the token use `scope`? Actions it may not take are not offered; when the server cannot say,
 * they are, and the API's 403 is shown as its sentence.
 */
export const usePermission = (scope: string): Permission => {
  const [permission, setPermission] = useState<Permission>('loading');
  useEffect(() => {
    let current = true;
    loadScopes().then(
      (granted) => current && setPermission(granted === null ? 'unknown' : granted.has(scope) ? 'yes' : 'no'),
      () => current && setPermission('unknown'),
    );
    return () => {
      current = false;
    };
  }, [scope]);
  return permission;
};

/** The sales reps, or null on a server without routing (no `/v1/reps`): its controls are then left out. */
export const useReps = (): { reps: ReadonlyArray<Rep> | null; error: string | null } => {
  const [state, setState] = useState<{ reps: ReadonlyArray<Rep> | null; error: string | null }>({
    reps: null,
    error: null,
  });
  useEffect(() => {
    let current = true;
    get<Page<Rep>>('/v1/reps').then(
      (page) => current && setState({ reps: page.items, error: null }),
      (error: unknown) =>
        current &&
        setState({
          reps: null,
          error: absent(error) ? null : error instanceof ApiError ? error.message : String(error),
        }),
    );
    return () => {
      current = false;
    };
  }, []);
  return state;
};

/** A rep's name for display, its id when it is not (or no longer) listed. */
export const repName = (reps: ReadonlyArray<Rep> | null, id: string): string =>
  reps?.find((r) => r.id === id)?.name ?? id;
