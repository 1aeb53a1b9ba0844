import { problem, secretsEqual, sendProblem } from '@leadflow/http';
import type { LeadWriter } from '@leadflow/ingestion';
import type { FastifyInstance } from 'fastify';
import { ingestRequestOf, leadBodySchema, singleLeadReadLimit } from './leads';
import { acceptedSchema, outcomeResponse, problemSchema } from './leadResponses';

export interface MarketplaceRouteDeps {
  writer: LeadWriter;
  secret: string | null;
  maxLeadBytes: number;
}

/**
 * POST /v1/marketplace/{secret}: the marketplace's "HTTPS endpoint" lead destination, which cannot
 * send headers, so the path secret authenticates it (compared in constant time). Without a
 * configured secret the route answers 404.
 */
export const marketplaceRoute = async (app: FastifyInstance, deps: MarketplaceRouteDeps): Promise<void> => {
  app.post<{ Params: { secret: string }; Body: string }>(
    '/v1/marketplace/:secret',
    {
      bodyLimit: singleLeadReadLimit(deps.maxLeadBytes),
      // The secret is in the path: no request/response log lines for this route (warnings still log, without the URL).
      logLevel: 'warn',
      schema: {
        tags: ['ingest'],
        summary: 'The marketplace webhook; the path secret authenticates it',
        params: { type: 'object', properties: { secret: { type: 'string' } } },
        body: leadBodySchema,
        response: { 200: acceptedSchema, 202: acceptedSchema, 400: problemSchema, 413: problemSchema },
      },
    },
    async (request, reply) => {
      if (deps.secret === null)
        return sendProblem(reply, problem(404, 'not-found', 'the marketplace route is not configured'));
      if (!secretsEqual(request.params.secret, deps.secret)) {
        return sendProblem(reply, problem(401, 'unauthorized', 'wrong marketplace secret'));
      }
      const outcome = await deps.writer.ingest(
        ingestRequestOf(request, request.body ?? '', 'marketplace', null),
      );
      const response = outcomeResponse(outcome, request.id);
      if (response.problem) reply.type('application/problem+json');
      return reply.status(response.status).send(response.body);
    },
  );
};
