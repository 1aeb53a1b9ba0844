import { problem, sendProblem } from '@leadflow/http';
import type { FastifyInstance } from 'fastify';
import { ASSET_PREFIX, buildConsoleAssets, type ConsoleAssets } from './consoleAssets';

/**
 * The console's Content-Security-Policy: scripts and styles from this origin only, no inline script
 * or style, no event-handler attributes, no plugins, no framing, requests to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

// The page is revalidated on every visit (it names the current assets); the assets are content-hashed.
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the sales console: the page at `/` and its bundled assets under `/console/`. The UI calls
 * the API of the same process with the token the user signed in with, so it needs no routes of its own.
 */
export const consoleRoutes = async (
  app: FastifyInstance,
  options: { assets?: ConsoleAssets } = {},
): Promise<ConsoleAssets> => {
  const built = options.assets ?? (await buildConsoleAssets());
  app.log.debug({ buildMs: Math.round(built.buildMs), gzippedBytes: built.gzippedBytes }, 'console built');
  await app.register(async (scope) => {
    // Registered inside this scope, so it runs after the app's own page headers and has the last word.
    scope.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
      return payload;
    });
    scope.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', PAGE_CACHE).send(built.page),
    );
    scope.get<{ Params: { name: string } }>(
      `${ASSET_PREFIX}:name`,
      { schema: { hide: true } },
      async (request, reply) => {
        const asset = built.assets.get(request.params.name);
        if (asset === undefined)
          return sendProblem(
            reply.header('cache-control', 'no-store'),
            problem(404, 'not-found', 'no such console asset'),
          );
        return reply.type(asset.type).header('cache-control', ASSET_CACHE).send(asset.body);
      },
    );
  });
  return built;
};
