import { MAX_JSON_NESTING } from '@leadflow/contracts';
import type { IngestOutcome, RejectionReason } from '@leadflow/ingestion';
import { problem, problemProperties, type Problem } from '@leadflow/http';
import type { FastifyReply } from 'fastify';

const DETAILS: Readonly<Record<RejectionReason, string>> = {
  'too-large': 'the lead is larger than the size limit',
  'not-json': 'the body is not a JSON document',
  'too-deep': `the body nests arrays and objects deeper than ${MAX_JSON_NESTING} levels`,
  invalid: 'the lead does not match the marketplace webhook payload or leadflow.raw-lead.v1',
  'idempotency-key-reused': 'this Idempotency-Key was used before for a lead with another body',
  'unsupported-media-type': 'the body is not application/json (or application/x-ndjson for a batch)',
  'invalid-header': 'Idempotency-Key must be 1 to 255 visible ASCII characters',
  'invalid-batch': 'the batch is neither a JSON array of leads nor NDJSON',
};

/** The HTTP status and body for one ingest outcome (202 new, 200 duplicate, 4xx problem). */
export const outcomeResponse = (
  outcome: IngestOutcome<RejectionReason>,
  correlationId: string,
): { status: number; body: Record<string, unknown> | Problem; problem: boolean } => {
  if (outcome.kind === 'accepted') {
    const { leadId, customerId, duplicate } = outcome;
    return { status: duplicate ? 200 : 202, body: { leadId, customerId, duplicate }, problem: false };
  }
  return {
    status: outcome.status,
    body: problem(
      outcome.status,
      outcome.reason === 'invalid' ? 'invalid-lead' : outcome.reason,
      DETAILS[outcome.reason],
      {
        errors: [...outcome.errors],
        rejectionId: outcome.rejectionId,
        correlationId,
      },
    ),
    problem: true,
  };
};

/** Sends an outcome's answer, problem+json when it is a refusal. */
export const sendOutcome = (reply: FastifyReply, response: ReturnType<typeof outcomeResponse>) => {
  if (response.problem) reply.type('application/problem+json');
  return reply.status(response.status).send(response.body);
};

/** OpenAPI fragments shared by the lead routes. */
export const acceptedSchema = {
  type: 'object',
  required: ['leadId', 'customerId', 'duplicate'],
  properties: { leadId: { type: 'string' }, customerId: { type: 'string' }, duplicate: { type: 'boolean' } },
};

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    ...problemProperties,
    rejectionId: { type: 'string' },
    correlationId: { type: 'string' },
  },
};
