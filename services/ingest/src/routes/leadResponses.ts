import type { IngestOutcome } from '@leadflow/ingestion';
import { problem, type Problem } from '@leadflow/http';

/** The HTTP status and body for one ingest outcome (202 new, 200 duplicate, 400/413 problem). */
export const outcomeResponse = (
  outcome: IngestOutcome,
  correlationId: string,
): { status: number; body: Record<string, unknown> | Problem; problem: boolean } => {
  if (outcome.kind === 'accepted') {
    const { leadId, customerId, duplicate } = outcome;
    return { status: duplicate ? 200 : 202, body: { leadId, customerId, duplicate }, problem: false };
  }
  const detail =
    outcome.reason === 'too-large'
      ? 'the lead is larger than the size limit'
      : outcome.reason === 'not-json'
        ? 'the body is not a JSON document'
        : 'the lead does not match the marketplace webhook payload or leadflow.raw-lead.v1';
  return {
    status: outcome.status,
    body: problem(outcome.status, outcome.reason === 'invalid' ? 'invalid-lead' : outcome.reason, detail, {
      errors: [...outcome.errors],
      rejectionId: outcome.rejectionId,
      correlationId,
    }),
    problem: true,
  };
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
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rejectionId: { type: 'string' },
    correlationId: { type: 'string' },
  },
};
