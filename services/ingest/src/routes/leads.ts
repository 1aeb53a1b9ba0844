import { rawLeadV1JsonSchema } from '@leadflow/contracts';
import type { ApiToken } from '@leadflow/config';
import { problem, requireScope, sendProblem } from '@leadflow/http';
import type { IngestRequest, LeadQueries, LeadWriter } from '@leadflow/ingestion';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ingestBatch, type BatchLimits } from './batch';
import { acceptedSchema, outcomeResponse, problemSchema } from './leadResponses';

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
        'Description; keys match case-insensitively and every field may be missing, null or empty (SPEC 1.1).',
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
): IngestRequest => ({ text, idempotencyKey, receivedAt: new Date(), correlationId: request.id, channel });

/** POST /v1/leads, POST /v1/leads:batch and GET /v1/leads/{leadId}. */
export const leadRoutes = async (app: FastifyInstance, deps: LeadRoutesDeps): Promise<void> => {
  const ingestScope = requireScope(deps.tokens, 'ingest');
  const readScope = requireScope(deps.tokens, 'read');

  app.post<{ Body: string }>(
    '/v1/leads',
    {
      preHandler: ingestScope,
      bodyLimit: singleLeadReadLimit(deps.maxLeadBytes),
      schema: {
        tags: ['ingest'],
        summary: 'Submit one lead (marketplace webhook payload or leadflow.raw-lead.v1)',
        security: [{ bearer: [] }],
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
        body: leadBodySchema,
        response: { 200: acceptedSchema, 202: acceptedSchema, 400: problemSchema, 413: problemSchema },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      if (key === 'invalid') {
        return sendProblem(
          reply,
          problem(400, 'invalid-header', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
            errors: [
              { path: '/headers/idempotency-key', message: 'expected 1 to 255 visible ASCII characters' },
            ],
          }),
        );
      }
      const outcome = await deps.writer.ingest(ingestRequestOf(request, request.body ?? '', 'http', key));
      const response = outcomeResponse(outcome, request.id);
      if (response.problem) reply.type('application/problem+json');
      return reply.status(response.status).send(response.body);
    },
  );

  app.post<{ Body: string }>(
    '/v1/leads::batch',
    {
      preHandler: ingestScope,
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
    async (request, reply) => ingestBatch(request, reply, deps.writer, deps.batch),
  );

  app.get<{ Params: { leadId: string } }>(
    '/v1/leads/:leadId',
    {
      preHandler: readScope,
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
