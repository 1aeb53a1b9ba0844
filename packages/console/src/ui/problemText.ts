/** An RFC 9457 problem as the API answers it (`application/problem+json`). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ path?: string; message?: string }>;
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && ('title' in body || 'detail' in body);

/** A readable sentence for a failed request: the API's own words when it sent a problem, else the status. */
export const problemText = (status: number, body: unknown): string => {
  if (!isProblem(body)) return `The server answered ${status} without an explanation.`;
  const head = [body.title, body.detail].filter((part) => typeof part === 'string' && part !== '').join(': ');
  const errors: unknown[] = Array.isArray(body.errors) ? body.errors : [];
  const details = errors
    .map((e) => {
      const { path, message } = (typeof e === 'object' && e !== null ? e : {}) as {
        path?: unknown;
        message?: unknown;
      };
      return [path, message].filter((part) => typeof part === 'string' && part !== '').join(' ');
    })
    .filter((line) => line !== '');
  const text = head === '' ? `The server answered ${status}.` : head;
  return details.length === 0 ? text : `${text} (${details.join('; ')})`;
};
