import { rawLeadV1JsonSchema } from '@leadflow/contracts';
import type { ApiToken } from '@leadflow/config';
import { hasBody, problem, requireScope, sendProblem, tokenIdOf, unsupportedMediaType } from '@leadflow/http';
import type { IngestRequest, LeadQueries, LeadWriter, Refusal } from '@leadflow/ingestion';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ingestBatch, type BatchLimits } from './batch';
import { isOverLimit, type BodyText } from './bodyText';
import { acceptedSchema, outcomeResponse, problemSchema, sendOutcome } from './leadResponses';

export interface LeadRoutesDeps {
  writer: LeadWriter;
  queries: LeadQueries;
  tokens: ReadonlyArray<ApiToken>;
  maxLeadBytes: number;
  batch: BatchLimits;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const {
  $schema: _s,
  $id: _i,
  $comment: _c,
  examples: _e,
  ...rawLeadSchema
} = rawLeadV1JsonSchema as Record<string, unknown>;

/** The lead body as documented: a canonical raw lead, or a marketplace webhook payload (keys in any case). */
export const leadBodySchema = {
  oneOf: [
    rawLeadSchema,
    {
      type: 'object',
      title: 'marketplace webhook payload',
      description:
        'UserDetails {FirstName, LastName, Email, Phone, Country, Company, Title}, LeadSource, ActionCode, OfferTitle, ' +
        'Description; keys match case-insensitively and every field may be missing, null or empty.',
    },
  ],
};

/** The hard cap on a single-lead request: bodies up to it are read so a too-large lead can be kept (cut) for review. */
export const singleLeadReadLimit = (maxLeadBytes: number) => Math.max(4 * maxLeadBytes, 1024 * 1024);

const idempotencyKeyOf = (request: FastifyRequest): string | null | 'invalid' => {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  return typeof raw === 'string' && IDEMPOTENCY_KEY.test(raw) ? raw : 'invalid';
};

/** Builds the write-path request for a body read as text on an HTTP route. */
export const ingestRequestOf = (
  request: FastifyRequest,
  text: string,
  channel: IngestRequest['channel'],
  idempotencyKey: string | null,
  sender: string | null = null,
): IngestRequest => ({
  text,
  idempotencyKey,
  receivedAt: new Date(),
  correlationId: request.id,
  channel,
  sender,
});

/** The text of a body as read: the whole of it, or the beginning of one over the limit. */
export const textOf = (body: BodyText | undefined): string =>
  body === undefined ? '' : isOverLimit(body) ? body.prefix : body;

/**
 * What the route refuses before the write path sees the lead, kept for review like the write path's
 * own refusals: a body that is not JSON (415), one over the read limit (413), a bad Idempotency-Key.
 */
export const routeRefusal = (
  request: FastifyRequest<{ Body: BodyText }>,
  checks: { idempotencyKey: boolean },
): Refusal | null => {
  const mediaType = hasBody(request) ? unsupportedMediaType(request.headers['content-type']) : null;
  if (mediaType !== null)
    return {
      status: 415,
      reason: 'unsupported-media-type',
      errors: [{ path: '/headers/content-type', message: mediaType }],
    };
  const body = request.body;
  if (isOverLimit(body))
    return {
      status: 413,
      reason: 'too-large',
      errors: [{ path: '', message: `expected a body of at most ${body.limit} bytes` }],
    };
  if (checks.idempotencyKey && idempotencyKeyOf(request) === 'invalid')
    return {
      status: 400,
      reason: 'invalid-header',
      errors: [{ path: '/headers/idempotency-key', message: 'expected 1 to 255 visible ASCII characters' }],
    };
  return null;
};

/** Keeps a refused delivery for review and answers it. */
export const refuseDelivery = async (
  writer: LeadWriter,
  request: FastifyRequest<{ Body: BodyText }>,
  reply: FastifyReply,
  refusal: Refusal,
  channel: IngestRequest['channel'],
) => {
  const outcome = await writer.refuse(ingestRequestOf(request, textOf(request.body), channel, null), refusal);
  return sendOutcome(reply, outcomeResponse(outcome, request.id));
};

/** POST /v1/leads, POST /v1/leads:batch and GET /v1/leads/{leadId}. */
export const leadRoutes = async (app: FastifyInstance, deps: LeadRoutesDeps): Promise<void> => {
  const ingestScope = requireScope(deps.tokens, 'ingest');
  const readScope = requireScope(deps.tokens, 'read');

  app.post<{ Body: BodyText }>(
    '/v1/leads',
    {
      onRequest: ingestScope,
      config: { bodyTypes: 'route' },
      bodyLimit: singleLeadReadLimit(deps.maxLeadBytes),
      schema: {
        tags: ['ingest'],
        summary: 'Submit one lead (marketplace webhook payload or leadflow.raw-lead.v1)',
        security: [{ bearer: [] }],
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
        body: leadBodySchema,
        response: {
          200: acceptedSchema,
          202: acceptedSchema,
          400: problemSchema,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const refusal = routeRefusal(request, { idempotencyKey: true });
      if (refusal !== null) return refuseDelivery(deps.writer, request, reply, refusal, 'http');
      const key = idempotencyKeyOf(request) as string | null;
      const outcome = await deps.writer.ingest(
        ingestRequestOf(request, textOf(request.body), 'http', key, tokenIdOf(deps.tokens, request)),
      );
      return sendOutcome(reply, outcomeResponse(outcome, request.id));
    },
  );

  app.post<{ Body: BodyText }>(
    '/v1/leads::batch',
    {
      onRequest: ingestScope,
      config: { bodyTypes: 'route' },
      bodyLimit: deps.batch.maxBodyBytes,
      schema: {
        tags: ['ingest'],
        summary: `Submit up to ${deps.batch.maxItems} leads as a JSON array or NDJSON; one result per item`,
        security: [{ bearer: [] }],
        body: {
          oneOf: [
            { type: 'array', items: leadBodySchema, maxItems: deps.batch.maxItems },
            { type: 'string' },
          ],
        },
      },
    },
    async (request, reply) => {
      const refusal = routeRefusal(request, { idempotencyKey: false });
      if (refusal !== null) return refuseDelivery(deps.writer, request, reply, refusal, 'http');
      return ingestBatch(request, reply, deps.writer, deps.batch, textOf(request.body), deps.tokens);
    },
  );

  app.get<{ Params: { leadId: string } }>(
    '/v1/leads/:leadId',
    {
      onRequest: readScope,
      schema: {
        tags: ['ingest'],
        summary: 'A stored lead, with the customer it belongs to now (after any merge)',
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { leadId: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request, reply) => {
      const lead = await deps.queries.getLead(request.params.leadId);
      if (lead === null) return sendProblem(reply, problem(404, 'not-found', 'no lead with this id'));
      return {
        leadId: lead.leadId,
        customerId: lead.customerId,
        receivedAt: lead.receivedAt,
        lead: lead.lead,
      };
    },
  );
};
