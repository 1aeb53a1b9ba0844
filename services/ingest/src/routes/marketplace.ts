import { problem, refuseUnread, secretsEqual } from '@leadflow/http';
import type { LeadWriter } from '@leadflow/ingestion';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOverLimit, type BodyText } from './bodyText';
import { ingestRequestOf, leadBodySchema, refuseDelivery, singleLeadReadLimit, textOf } from './leads';
import { acceptedSchema, outcomeResponse, problemSchema, sendOutcome } from './leadResponses';

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
  // The path secret is checked on the headers' arrival, like a token: a wrong one is never read.
  const secretOnPath = async (request: FastifyRequest, reply: FastifyReply) => {
    const { secret } = request.params as { secret: string };
    if (deps.secret === null)
      return refuseUnread(reply, problem(404, 'not-found', 'the marketplace route is not configured'));
    if (!secretsEqual(secret, deps.secret))
      return refuseUnread(reply, problem(401, 'unauthorized', 'wrong marketplace secret'));
  };
  app.post<{ Params: { secret: string }; Body: BodyText }>(
    '/v1/marketplace/:secret',
    {
      onRequest: secretOnPath,
      // The marketplace sends the type it sends: the body is taken as JSON whatever it says.
      config: { bodyTypes: 'any' },
      bodyLimit: singleLeadReadLimit(deps.maxLeadBytes),
      schema: {
        tags: ['ingest'],
        summary: 'The marketplace webhook; the path secret authenticates it',
        params: { type: 'object', properties: { secret: { type: 'string' } } },
        body: leadBodySchema,
        response: { 200: acceptedSchema, 202: acceptedSchema, 400: problemSchema, 413: problemSchema },
      },
    },
    async (request, reply) => {
      if (isOverLimit(request.body))
        return refuseDelivery(
          deps.writer,
          request,
          reply,
          {
            status: 413,
            reason: 'too-large',
            errors: [{ path: '', message: `expected a body of at most ${request.body.limit} bytes` }],
          },
          'marketplace',
        );
      const outcome = await deps.writer.ingest(
        ingestRequestOf(request, textOf(request.body), 'marketplace', null),
      );
      return sendOutcome(reply, outcomeResponse(outcome, request.id));
    },
  );
};
