import { customerAsOf } from '@leadflow/analytics';
import { problem, sendProblem } from '@leadflow/http';
import type { FastifyReply } from 'fastify';
import type { QueryDeps } from '../queryDeps';

/** The 404 detail of a time-travel read. */
export const notFoundThen = 'no customer with this id at that time';

/**
 * Answers `GET /v1/customers/{id}?asOf=`: the customer folded from its stream(s) up to the instant, in the
 * live view's shape. 404 before its first lead; an id merged by then answers with its survivor.
 */
export const sendCustomerAsOf = async (deps: QueryDeps, reply: FastifyReply, id: string, asOf: string) => {
  const found = await customerAsOf(deps.store, id, asOf);
  if (found === null) return sendProblem(reply, problem(404, 'not-found', notFoundThen));
  if (found.resolvedFrom !== null)
    reply.header('content-location', `/v1/customers/${found.id}?asOf=${encodeURIComponent(asOf)}`);
  return found.view;
};

/** The ids whose streams make up the customer's timeline as of `until` (itself and those merged into it by then). */
export const timelineIdsAsOf = async (
  deps: QueryDeps,
  id: string,
  until: string,
): Promise<ReadonlyArray<string> | null> => {
  const found = await customerAsOf(deps.store, id, until);
  return found === null ? null : [found.id, ...found.view.aliases];
};
