import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '@leadflow/config';
import type { Logger, Registry } from '@leadflow/observability';
import { counter, histogram } from '@leadflow/observability';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { allowedMethods } from './allowedMethods';
import { hasBody, refuseUnread } from './auth';
import { answerClientError } from './clientErrors';
import { errorAnswer } from './errorProblem';
import { unsupportedMediaType } from './mediaType';
import { openModeRefusal } from './openModeGuard';
import { problem, sendProblem } from './problem';
import { PatternLogController, routePattern } from './requestLog';

/** A named check behind `/readyz`; ready means every check answers true. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean | { ready: boolean; detail?: Record<string, unknown> }>;
}

export interface HttpAppOptions {
  service: string;
  version: string;
  logger: Logger;
  registry: Registry;
  readiness: ReadinessCheck[];
  /** Largest request body Fastify reads at all (routes may apply a smaller limit of their own). */
  bodyLimit: number;
  /**
   * Errors saying a server leadflow depends on is unreachable (the database during a restart): answered
   * 503 with `Retry-After` instead of 500, since the same request can succeed a moment later.
   */
  unavailable?: (error: Error) => boolean;
  /**
   * No tokens configured: any local process may call, so requests a web page could make are refused
   * (a non-loopback `Host`, another origin or site). Default false.
   */
  openMode?: boolean;
  /** Most time to receive a whole request, headers and body, in ms (then 408 and the connection closed). */
  requestTimeoutMs?: number;
  /** Most connections held open at once; further ones are closed on arrival. */
  maxConnections?: number;
}

/** Route options read by the shared hooks. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Which request bodies the route takes: `json` (default) JSON and NDJSON only, anything else 415
     * before it is read; `any` whatever comes (the marketplace sends what it sends); `route` the
     * handler checks the type itself (to keep a refused body for review).
     */
    bodyTypes?: 'json' | 'any' | 'route';
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Longer request targets are answered 414 (Node refuses request lines and headers over 16 KiB with 431). */
export const MAX_URL_LENGTH = 8192;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONNECTIONS = 1024;

// Pages (the docs) may not be framed, run foreign scripts or tell other sites where the user came from.
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; " +
    "form-action 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; " +
    "style-src 'self' 'unsafe-inline'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * A Fastify instance with what every leadflow service shares: correlation ids, problem+json errors
 * (framework and parser errors included), `/healthz`, `/readyz`, `/metrics`, and the OpenAPI document at
 * `/openapi.json` with a docs page at `/docs`. Route schemas are documentation generated from the io-ts
 * definitions that validate requests; validation itself is done by those codecs in the handlers
 * (Fastify's own validator is off). Requests are logged by route pattern, never by URL.
 */
export const buildHttpApp = async (options: HttpAppOptions): Promise<FastifyInstance> => {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new PatternLogController(),
    bodyLimit: options.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 256 },
    // Node checks the request deadline on a timer: every second at most, so a 408 comes on time.
    requestTimeout,
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(
        reply,
        problem(400, 'bad-request', 'the request path or query string is not valid percent-encoded UTF-8', {
          errors: [{ path: '/url', message: `expected valid percent-encoding (${error.code})` }],
        }),
      );
    },
  });
  app.server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  app.setValidatorCompiler(() => () => true);

  const requests = counter(options.registry, 'http_requests_total', 'HTTP requests answered', [
    'route',
    'method',
    'status',
  ]);
  const duration = histogram(options.registry, 'http_request_duration_seconds', 'HTTP request duration', [
    'route',
    'method',
  ]);
  const methods = allowedMethods();
  app.addHook('onRoute', (route) => {
    methods.add(route.url, route.method);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.length > MAX_URL_LENGTH)
      return refuseUnread(
        reply,
        problem(414, 'uri-too-long', `the request target is longer than ${MAX_URL_LENGTH} characters`),
      );
    if (options.openMode === true) {
      const refusal = openModeRefusal(request.headers, request.socket.localPort ?? null);
      if (refusal !== null) return refuseUnread(reply, problem(403, 'forbidden', refusal));
    }
  });
  // After the route's own onRequest hooks (authentication), before the body is read.
  app.addHook('preParsing', async (request, reply, payload) => {
    const bodyTypes = request.routeOptions.config.bodyTypes ?? 'json';
    if (bodyTypes === 'json' && hasBody(request)) {
      const refusal = unsupportedMediaType(request.headers['content-type']);
      if (refusal !== null) {
        await refuseUnread(
          reply,
          problem(415, 'unsupported-media-type', refusal, {
            errors: [{ path: '/headers/content-type', message: refusal }],
          }),
        );
        return payload;
      }
    }
    return payload;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html'))
      for (const [name, value] of Object.entries(PAGE_HEADERS)) reply.header(name, value);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routePattern(request);
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const answer = errorAnswer(error, request.id, options.unavailable);
    if (answer.log === 'warn')
      request.log.warn(
        { code: error.code, reason: error.message },
        'request failed: a server is unreachable',
      );
    if (answer.log === 'error') request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    return sendProblem(reply, answer.problem);
  });
  // The answer never repeats the path: it may hold a secret (a near miss of the marketplace route).
  app.setNotFoundHandler(async (request, reply) => {
    const allow = methods.of(request.url.split('?', 1)[0] ?? '');
    if (allow.length > 0)
      return sendProblem(
        reply.header('allow', allow.join(', ')),
        problem(405, 'method-not-allowed', `this path answers ${allow.join(', ')}`),
      );
    return sendProblem(reply, problem(404, 'not-found', `no route ${request.method} for this path`));
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: openApiTitle(options.service), version: options.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is alive' } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Every dependency answers' } },
    async (_request, reply) => {
      const results = await Promise.all(
        options.readiness.map(async ({ name, check }) => {
          try {
            const answer = await check();
            return typeof answer === 'boolean' ? { name, ready: answer } : { name, ...answer };
          } catch (error) {
            return { name, ready: false, error: (error as Error).message };
          }
        }),
      );
      const ready = results.every((r) => r.ready);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: results });
    },
  );
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
  return app;
};

/** The server settings of a configuration: open mode without tokens, the request timeout, the connection cap. */
export const serverOptionsOf = (
  config: Pick<Config, 'apiTokens' | 'requestTimeoutMs' | 'maxConnections'>,
): Pick<HttpAppOptions, 'openMode' | 'requestTimeoutMs' | 'maxConnections'> => ({
  openMode: config.apiTokens.length === 0,
  requestTimeoutMs: config.requestTimeoutMs,
  maxConnections: config.maxConnections,
});

/** The OpenAPI title: "leadflow" for the whole process, "leadflow <service>" for one service of the stack. */
export const openApiTitle = (service: string): string =>
  service === 'leadflow' ? 'leadflow' : `leadflow ${service}`;
