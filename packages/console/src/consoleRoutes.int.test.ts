import { buildHttpApp } from '@leadflow/http';
import { createLogger, createRegistry } from '@leadflow/observability';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSP, consoleRoutes } from './consoleRoutes';
import type { ConsoleAssets } from './consoleAssets';

// The console on the app every service builds, so its headers are checked against the shared hooks.
describe('console routes', () => {
  let app: FastifyInstance;
  let built: ConsoleAssets;
  let base = '';
  // Over a socket (inject's request builder does not load under jest)
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    app = await buildHttpApp({
      service: 'leadflow',
      version: '0.0.0',
      logger: createLogger('console-test', 'silent'),
      registry: createRegistry('console-test'),
      readiness: [],
      bodyLimit: 1024,
      openMode: true,
    });
    built = await consoleRoutes(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    console.log(
      `console build: ${Math.round(built.buildMs)} ms, ${(built.gzippedBytes / 1024).toFixed(1)} KB gzipped`,
    );
  });
  afterAll(async () => app.close());

  it('serves the page with the console CSP, not the docs page one, and no cache', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });

  it('serves every asset the page names, content-hashed and cached for good', async () => {
    const page = (await get('/')).body.toString('utf8');
    const named = [...page.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((m) => m[1]!);
    expect(named).toHaveLength(3);
    for (const url of named) {
      const asset = await get(url);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(asset.body.equals(built.assets.get(url.slice('/console/'.length))!.body)).toBe(true);
    }
    expect(built.gzippedBytes).toBeLessThan(200 * 1024);
  });

  it('answers an unknown asset 404 as problem+json, without caching it', async () => {
    const missing = await get('/console/app.000000000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});
