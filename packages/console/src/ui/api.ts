import { problemText } from './problemText';
import { forgetToken, storedToken } from './session';

/** A request the API refused or could not answer, with a sentence a person can read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

const urlOf = (path: string, query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
};

let onSignedOut: () => void = () => undefined;

/** What to do when the server no longer takes the token (401): the app goes back to the sign-in page. */
export const whenSignedOut = (handler: () => void): void => {
  onSignedOut = handler;
};

const send = async <T>(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  token: string | null,
): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  // An empty token is an open server's sign-in: no header at all rather than a malformed one.
  if (token !== null && token !== '') headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check that leadflow is running and try again.');
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, problemText(response.status, json));
  return json as T;
};

/** GET with the signed-in token; a 401 signs the tab out. */
export const get = async <T>(path: string, query: Query = {}): Promise<T> => {
  try {
    return await send<T>('GET', urlOf(path, query), undefined, storedToken());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetToken();
      onSignedOut();
    }
    throw error;
  }
};

/** POST a JSON body with the signed-in token. */
export const post = async <T>(path: string, body: unknown): Promise<T> => {
  try {
    return await send<T>('POST', path, body, storedToken());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetToken();
      onSignedOut();
    }
    throw error;
  }
};

/** Checks a token before keeping it: reads one task with it (every console page needs `read`). */
export const checkToken = async (token: string): Promise<void> => {
  await send('GET', urlOf('/v1/tasks', { limit: 1 }), undefined, token);
};

/** True when the server answers `path` at all (a route added later, such as funnel cohorts). */
export const routeExists = async (path: string): Promise<boolean> => {
  try {
    await get(path);
    return true;
  } catch (error) {
    return !(error instanceof ApiError && (error.status === 404 || error.status === 405));
  }
};
