import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger, Registry } from '@leadflow/observability';
import { counter, histogram } from '@leadflow/observability';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorAnswer } from './errorProblem';
import { problem, sendProblem } from './problem';

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
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A Fastify instance with what every leadflow service shares: correlation ids, problem+json errors,
 * `/healthz`, `/readyz`, `/metrics`, and the OpenAPI document at `/openapi.json` with a docs page at
 * `/docs`. Route schemas are documentation generated from the io-ts definitions that validate requests;
 * validation itself is done by those codecs in the handlers (Fastify's own validator is off).
 */
export const buildHttpApp = async (options: HttpAppOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 256 },
  });
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
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
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
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, problem(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `leadflow ${options.service}`, version: options.version },
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
