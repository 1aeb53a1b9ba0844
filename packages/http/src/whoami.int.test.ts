import type { ApiToken } from '@leadflow/config';
import { createLogger, createRegistry } from '@leadflow/observability';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from './buildHttpApp';
import { whoamiRoutes } from './whoami';

// On the app every service builds (its hooks, open-mode guard included), over a socket.
describe('GET /v1/whoami', () => {
  const tokens: ApiToken[] = [
    { token: 'console-reader-token-01', scopes: ['write', 'read'] },
    { token: 'privacy-officer-token-1', scopes: ['read', 'privacy'] },
  ];
  const apps: FastifyInstance[] = [];
  const serve = async (configured: ReadonlyArray<ApiToken>) => {
    const app = await buildHttpApp({
      service: 'leadflow',
      version: '0.0.0',
      logger: createLogger('whoami-test', 'silent'),
      registry: createRegistry('whoami-test'),
      readiness: [],
      bodyLimit: 1024,
      openMode: configured.length === 0,
    });
    await whoamiRoutes(app, configured);
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    return (headers: Record<string, string> = {}) => fetch(`${base}/v1/whoami`, { headers });
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it("answers the token's own scopes, in the configuration's order", async () => {
    const ask = await serve(tokens);
    const scopesFor = async (token: string) =>
      (await ask({ authorization: `Bearer ${token}` })).json() as Promise<unknown>;
    expect(await scopesFor('console-reader-token-01')).toEqual({ scopes: ['read', 'write'], open: false });
    expect(await scopesFor('privacy-officer-token-1')).toEqual({ scopes: ['read', 'privacy'], open: false });
  });

  it('refuses a missing or unknown token with 401, as every other route does', async () => {
    const ask = await serve(tokens);
    const none = await ask();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await ask({ authorization: 'Bearer console-reader-token-02' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ status: 401, detail: 'unknown token' });
  });

  it('grants every scope on a server running without tokens, whatever is sent', async () => {
    const ask = await serve([]);
    const sent: Array<Record<string, string>> = [{}, { authorization: 'Bearer anything-at-all' }];
    for (const headers of sent) {
      const answer = await ask(headers);
      expect({ status: answer.status, body: await answer.json() }).toEqual({
        status: 200,
        body: { scopes: ['ingest', 'read', 'write', 'privacy'], open: true },
      });
    }
  });
});
