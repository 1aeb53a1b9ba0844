import { isConnectionError } from '@leadflow/eventstore';
import type { ApiToken } from '@leadflow/config';
import { errorAnswer, tokenIdOf } from '@leadflow/http';
import type { LeadWriter, Refusal } from '@leadflow/ingestion';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ingestRequestOf, refuseDelivery } from './leads';
import type { BodyText } from './bodyText';
import { outcomeResponse, sendOutcome } from './leadResponses';

export interface BatchLimits {
  maxItems: number;
  maxBodyBytes: number;
}

/**
 * The texts of a JSON array's items, cut from the array's own text by one scan (strings skipped,
 * brackets counted) without recursion or re-serialising, so any nesting reaches the write path's
 * limit check intact. `text` is a whole array that JSON.parse accepted.
 */
export const arrayItemTexts = (text: string): string[] => {
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (inString) {
      if (unit === 0x5c) i += 1;
      else if (unit === 0x22) inString = false;
      continue;
    }
    if (unit === 0x22) inString = true;
    else if (unit === 0x5b || unit === 0x7b) {
      depth += 1;
      if (depth === 1) {
        start = i + 1;
        continue;
      }
    } else if (unit === 0x5d || unit === 0x7d) {
      depth -= 1;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last !== '' || items.length > 0) items.push(last);
        break;
      }
    } else if (unit === 0x2c && depth === 1) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return items;
};

/** Splits a batch body into item texts: a JSON array, or NDJSON (one lead per non-empty line). */
export const splitBatch = (text: string): { items: string[] } | { error: string } => {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      // V8 parses without recursion (any depth): this only says whether the array is well formed.
      JSON.parse(trimmed);
    } catch (error) {
      return { error: `the body starts like a JSON array but does not parse: ${(error as Error).message}` };
    }
    return { items: arrayItemTexts(trimmed) };
  }
  return { items: text.split('\n').filter((line) => line.trim() !== '') };
};

const batchRefusal = (status: 400 | 413, message: string): Refusal => ({
  status,
  reason: status === 413 ? 'too-large' : 'invalid-batch',
  errors: [{ path: '', message }],
});

/**
 * POST /v1/leads:batch: each item goes through the same write path as a single lead, with the outcome
 * it would have posted alone in its place: items of one person (sharing a dedup or identity key) are
 * written in order (a later item may link customers an earlier one created), the others together.
 * The answer lists one result per item, in input order. Every item is answered: when the write path
 * fails (a server away), the items not yet written are answered with that failure (and are not
 * stored), never dropped from the answer.
 */
export const ingestBatch = async (
  request: FastifyRequest<{ Body: BodyText }>,
  reply: FastifyReply,
  writer: LeadWriter,
  limits: BatchLimits,
  text: string,
  tokens: ReadonlyArray<ApiToken>,
) => {
  const split = splitBatch(text);
  if ('error' in split) return refuseDelivery(writer, request, reply, batchRefusal(400, split.error), 'http');
  if (split.items.length === 0)
    return refuseDelivery(writer, request, reply, batchRefusal(400, 'expected at least one lead'), 'http');
  if (split.items.length > limits.maxItems) {
    const message = `expected at most ${limits.maxItems} leads, got ${split.items.length}`;
    return refuseDelivery(writer, request, reply, batchRefusal(413, message), 'http');
  }
  const sender = tokenIdOf(tokens, request);
  const outcomes = await writer.ingestMany(
    split.items.map((item) => ingestRequestOf(request, item, 'http', null, sender)),
  );
  const results = outcomes.map((outcome, index): Record<string, unknown> => {
    if (outcome.kind !== 'failed') {
      const response = outcomeResponse(outcome, request.id);
      return { index, ...response.body, status: response.status };
    }
    const failure = errorAnswer(outcome.error as Error, request.id, isConnectionError);
    if (outcome.tried) {
      if (failure.log === 'error') request.log.error({ err: outcome.error, index }, 'batch item failed');
      else request.log.warn({ code: (outcome.error as { code?: string }).code, index }, 'batch item failed');
    }
    return { index, ...failure.problem, status: failure.problem.status };
  });
  const accepted = results.filter((r) => (r.status as number) < 300).length;
  return sendOutcome(reply, {
    status: 200,
    body: { items: results, accepted, rejected: results.length - accepted },
    problem: false,
  });
};
