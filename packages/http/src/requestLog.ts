import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** The route a request matched, as its pattern (`/v1/customers/:id`), or `unmatched`. */
export const routePattern = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * What is logged of a request: its route pattern, method, status and duration. Never the URL: a path
 * can hold a secret (the marketplace route, or a near miss of it) and a query string a search term or
 * a token; nor headers or bodies.
 */
const requestFields = (request: FastifyRequest, reply: FastifyReply) => ({
  route: routePattern(request),
  method: request.method,
  status: reply.statusCode,
  responseTime: reply.elapsedTime,
});

/**
 * Fastify's request logging, by route pattern: one line when a request completes, and errors without
 * the request (the error handler logs a 5xx with its stack; a client error's message can quote the URL).
 */
export class PatternLogController extends LogController {
  constructor() {
    super({});
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) reply.log.error({ ...requestFields(request, reply), code: codeOf(error) }, 'request errored');
    else reply.log.info(requestFields(request, reply), 'request completed');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500)
      reply.log.error({ ...requestFields(request, reply), err: error }, 'request failed');
  }

  override routeNotFound(): void {}

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ ...requestFields(request, reply), code: codeOf(error) }, 'writing the answer failed');
  }
}

const codeOf = (error: Error): string | undefined => (error as { code?: string }).code;
