import { problem, sendProblem } from '@leadflow/http';
import type { LeadWriter } from '@leadflow/ingestion';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ingestRequestOf } from './leads';
import { outcomeResponse } from './leadResponses';

export interface BatchLimits {
  maxItems: number;
  maxBodyBytes: number;
}

/** Splits a batch body into item texts: a JSON array, or NDJSON (one lead per non-empty line). */
export const splitBatch = (text: string): { items: string[] } | { error: string } => {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return { error: `the body starts like a JSON array but does not parse: ${(error as Error).message}` };
    }
    if (!Array.isArray(parsed)) return { error: 'expected a JSON array' };
    return { items: parsed.map((item) => JSON.stringify(item) ?? 'undefined') };
  }
  return { items: text.split('\n').filter((line) => line.trim() !== '') };
};

/**
 * POST /v1/leads:batch: each item goes through the same write path as a single lead, in order
 * (a later item may link customers an earlier one created); the answer lists one result per item.
 */
export const ingestBatch = async (
  request: FastifyRequest<{ Body: string }>,
  reply: FastifyReply,
  writer: LeadWriter,
  limits: BatchLimits,
) => {
  const split = splitBatch(request.body ?? '');
  if ('error' in split) {
    return sendProblem(
      reply,
      problem(400, 'invalid-batch', split.error, { errors: [{ path: '', message: split.error }] }),
    );
  }
  if (split.items.length === 0) {
    return sendProblem(
      reply,
      problem(400, 'invalid-batch', 'the batch holds no lead', {
        errors: [{ path: '', message: 'expected at least one lead' }],
      }),
    );
  }
  if (split.items.length > limits.maxItems) {
    const message = `expected at most ${limits.maxItems} leads, got ${split.items.length}`;
    return sendProblem(reply, problem(413, 'too-large', message, { errors: [{ path: '', message }] }));
  }
  const results: Record<string, unknown>[] = [];
  for (const [index, text] of split.items.entries()) {
    const outcome = await writer.ingest(ingestRequestOf(request, text, 'http', null));
    const response = outcomeResponse(outcome, request.id);
    results.push({ index, ...response.body, status: response.status });
  }
  const accepted = results.filter((r) => (r.status as number) < 300).length;
  return reply.status(200).send({ items: results, accepted, rejected: results.length - accepted });
};
